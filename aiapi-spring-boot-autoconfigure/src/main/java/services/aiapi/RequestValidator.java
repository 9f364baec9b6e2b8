package services.aiapi;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import services.aiapi.error.RequestValidationException;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.ChatMessage;
import services.aiapi.model.ContentPart;
import services.aiapi.model.ResponseFormat;
import services.aiapi.model.Tool;
import services.aiapi.model.ToolCall;
import services.aiapi.model.ToolChoice;
import services.aiapi.model.EmbeddingRequest;
import services.aiapi.model.VideoTaskRequest;
import services.aiapi.model.audio.SpeechRequest;
import services.aiapi.model.audio.TranscriptionRequest;
import services.aiapi.model.images.ImageEditRequest;
import services.aiapi.model.images.ImageRequest;
import services.aiapi.model.moderation.RerankRequest;
import services.aiapi.model.messages.MessageParam;
import services.aiapi.model.messages.MessageRequest;
import services.aiapi.model.responses.ResponseRequest;
import services.aiapi.model.responses.ResponseTool;

/**
 * Checks requests against the parameter rules the gateway documents, so a request certain to get a 400 is
 * refused before it is sent (and charged, and counted against the rate limit).
 */
final class RequestValidator {

	private static final int MAX_NAME_LENGTH = 256;

	private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

	private static final Set<String> IMAGE_DETAILS = Set.of("auto", "low", "high");

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private RequestValidator() {
	}

	static void validate(ChatCompletionRequest request) {
		requireModel(request.model());
		List<ChatMessage> messages = request.messages();
		if (messages == null || messages.isEmpty()) {
			throw new RequestValidationException("messages", "messages must be a non-empty array");
		}
		validateMessages(messages);
		validateTools(request);
		validateResponseFormat(request.responseFormat());
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

	private static void validateMessages(List<ChatMessage> messages) {
		Set<String> called = new HashSet<>();
		Set<String> unanswered = new LinkedHashSet<>();
		for (int i = 0; i < messages.size(); i++) {
			ChatMessage message = messages.get(i);
			String at = "invalid message format: messages[" + i + "]";
			if (message == null) {
				throw new RequestValidationException("messages", at + " is null");
			}
			if (message.role() == null || message.role().isBlank()) {
				throw new RequestValidationException("messages", at + " has no role");
			}
			boolean tool = "tool".equals(message.role());
			if (!tool && !unanswered.isEmpty()) {
				throw new RequestValidationException("messages", at + ": an assistant message with tool_calls must be "
						+ "followed by tool messages answering each call; not answered: " + unanswered);
			}
			if (message.contentParts() != null) {
				validateParts(at, message);
			}
			else if (message.content() == null && !("assistant".equals(message.role()) && message.hasToolCalls())) {
				throw new RequestValidationException("messages", at + " has no content");
			}
			if (message.hasToolCalls()) {
				if (!"assistant".equals(message.role())) {
					throw new RequestValidationException("messages", at + ": only assistant messages have tool_calls");
				}
				for (ToolCall call : message.toolCalls()) {
					if (call == null || call.id() == null || call.id().isBlank() || call.name() == null
							|| call.name().isBlank() || call.arguments() == null) {
						throw new RequestValidationException("messages",
								at + ": each tool call needs an id, a function name and arguments");
					}
					called.add(call.id());
					unanswered.add(call.id());
				}
			}
			if (tool) {
				String id = message.toolCallId();
				if (id == null || !called.contains(id)) {
					throw new RequestValidationException("messages", at + ": a tool message must answer a tool call "
							+ "of an earlier assistant message; unknown tool_call_id '" + id + "'");
				}
				unanswered.remove(id);
			}
		}
	}

	private static void validateParts(String at, ChatMessage message) {
		List<ContentPart> parts = message.contentParts();
		if (parts.isEmpty()) {
			throw new RequestValidationException("messages", at + " has an empty content array");
		}
		for (int p = 0; p < parts.size(); p++) {
			ContentPart part = parts.get(p);
			String where = at + ".content[" + p + "]";
			if (part != null && ContentPart.TEXT.equals(part.type()) && part.text() != null) {
				continue;
			}
			if (part == null || !ContentPart.IMAGE_URL.equals(part.type()) || part.imageUrl() == null) {
				throw new RequestValidationException("messages", where + " must be a text or an image_url part");
			}
			if (!"user".equals(message.role())) {
				throw new RequestValidationException("messages", where + ": only user messages may carry images");
			}
			String url = part.imageUrl().url();
			if (url == null || !(url.startsWith("https://") || url.startsWith("http://")
					|| (url.startsWith("data:image/") && url.contains(";base64,")))) {
				throw new RequestValidationException("messages",
						where + ": image_url.url must be an http(s) URL or a data:image/...;base64, URL");
			}
			String detail = part.imageUrl().detail();
			if (detail != null && !IMAGE_DETAILS.contains(detail)) {
				throw new RequestValidationException("messages",
						where + ": image_url.detail must be auto, low or high, was " + detail);
			}
		}
	}

	private static void validateTools(ChatCompletionRequest request) {
		List<Tool> tools = (request.tools() != null) ? request.tools() : List.of();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < tools.size(); i++) {
			Tool tool = tools.get(i);
			if (tool == null || !"function".equals(tool.type()) || tool.function() == null) {
				throw new RequestValidationException("tools", "tools[" + i + "] must be a function tool");
			}
			String name = tool.function().name();
			if (name == null || !NAME.matcher(name).matches()) {
				throw new RequestValidationException("tools", "tools[" + i + "].function.name must be 1 to 64 letters, "
						+ "digits, '_' or '-', was '" + name + "'");
			}
			if (!names.add(name)) {
				throw new RequestValidationException("tools", "tools[" + i + "]: the function name '" + name
						+ "' is defined twice");
			}
			Map<String, Object> parameters = tool.function().parameters();
			if (parameters != null && parameters.get("type") != null && !"object".equals(parameters.get("type"))) {
				throw new RequestValidationException("tools",
						"tools[" + i + "].function.parameters must be a JSON schema of type object");
			}
		}
		ToolChoice choice = request.toolChoice();
		if (choice != null && choice.functionName() != null && !names.contains(choice.functionName())) {
			throw new RequestValidationException("tool_choice",
					"tool_choice names the function '" + choice.functionName() + "', which is not among the tools");
		}
		if (tools.isEmpty() && ToolChoice.REQUIRED.equals(choice)) {
			throw new RequestValidationException("tool_choice", "tool_choice 'required' needs tools");
		}
		if (tools.isEmpty() && request.parallelToolCalls() != null) {
			throw new RequestValidationException("parallel_tool_calls",
					"parallel_tool_calls is only allowed when tools are specified");
		}
	}

