package services.aiapi.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A {@code POST /v1/videos} request: the gateway queues a video generation task and answers with its id.
 * Quota is charged at submission.
 *
 * @param model the video model
 * @param prompt what to generate (required)
 * @param size the frame size, such as {@code 1280x720}
 * @param seconds the length in seconds, as the model accepts it
 * @param image an input image URL or data URI, for image-to-video models
 * @param metadata channel-specific parameters
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VideoTaskRequest(@Nullable String model, @Nullable String prompt, @Nullable String size,
		@Nullable String seconds, @Nullable String image, @Nullable Map<String, Object> metadata)
		implements services.aiapi.model.tasks.TaskRequest {

	/**
	 * Create a request with a model and a prompt.
	 * @param model the model
	 * @param prompt the prompt
	 * @return the request
	 */
	public static VideoTaskRequest of(String model, String prompt) {
		return new VideoTaskRequest(model, prompt, null, null, null, null);
	}

	@Override
	public services.aiapi.model.tasks.TaskFamily family() {
		return services.aiapi.model.tasks.TaskFamily.OPENAI_VIDEO;
	}

	@Override
	public String path() {
		return "/v1/videos";
	}

	@Override
	public Object body() {
		return this;
	}

	@Override
	public void validate() {
		services.aiapi.model.tasks.TaskRequest.require(services.aiapi.model.tasks.TaskRequest.hasText(this.model),
				"model", "model is required");
		services.aiapi.model.tasks.TaskRequest.require(services.aiapi.model.tasks.TaskRequest.hasText(this.prompt),
				"prompt", "prompt is required");
	}

	@Override
	public int promptLength() {
		return (this.prompt != null) ? this.prompt.length() : 0;
	}

}
