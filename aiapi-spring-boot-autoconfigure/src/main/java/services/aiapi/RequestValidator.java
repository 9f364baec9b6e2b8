package services.aiapi;

import java.nio.charset.StandardCharsets;
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

	private static final int MAX_NAME_LENGTH = 256;

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

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
		boolean letterOrDigit = false;
		for (int i = 0; i < taskId.length(); i++) {
			char c = taskId.charAt(i);
			boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			letterOrDigit |= alphanumeric;
			if (!(alphanumeric || c == '-' || c == '_' || c == '.' || c == ':')) {
				throw new RequestValidationException("task_id", "invalid task id format");
			}
		}
		// ".", ".." and the like would be read as path segments: GET /v1/videos/.. is another resource
		if (!letterOrDigit || taskId.length() > MAX_NAME_LENGTH) {
			throw new RequestValidationException("task_id", "invalid task id format");
		}
	}

	/**
	 * Check the path of {@code exchange(...)}: relative to the base URL, so the key never goes to another host.
	 * @param path the path
	 */
	static void requireRelativePath(String path) {
		if (!path.startsWith("/") || path.startsWith("//")) {
			throw new RequestValidationException("path",
					"the path must start with a single '/' and is relative to aiapi.base-url; absolute URIs are refused");
		}
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (Character.isISOControl(c) || c == '\\') {
				throw new RequestValidationException("path",
						"the path contains a control character or a backslash at position " + (i + 1));
			}
		}
	}

	/**
	 * Percent-encode what a URI may not contain, literally: braces are not template variables, existing
	 * {@code %XX} escapes are kept.
	 * @param path the path, with an optional query
	 * @return the encoded path
	 */
	static String encodePath(String path) {
		StringBuilder encoded = null;
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			boolean keep = isUriChar(c) || (c == '%' && i + 2 < path.length() && isHex(path.charAt(i + 1))
					&& isHex(path.charAt(i + 2)));
			if (keep) {
				if (encoded != null) {
					encoded.append(c);
				}
				continue;
			}
			if (encoded == null) {
				encoded = new StringBuilder(path.substring(0, i));
			}
			int end = (Character.isHighSurrogate(c) && i + 1 < path.length()) ? i + 2 : i + 1;
			for (byte b : path.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
				encoded.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
			}
			i = end - 1;
		}
		return (encoded != null) ? encoded.toString() : path;
	}

	private static boolean isUriChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
				|| "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
	}

	private static boolean isHex(char c) {
		return Character.digit(c, 16) >= 0 && c < 128;
	}

	private static void requireModel(@Nullable String model) {
		if (model == null || model.isBlank()) {
			throw new RequestValidationException("model",
					"model is required: set it on the request or configure a default model");
		}
		if (model.length() > MAX_NAME_LENGTH) {
			throw new RequestValidationException("model", "model name longer than " + MAX_NAME_LENGTH + " characters");
		}
		for (int i = 0; i < model.length(); i++) {
			if (Character.isISOControl(model.charAt(i))) {
				throw new RequestValidationException("model",
						"model name contains a control character at position " + (i + 1));
			}
		}
	}

	private static void range(String param, @Nullable Double value, double min, double max) {
		if (value != null && (value.isNaN() || value < min || value > max)) {
			throw new RequestValidationException(param,
					param + " out of range: must be between " + min + " and " + max + ", was " + value);
		}
	}

}
