package services.aiapi.model.responses;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A content part: of an input message ({@code input_text}, {@code input_image}), of an output message
 * ({@code output_text}, {@code refusal}), or of a reasoning item's summary ({@code summary_text}).
 *
 * @param type the part's type
 * @param text the text ({@code input_text}, {@code output_text}, {@code summary_text})
 * @param refusal the refusal's text ({@code refusal})
 * @param imageUrl an image's URL or data URL ({@code input_image})
 * @param annotations citations of an {@code output_text}, as the API sends them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResponseContent(@Nullable String type, @Nullable String text, @Nullable String refusal,
		@JsonProperty("image_url") @Nullable String imageUrl, @Nullable List<Object> annotations) {

	/**
	 * An input text part.
	 * @param text the text
	 * @return the part
	 */
	public static ResponseContent inputText(String text) {
		return new ResponseContent("input_text", text, null, null, null);
	}

	/**
	 * An input image part.
	 * @param imageUrl the image's URL, or a {@code data:} URL
	 * @return the part
	 */
	public static ResponseContent inputImage(String imageUrl) {
		return new ResponseContent("input_image", null, null, imageUrl, null);
	}

}
