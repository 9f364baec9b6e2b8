package services.aiapi.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

/**
 * The shapes of OpenAI's chat completion request the simulator accepts, checked with a JSON-schema validator
 * ({@code openai-chat-completion-request.schema.json}, written from the OpenAI API reference): a message, tool,
 * tool choice or response format that OpenAI would refuse gets the 400 the gateway passes on.
 */
final class OpenAiRequestSchema {

	private static final String RESOURCE = "openai-chat-completion-request.schema.json";

	private static final Schema SCHEMA = load();

	private OpenAiRequestSchema() {
	}

	/**
	 * Check a request.
	 * @param request the request body
	 * @return what is wrong, or {@code null} when it fits
	 */
	static String check(JsonNode request) {
		List<Error> errors = SCHEMA.validate(request);
		if (errors.isEmpty()) {
			return null;
		}
		return errors.stream().limit(3).map(Error::toString).collect(Collectors.joining("; "));
	}

	private static Schema load() {
		try (InputStream in = OpenAiRequestSchema.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is missing from the class path");
			}
			return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
