package services.aiapi.model.tasks;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * new-api's generic video task, {@code POST /v1/video/generations}, for any video model the gateway routes
 * (and OpenAI's remix of a finished video, {@code POST /v1/videos/{id}/remix}, with {@link #remix}).
 *
 * @param model the model
 * @param prompt what to show
 * @param size such as {@code 1280x720}, or {@code null}
 * @param seconds the length, or {@code null}
 * @param image a first frame (URL or base64), or {@code null}
 * @param metadata what the channel takes beside, or {@code null}
 * @param remixOf the finished OpenAI video to remix, or {@code null}
 */
public record VideoGenerationRequest(String model, String prompt, @Nullable String size, @Nullable Integer seconds,
		@Nullable String image, @Nullable Map<String, Object> metadata, @Nullable String remixOf)
		implements TaskRequest {

	/**
	 * A video from a prompt.
	 * @param model the model
	 * @param prompt the prompt
	 * @return the request
	 */
	public static VideoGenerationRequest of(String model, String prompt) {
		return new VideoGenerationRequest(model, prompt, null, null, null, null, null);
	}

	/**
	 * A remix of a finished OpenAI video ({@code POST /v1/videos/{id}/remix}).
	 * @param videoId the finished video
	 * @param prompt what to change
	 * @return the request
	 */
	public static VideoGenerationRequest remix(String videoId, String prompt) {
		return new VideoGenerationRequest("", prompt, null, null, null, null, videoId);
	}

	@Override
	public TaskFamily family() {
		return (this.remixOf != null) ? TaskFamily.OPENAI_VIDEO : TaskFamily.VIDEO_GENERATION;
	}

	@Override
	public String path() {
		return (this.remixOf != null) ? "/v1/videos/" + this.remixOf + "/remix" : "/v1/video/generations";
	}

	@Override
	public @Nullable String model() {
		return (this.remixOf != null) ? null : this.model;
	}

	@Override
	public Object body() {
		Map<String, Object> body = new LinkedHashMap<>();
		if (this.remixOf == null) {
			body.put("model", this.model);
		}
		body.put("prompt", this.prompt);
		TaskRequest.put(body, "size", this.size);
		TaskRequest.put(body, "seconds", this.seconds);
		TaskRequest.put(body, "image", this.image);
		TaskRequest.put(body, "metadata", this.metadata);
		return body;
	}

	@Override
	public void validate() {
		if (this.remixOf != null) {
			TaskRequest.require(!this.remixOf.isBlank() && this.remixOf.chars().noneMatch((c) -> c == '/' || c <= ' '),
					"video_id", "the finished video's id");
		}
		else {
			TaskRequest.require(TaskRequest.hasText(this.model), "model", "a model is required");
		}
		TaskRequest.require(TaskRequest.hasText(this.prompt), "prompt", "a prompt is required");
		TaskRequest.require(this.seconds == null || (this.seconds > 0 && this.seconds <= 60), "seconds",
				"between 1 and 60");
	}

	@Override
	public int promptLength() {
		return this.prompt.length();
	}

}
