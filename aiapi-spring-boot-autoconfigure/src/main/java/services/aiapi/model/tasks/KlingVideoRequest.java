package services.aiapi.model.tasks;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A Kling video: text to video ({@code /kling/v1/videos/text2video}) or, with an image, image to video
 * ({@code /kling/v1/videos/image2video}).
 *
 * @param modelName the Kling model, such as {@code kling-v1}
 * @param prompt what to show (required for text to video), at most 2,500 characters
 * @param negativePrompt what not to show, or {@code null}
 * @param image the first frame, a URL or base64 (makes it image to video), or {@code null}
 * @param mode {@code std} or {@code pro}, or {@code null}
 * @param aspectRatio such as {@code 16:9}, or {@code null}
 * @param duration seconds: 5 or 10, or {@code null}
 * @param cfgScale how closely to follow the prompt, 0–1, or {@code null}
 */
public record KlingVideoRequest(String modelName, @Nullable String prompt, @Nullable String negativePrompt,
		@Nullable String image, @Nullable String mode, @Nullable String aspectRatio, @Nullable Integer duration,
		@Nullable Double cfgScale) implements TaskRequest {

	/**
	 * A text-to-video request.
	 * @param modelName the model
	 * @param prompt what to show
	 * @return the request
	 */
	public static KlingVideoRequest textToVideo(String modelName, String prompt) {
		return new KlingVideoRequest(modelName, prompt, null, null, null, null, null, null);
	}

	/**
	 * An image-to-video request.
	 * @param modelName the model
	 * @param image the first frame, a URL or base64
	 * @param prompt what happens, or {@code null}
	 * @return the request
	 */
	public static KlingVideoRequest imageToVideo(String modelName, String image, @Nullable String prompt) {
		return new KlingVideoRequest(modelName, prompt, null, image, null, null, null, null);
	}

	@Override
	public TaskFamily family() {
		return (this.image != null) ? TaskFamily.KLING_IMAGE_TO_VIDEO : TaskFamily.KLING_TEXT_TO_VIDEO;
	}

	@Override
	public String path() {
		return (this.image != null) ? "/kling/v1/videos/image2video" : "/kling/v1/videos/text2video";
	}

	@Override
	public @Nullable String model() {
		return this.modelName;
	}

	@Override
	public Object body() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("model_name", this.modelName);
		TaskRequest.put(body, "prompt", this.prompt);
		TaskRequest.put(body, "negative_prompt", this.negativePrompt);
		TaskRequest.put(body, "image", this.image);
		TaskRequest.put(body, "mode", this.mode);
		TaskRequest.put(body, "aspect_ratio", this.aspectRatio);
		TaskRequest.put(body, "duration", (this.duration != null) ? String.valueOf(this.duration) : null);
		TaskRequest.put(body, "cfg_scale", this.cfgScale);
		return body;
	}

	@Override
	public void validate() {
		TaskRequest.require(TaskRequest.hasText(this.modelName), "model_name", "a Kling model is required");
		if (this.image == null) {
			TaskRequest.require(TaskRequest.hasText(this.prompt), "prompt", "text to video needs a prompt");
		}
		else {
			TaskRequest.require(TaskRequest.hasText(this.image), "image", "image to video needs an image");
		}
		TaskRequest.require(this.prompt == null || this.prompt.length() <= 2500, "prompt",
				"at most 2,500 characters");
		TaskRequest.require(this.duration == null || this.duration == 5 || this.duration == 10, "duration",
				"5 or 10 seconds");
		TaskRequest.require(this.cfgScale == null || (this.cfgScale >= 0 && this.cfgScale <= 1), "cfg_scale",
				"between 0 and 1");
		TaskRequest.require(this.mode == null || this.mode.equals("std") || this.mode.equals("pro"), "mode",
				"std or pro");
	}

	@Override
	public int promptLength() {
		return (this.prompt != null) ? this.prompt.length() : 0;
	}

}
