package services.aiapi.model.tasks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import services.aiapi.error.GatewayError;
import services.aiapi.model.TaskState;

/**
 * How each family's answers are read: its envelope ({@code {code, message, data}}, Suno's {@code data} as the id,
 * Midjourney's {@code {code, description, result}}), its id, status and progress fields, where it puts result URLs
 * and failure reasons. Status words are an open set: what is not known is {@link TaskState#UNKNOWN}; missing fields
 * are {@code null}; progress that is not a number is {@code null}.
 */
public final class TaskJson {

	private TaskJson() {
	}

	/**
	 * Return the refusal an answer's envelope carries inside a 200, if it does.
	 * @param tree the answer
	 * @return the refusal as a gateway error (its code typed the usual way: {@code task_not_exist} is a task not
	 * found, a Midjourney ban a content filter ...), or {@code null} when the envelope says success or there is none
	 */
	public static @Nullable GatewayError refusal(JsonNode tree) {
		JsonNode code = tree.path("code");
		// a code that is not a whole number that fits an int (0.01, 1e30) is no code of any family: -1
		int number = (code.isIntegralNumber() && code.canConvertToInt()) ? code.intValue() : -1;
		if (code.isNumber() && tree.has("description")) {
			// Midjourney: 1 submitted, 21 already exists, 22 queued; anything else is a refusal
			int value = number;
			if (value == 1 || value == 21 || value == 22) {
				return null;
			}
			String mapped = switch (value) {
				case 4 -> "invalid_request_error";
				case 23 -> "rate_limit_exceeded";
				case 24 -> "sensitive_words_detected";
				default -> "api_error";
			};
			return error(mapped, "Midjourney refused the task (code " + value + "): " + text(tree, "description"),
					tree);
		}
		if (code.isString() && (tree.has("data") || tree.has("message"))) {
			String value = code.stringValue();
			if (value.equalsIgnoreCase("success") || value.equals("0")) {
				return null;
			}
			String message = text(tree, "message");
			return error(value, (message != null && !message.isBlank()) ? message : "the gateway answered " + value,
					tree);
		}
		if (code.isNumber() && tree.has("data") && number != 0 && number != 200) {
			// Kling's own envelope: 0 is success
			return error("api_error", "the task route answered code " + code.asString() + ": " + text(tree, "message"),
					tree);
		}
		return null;
	}

	private static GatewayError error(String code, String message, JsonNode tree) {
		String type = switch (code) {
			case "invalid_request_error", "rate_limit_exceeded", "api_error" -> code;
			default -> "invalid_request_error";
		};
		return new GatewayError(code, message, type, null, null, tree.toString(), false);
	}

	/**
	 * Read the handle of a task a submit created.
	 * @param family the family it was submitted to
	 * @param model the model it was submitted for, or {@code null}
	 * @param tree the submit's answer
	 * @param now when it was submitted
	 * @return the handle, or {@code null} when the answer names no task id
	 */
	public static @Nullable TaskHandle handle(TaskFamily family, @Nullable String model, JsonNode tree, Instant now) {
		String id = null;
		JsonNode data = tree.path("data");
		if (data.isString() && !data.stringValue().isBlank()) {
			id = data.stringValue();
		}
		else if (tree.path("result").isString() || tree.path("result").isNumber()) {
			id = tree.path("result").asString();
		}
		else {
			JsonNode task = body(tree);
			id = first(task, "task_id", "id");
		}
		if (id == null || id.isBlank()) {
			return null;
		}
		try {
			return new TaskHandle(family, id.strip(), now, model);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Read a task from a poll's answer.
	 * @param handle the task polled
	 * @param tree the answer
	 * @return the task
	 */
	public static Task task(TaskHandle handle, JsonNode tree) {
		JsonNode task = body(tree);
		String status = first(task, "status", "task_status");
		TaskState state = TaskState.of(status);
		List<String> urls = urls(task);
		String failure = first(task, "fail_reason", "failReason");
		if (failure == null) {
			JsonNode error = task.path("error");
			failure = error.isObject() ? text(error, "message") : error.isString() ? error.stringValue() : null;
		}
		if (failure == null && state == TaskState.FAILED) {
			failure = first(task, "task_status_msg", "message", "description");
		}
		if (failure != null && failure.isBlank()) {
			failure = null;
		}
		return new Task(handle, state, status, progress(task.path("progress")), List.copyOf(urls), failure, task);
	}

	// the task inside its envelope: {code, data:{…}} (generic video, Suno, new-api's Kling) or Kling's own
	static JsonNode body(JsonNode tree) {
		JsonNode data = tree.path("data");
		if (data.isObject() && !tree.has("task_id") && !tree.has("status") && !tree.has("task_status")) {
			return data;
		}
		if (data.isArray() && data.size() == 1 && data.get(0).isObject() && !tree.has("status")) {
			// Suno's batch fetch of one
			return data.get(0);
		}
		return tree;
	}

	// Percent done: a number, or text such as "30%"; anything else (words, absurd values) is not a progress
	static @Nullable Integer progress(JsonNode node) {
		double value;
		if (node.isNumber()) {
			value = node.doubleValue();
		}
		else if (node.isString()) {
			String text = node.stringValue().strip();
			if (text.endsWith("%")) {
				text = text.substring(0, text.length() - 1).strip();
			}
			try {
				value = Double.parseDouble(text);
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		else {
			return null;
		}
		if (Double.isNaN(value) || value < 0 || value > 100) {
			return null;
		}
		// 0–1 as a fraction is not told apart from 0–1 %: families report percent
		return (int) Math.round(value);
	}

	private static final String[] URL_FIELDS = { "url", "result_url", "video_url", "audio_url", "image_url",
			"imageUrl", "videoUrl", "audioUrl" };

	// every result URL a family puts in a task: its own fields, metadata.url, Kling's task_result.videos/images,
	// Suno's clips (data[]), Midjourney's imageUrls
	static List<String> urls(JsonNode task) {
		Set<String> urls = new LinkedHashSet<>();
		collect(task, urls);
		collect(task.path("metadata"), urls);
		JsonNode result = task.path("task_result");
		for (String list : new String[] { "videos", "images", "audios" }) {
			for (JsonNode item : result.path(list)) {
				collect(item, urls);
			}
		}
		for (JsonNode clip : task.path("data")) {
			collect(clip, urls);
		}
		for (JsonNode url : task.path("imageUrls")) {
			if (url.isString()) {
				add(url.stringValue(), urls);
			}
			else {
				collect(url, urls);
			}
		}
		return new ArrayList<>(urls);
	}

	private static void collect(JsonNode node, Set<String> urls) {
		if (!node.isObject()) {
			return;
		}
		for (String field : URL_FIELDS) {
			JsonNode value = node.path(field);
			if (value.isString()) {
				add(value.stringValue(), urls);
			}
		}
	}

	private static void add(String url, Set<String> urls) {
		String trimmed = url.strip();
		String lower = trimmed.toLowerCase(Locale.ROOT);
		if (lower.startsWith("https://") || lower.startsWith("http://") || trimmed.startsWith("/")) {
			urls.add(trimmed);
		}
	}

	private static @Nullable String first(JsonNode node, String... fields) {
		for (String field : fields) {
			JsonNode value = node.path(field);
			if (value.isString() && !value.stringValue().isBlank()) {
				return value.stringValue();
			}
			if (value.isNumber()) {
				return value.asString();
			}
		}
		return null;
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.stringValue() : value.isNumber() ? value.asString() : null;
	}

}