	private static void validateResponseFormat(@Nullable ResponseFormat format) {
		if (format == null) {
			return;
		}
		switch (String.valueOf(format.type())) {
			case "text", "json_object" -> {
			}
			case "json_schema" -> {
				if (format.jsonSchema() == null || format.jsonSchema().name() == null
						|| !NAME.matcher(format.jsonSchema().name()).matches()) {
					throw new RequestValidationException("response_format",
							"response_format.json_schema needs a name of 1 to 64 letters, digits, '_' or '-'");
				}
				if (format.jsonSchema().schema() == null) {
					throw new RequestValidationException("response_format", "response_format.json_schema needs a schema");
				}
			}
			default -> throw new RequestValidationException("response_format",
					"response_format.type must be text, json_object or json_schema, was " + format.type());
		}
	}

	static void validate(ResponseRequest request) {
		requireModel(request.model());
		Object input = request.input();
		if (input == null || (input instanceof String text && text.isEmpty())
				|| (input instanceof List<?> items && items.isEmpty())) {
			if (request.previousResponseId() == null) {
				throw new RequestValidationException("input", "input must be a non-empty text or array of items");
			}
		}
		if (input instanceof List<?> items) {
			for (int i = 0; i < items.size(); i++) {
				if (items.get(i) == null) {
					throw new RequestValidationException("input", "input[" + i + "] is null");
				}
			}
		}
		if (request.maxOutputTokens() != null && request.maxOutputTokens() <= 0) {
			throw new RequestValidationException("max_output_tokens",
					"max_output_tokens must be a positive integer, was " + request.maxOutputTokens());
		}
		if (request.tools() != null) {
			for (int i = 0; i < request.tools().size(); i++) {
				ResponseTool tool = request.tools().get(i);
				if (tool == null || ("function".equals(tool.type())
						&& (tool.name() == null || !NAME.matcher(tool.name()).matches()))) {
					throw new RequestValidationException("tools",
							"tools[" + i + "]: a function tool needs a name of 1-64 letters, digits, _ or -");
				}
			}
		}
		range("temperature", request.temperature(), 0, 2);
		range("top_p", request.topP(), 0, 1);
	}

