package services.aiapi.model.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A Midjourney task (the midjourney-proxy protocol): imagine, an action on a finished task's button, blend or
 * describe.
 *
 * @param action {@code imagine}, {@code action}, {@code blend} or {@code describe}
 * @param body what is posted to {@code /mj/submit/<action>}
 */
public record MidjourneyRequest(String action, Map<String, Object> body) implements TaskRequest {

	/**
	 * Draw from a prompt.
	 * @param prompt the prompt, Midjourney's parameters included
	 * @return the request
	 */
	public static MidjourneyRequest imagine(String prompt) {
		return new MidjourneyRequest("imagine", Map.of("prompt", prompt));
	}

	/**
	 * Press a button of a finished task (upscale, variation, reroll …).
	 * @param taskId the finished task
	 * @param customId the button's {@code customId}, from the task's {@code buttons}
	 * @return the request
	 */
	public static MidjourneyRequest action(String taskId, String customId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("taskId", taskId);
		body.put("customId", customId);
		return new MidjourneyRequest("action", body);
	}

	/**
	 * Blend two to five images.
	 * @param base64Images the images, as data URLs or base64
	 * @param dimensions {@code PORTRAIT}, {@code SQUARE} or {@code LANDSCAPE}, or {@code null}
	 * @return the request
	 */
	public static MidjourneyRequest blend(List<String> base64Images, @Nullable String dimensions) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("base64Array", List.copyOf(base64Images));
		if (dimensions != null) {
			body.put("dimensions", dimensions);
		}
		return new MidjourneyRequest("blend", body);
	}

	/**
	 * Describe an image in prompts.
	 * @param base64Image the image, as a data URL or base64
	 * @return the request
	 */
	public static MidjourneyRequest describe(String base64Image) {
		return new MidjourneyRequest("describe", Map.of("base64", base64Image));
	}

	@Override
	public TaskFamily family() {
		return TaskFamily.MIDJOURNEY;
	}

	@Override
	public String path() {
		return "/mj/submit/" + this.action;
	}

	@Override
	public @Nullable String model() {
		return "midjourney";
	}

	@Override
	public void validate() {
		switch (this.action) {
			case "imagine" -> TaskRequest.require(this.body.get("prompt") instanceof String prompt
					&& !prompt.isBlank() && prompt.length() <= 4000, "prompt", "a prompt of at most 4,000 characters");
			case "action" -> {
				TaskRequest.require(this.body.get("taskId") instanceof String id && !id.isBlank(), "taskId",
						"the task whose button is pressed");
				TaskRequest.require(this.body.get("customId") instanceof String id && !id.isBlank(), "customId",
						"the button's customId");
			}
			case "blend" -> TaskRequest.require(this.body.get("base64Array") instanceof List<?> images
					&& images.size() >= 2 && images.size() <= 5, "base64Array", "two to five images");
			case "describe" -> TaskRequest.require(this.body.get("base64") instanceof String image && !image.isBlank(),
					"base64", "an image");
			default -> TaskRequest.require(false, "action", "imagine, action, blend or describe");
		}
	}

	@Override
	public int promptLength() {
		return (this.body.get("prompt") instanceof String prompt) ? prompt.length() : 0;
	}

}
