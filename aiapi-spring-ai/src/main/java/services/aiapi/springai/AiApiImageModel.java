package services.aiapi.springai;

import java.util.List;

import org.springframework.ai.image.Image;
import org.springframework.ai.image.ImageGeneration;
import org.springframework.ai.image.ImageModel;
import org.springframework.ai.image.ImageOptions;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;
import org.springframework.util.Assert;

import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.model.images.ImageRequest;

/**
 * Spring AI's {@link ImageModel} on the starter's {@code POST /v1/images/generations}: validation, the
 * charged-on-submit retry, typed errors and metrics as for every starter call.
 */
public class AiApiImageModel implements ImageModel {

	private final ReactiveAiApiOperations operations;

	private final String defaultModel;

	/**
	 * Create a model.
	 * @param operations the starter's reactive operations
	 * @param defaultModel the image model when a prompt names none
	 */
	public AiApiImageModel(ReactiveAiApiOperations operations, String defaultModel) {
		Assert.notNull(operations, "ReactiveAiApiOperations must not be null");
		this.operations = operations;
		this.defaultModel = defaultModel;
	}

	@Override
	public ImageResponse call(ImagePrompt prompt) {
		Assert.notNull(prompt, "Prompt must not be null");
		ImageOptions options = prompt.getOptions();
		StringBuilder text = new StringBuilder();
		prompt.getInstructions().forEach((message) -> text.append((text.length() > 0) ? "\n" : "").append(message.getText()));
		ImageRequest.Builder request = ImageRequest.of(text.toString())
			.model((options != null && options.getModel() != null) ? options.getModel() : this.defaultModel);
		if (options != null) {
			request.n(options.getN()).style(options.getStyle()).responseFormat(options.getResponseFormat());
			if (options.getWidth() != null && options.getHeight() != null) {
				request.size(options.getWidth() + "x" + options.getHeight());
			}
		}
		services.aiapi.model.images.ImageResponse response = this.operations.generateImage(request.build()).block();
		Assert.state(response != null, "The starter returned no images");
		List<ImageGeneration> generations = (response.data() != null) ? response.data()
			.stream()
			.map((image) -> new ImageGeneration(new Image(image.url(), image.b64Json())))
			.toList() : List.of();
		return new ImageResponse(generations);
	}

}
