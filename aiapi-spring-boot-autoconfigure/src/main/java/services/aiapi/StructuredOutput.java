package services.aiapi;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import services.aiapi.error.StructuredOutputException;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.ChatMessage;
import services.aiapi.model.responses.Response;
import services.aiapi.model.responses.ResponseRequest;

/**
 * Asks for an answer as a Java type and reads it: a strict {@code json_schema} derived from the type, then the
 * answer's content read strictly (every property present, none unknown). Anything else is a
 * {@link StructuredOutputException} with the raw text.
 */
final class StructuredOutput {

	private final JsonMapper mapper;

	StructuredOutput(JsonMapper mapper) {
		this.mapper = mapper.rebuild()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.build();
	}

	static ChatCompletionRequest request(ChatCompletionRequest request, Class<?> type) {
		return (request.responseFormat() != null) ? request
				: request.withResponseFormat(JsonSchemas.responseFormat(type));
	}

	<T> T read(ChatCompletion completion, Class<T> type) {
		ChatMessage message = completion.message();
		return read((message != null) ? message.content() : null, (message != null) ? message.refusal() : null,
				message != null && message.hasToolCalls(), completion.finishReason(), completion.id(), type);
	}

	static ResponseRequest request(ResponseRequest request, Class<?> type) {
		return (request.text() != null) ? request
				: request.withText(ResponseRequest.TextConfig.jsonSchema(JsonSchemas.name(type), JsonSchemas.of(type)));
	}

	<T> T read(Response response, Class<T> type) {
		String text = response.outputText();
		String stop = response.isIncomplete() ? ((response.incompleteDetails() != null
				&& "content_filter".equals(response.incompleteDetails().reason())) ? "content_filter" : "length")
				: null;
		return read(text.isEmpty() ? null : text, response.refusal(), !response.functionCalls().isEmpty(), stop,
				response.id(), type);
	}

	private <T> T read(@Nullable String content, @Nullable String refusal, boolean calledTools,
			@Nullable String finishReason, @Nullable String id, Class<T> type) {
		if (refusal != null && !refusal.isEmpty()) {
			throw new StructuredOutputException("The model refused: " + refusal, content, type, finishReason, id,
					null);
		}
		if (content == null || content.isBlank()) {
			String what = calledTools ? "The model called tools instead of answering" : "The answer has no content";
			throw new StructuredOutputException(what, content, type, finishReason, id, null);
		}
		if ("length".equals(finishReason) || "content_filter".equals(finishReason)) {
			throw new StructuredOutputException("The answer was cut short", content, type, finishReason, id, null);
		}
		try {
			return this.mapper.readValue(unfenced(content), type);
		}
		catch (JacksonException ex) {
			throw new StructuredOutputException("The answer does not fit the type: " + ex.getOriginalMessage(),
					content, type, finishReason, id, ex);
		}
	}

	// a model in JSON mode without a schema sometimes wraps its JSON in a Markdown fence
	private static String unfenced(String content) {
		String trimmed = content.strip();
		if (trimmed.startsWith("```") && trimmed.endsWith("```") && trimmed.length() >= 6) {
			int firstLine = trimmed.indexOf('\n');
			if (firstLine > 0) {
				return trimmed.substring(firstLine + 1, trimmed.length() - 3);
			}
		}
		return trimmed;
	}

}