	static void validate(MessageRequest request) {
		requireModel(request.model());
		if (request.maxTokens() == null || request.maxTokens() <= 0) {
			throw new RequestValidationException("max_tokens",
					"max_tokens is required by the Messages API and must be a positive integer, was "
							+ request.maxTokens());
		}
		List<MessageParam> messages = request.messages();
		if (messages == null || messages.isEmpty()) {
			throw new RequestValidationException("messages", "messages must be a non-empty array");
		}
		for (int i = 0; i < messages.size(); i++) {
			MessageParam message = messages.get(i);
			if (message == null || !("user".equals(message.role()) || "assistant".equals(message.role()))) {
				throw new RequestValidationException("messages",
						"messages[" + i + "]: the role must be user or assistant (the system prompt is 'system')");
			}
			if (message.content().isEmpty()) {
				throw new RequestValidationException("messages", "messages[" + i + "] has no content");
			}
		}
		if (request.thinking() != null && "enabled".equals(request.thinking().type())) {
			Integer budget = request.thinking().budgetTokens();
			if (budget == null || budget < 1024 || budget >= request.maxTokens()) {
				throw new RequestValidationException("thinking.budget_tokens",
						"thinking.budget_tokens must be at least 1024 and less than max_tokens, was " + budget);
			}
		}
		range("temperature", request.temperature(), 0, 1);
		range("top_p", request.topP(), 0, 1);
		if (request.topK() != null && request.topK() <= 0) {
			throw new RequestValidationException("top_k", "top_k must be a positive integer, was " + request.topK());
		}
	}

	static void validate(ImageRequest request) {
		requireModel(request.model());
		if (request.prompt() == null || request.prompt().isBlank()) {
			throw new RequestValidationException("prompt", "prompt is required");
		}
		if (request.n() != null && (request.n() < 1 || request.n() > 10)) {
			throw new RequestValidationException("n", "n must be between 1 and 10, was " + request.n());
		}
		if (request.responseFormat() != null && !Set.of("url", "b64_json").contains(request.responseFormat())) {
			throw new RequestValidationException("response_format",
					"response_format must be url or b64_json, was " + request.responseFormat());
		}
	}

	private static final Set<String> SPEECH_FORMATS = Set.of("mp3", "opus", "aac", "flac", "wav", "pcm");

	private static final Set<String> TRANSCRIPTION_FORMATS = Set.of("json", "verbose_json", "text", "srt", "vtt");

	static void validate(SpeechRequest request) {
		requireModel(request.model());
		if (request.input() == null || request.input().isBlank()) {
			throw new RequestValidationException("input", "input is required");
		}
		if (request.input().length() > 4096) {
			throw new RequestValidationException("input",
					"input must be at most 4096 characters, was " + request.input().length());
		}
		if (request.voice() == null || request.voice().isBlank()) {
			throw new RequestValidationException("voice", "voice is required");
		}
		if (request.responseFormat() != null && !SPEECH_FORMATS.contains(request.responseFormat())) {
			throw new RequestValidationException("response_format",
					"response_format must be one of " + SPEECH_FORMATS + ", was " + request.responseFormat());
		}
		range("speed", request.speed(), 0.25, 4);
	}

	static void validate(TranscriptionRequest request) {
		requireModel(request.model());
		if (request.responseFormat() != null && !TRANSCRIPTION_FORMATS.contains(request.responseFormat())) {
			throw new RequestValidationException("response_format",
					"response_format must be one of " + TRANSCRIPTION_FORMATS + ", was " + request.responseFormat());
		}
		range("temperature", request.temperature(), 0, 1);
	}

	static void validate(ImageEditRequest request) {
		requireModel(request.model());
		if (request.prompt() == null || request.prompt().isBlank()) {
			throw new RequestValidationException("prompt", "prompt is required");
		}
		if (request.images().isEmpty()) {
			throw new RequestValidationException("image", "at least one image is required");
		}
		if (request.n() != null && (request.n() < 1 || request.n() > 10)) {
			throw new RequestValidationException("n", "n must be between 1 and 10, was " + request.n());
		}
	}

	static void validate(RerankRequest request) {
		requireModel(request.model());
		if (request.query().isBlank()) {
			throw new RequestValidationException("query", "query must not be empty");
		}
		if (request.documents().isEmpty()) {
			throw new RequestValidationException("documents", "documents must be a non-empty array");
		}
		if (request.topN() != null && request.topN() < 1) {
			throw new RequestValidationException("top_n", "top_n must be a positive integer, was " + request.topN());
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
