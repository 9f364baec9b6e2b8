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
 * The request shapes the simulator accepts, checked with a JSON-schema validator against schemas written from
 * the providers' API references: OpenAI's chat completion ({@code openai-chat-completion-request.schema.json}),
 * OpenAI's Responses API ({@code openai-responses-request.schema.json}), Anthropic's Messages API
 * ({@code anthropic-messages-request.schema.json}), OpenAI's images, speech and moderation requests, and the
 * Jina/Cohere rerank request. A request the provider would refuse gets the 400 the gateway
 * passes on, so every test through the simulator checks the starter's requests.
 */
final class OpenAiRequestSchema {

	private static final Schema SCHEMA = load("openai-chat-completion-request.schema.json");

	static final OpenAiRequestSchema RESPONSES = new OpenAiRequestSchema(load("openai-responses-request.schema.json"));

	static final OpenAiRequestSchema MESSAGES = new OpenAiRequestSchema(
			load("anthropic-messages-request.schema.json"));

	static final OpenAiRequestSchema IMAGES = new OpenAiRequestSchema(load("openai-images-request.schema.json"));

	static final OpenAiRequestSchema SPEECH = new OpenAiRequestSchema(load("openai-speech-request.schema.json"));

	static final OpenAiRequestSchema MODERATION = new OpenAiRequestSchema(
			load("openai-moderation-request.schema.json"));

	static final OpenAiRequestSchema RERANK = new OpenAiRequestSchema(load("rerank-request.schema.json"));

	private final Schema schema;

	private OpenAiRequestSchema(Schema schema) {
		this.schema = schema;
	}

	/**
	 * Check a request against this schema.
	 * @param request the request body
	 * @return what is wrong, or {@code null} when it fits
	 */
	String checkAgainst(JsonNode request) {
		return check(this.schema, request);
	}

	/**
	 * Check a request.
	 * @param request the request body
	 * @return what is wrong, or {@code null} when it fits
	 */
	static String check(JsonNode request) {
		return check(SCHEMA, request);
	}

	private static String check(Schema schema, JsonNode request) {
		List<Error> errors = schema.validate(request);
		if (errors.isEmpty()) {
			return null;
		}
		return errors.stream().limit(3).map(Error::toString).collect(Collectors.joining("; "));
	}

	private static Schema load(String resource) {
		try (InputStream in = OpenAiRequestSchema.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException(resource + " is missing from the class path");
			}
			return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
