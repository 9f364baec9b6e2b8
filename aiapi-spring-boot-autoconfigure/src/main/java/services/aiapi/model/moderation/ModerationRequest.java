package services.aiapi.model.moderation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@code POST /v1/moderations} request: texts, or text and image parts for a multi-modal model.
 *
 * @param model the moderation model, such as {@code omni-moderation-latest}; {@code null} for the gateway's default
 * @param input a list of texts, or of parts ({@code {"type":"text","text":…}}, {@code {"type":"image_url",
 * "image_url":{"url":…}}})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModerationRequest(@Nullable String model, List<Object> input) {

	public ModerationRequest {
		Assert.notEmpty(input, "Input must not be empty");
		input = List.copyOf(input);
	}

	/**
	 * Moderate texts.
	 * @param model the model, or {@code null}
	 * @param texts the texts
	 * @return the request
	 */
	public static ModerationRequest of(@Nullable String model, String... texts) {
		return new ModerationRequest(model, List.of((Object[]) texts));
	}

	/**
	 * Moderate a text with images.
	 * @param model the model
	 * @param text the text, or {@code null}
	 * @param imageUrls the images' URLs or {@code data:} URLs
	 * @return the request
	 */
	public static ModerationRequest withImages(@Nullable String model, @Nullable String text, String... imageUrls) {
		List<Object> parts = new ArrayList<>();
		if (text != null) {
			parts.add(Map.of("type", "text", "text", text));
		}
		for (String url : imageUrls) {
			parts.add(Map.of("type", "image_url", "image_url", Map.of("url", url)));
		}
		return new ModerationRequest(model, parts);
	}

}
