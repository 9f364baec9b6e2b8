package services.aiapi;

import java.util.List;

import org.jspecify.annotations.Nullable;

import services.aiapi.error.RequestValidationException;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.ChatMessage;
import services.aiapi.model.EmbeddingRequest;
import services.aiapi.model.VideoTaskRequest;

/**
 * Checks requests against the parameter rules the gateway documents, so a request certain to get a 400 is
 * refused before it is sent (and charged, and counted against the rate limit).
 */
final class RequestValidator {

	private RequestValidator() {
	}

	static void validate(ChatCompletionRequest request) {
		requireModel(request.model());
		List<ChatMessage> messages = request.messages();
		if (messages == null || messages.isEmpty()) {
			throw new RequestValidationException("messages", "messages must be a non-empty array");
		}
		for (int i = 0; i < messages.size(); i++) {
			ChatMessage message = messages.get(i);
			if (message == null) {
				throw new RequestValidationException("messages", "invalid message format: messages[" + i + "] is null");
			}
			if (message.role() == null || message.role().isBlank()) {
				throw new RequestValidationException("messages",
						"invalid message format: messages[" + i + "] has no role");
			}
			if (message.content() == null) {
				throw new RequestValidationException("messages",
						"invalid message format: messages[" + i + "] has no content");
			}
		}
		if (request.maxTokens() != null && request.maxTokens() <= 0) {
			throw new RequestValidationException("max_tokens",
					"max_tokens must be a positive integer, was " + request.maxTokens());
		}
		range("temperature", request.temperature(), 0, 2);
		range("top_p", request.topP(), 0, 1);
		range("presence_penalty", request.presencePenalty(), -2, 2);
		range("frequency_penalty", request.frequencyPenalty(), -2, 2);
		if (request.n() != null && request.n() <= 0) {
			throw new RequestValidationException("n", "n must be a positive integer, was " + request.n());
		}
	}

	static void validate(EmbeddingRequest request) {
		requireModel(request.model());
		if (request.input() == null || request.input().isEmpty()) {
			throw new RequestValidationException("input", "input must be a non-empty array of strings");
		}
		for (int i = 0; i < request.input().size(); i++) {
			String input = request.input().get(i);
			if (input == null || input.isEmpty()) {
				throw new RequestValidationException("input", "input[" + i + "] must be a non-empty string");
			}
		}
	}

	static void validate(VideoTaskRequest request) {
		requireModel(request.model());
		if (request.prompt() == null || request.prompt().isBlank()) {
			throw new RequestValidationException("prompt", "prompt is required");
		}
	}

	static void requireTaskId(@Nullable String taskId) {
		if (taskId == null || taskId.isBlank()) {
			throw new RequestValidationException("task_id", "a task id is required");
		}
		for (int i = 0; i < taskId.length(); i++) {
			char c = taskId.charAt(i);
			if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == ':')) {
				throw new RequestValidationException("task_id", "invalid task id format");
			}
		}
	}

	private static void requireModel(@Nullable String model) {
		if (model == null || model.isBlank()) {
			throw new RequestValidationException("model",
					"model is required: set it on the request or configure a default model");
		}
	}

	private static void range(String param, @Nullable Double value, double min, double max) {
		if (value != null && (value.isNaN() || value < min || value > max)) {
			throw new RequestValidationException(param,
					param + " out of range: must be between " + min + " and " + max + ", was " + value);
		}
	}

}
