package services.aiapi.model;

import java.util.Base64;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One part of a message's content: text, or an image by URL ({@code https:} or a {@code data:} URL).
 *
 * @param type {@code text} or {@code image_url}
 * @param text the text, for a {@code text} part
 * @param imageUrl the image, for an {@code image_url} part
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContentPart(@Nullable String type, @Nullable String text,
		@JsonProperty("image_url") @Nullable ImageUrl imageUrl) {

	/** The {@code text} part type. */
	public static final String TEXT = "text";

	/** The {@code image_url} part type. */
	public static final String IMAGE_URL = "image_url";

	/**
	 * Create a text part.
	 * @param text the text
	 * @return the part
	 */
	public static ContentPart text(String text) {
		return new ContentPart(TEXT, text, null);
	}

	/**
	 * Create an image part from a URL the provider fetches.
	 * @param url an {@code https:} URL or a {@code data:} URL
	 * @return the part
	 */
	public static ContentPart imageUrl(String url) {
		return imageUrl(url, null);
	}

	/**
	 * Create an image part from a URL with a detail level.
	 * @param url an {@code https:} URL or a {@code data:} URL
	 * @param detail {@code auto}, {@code low} or {@code high}; {@code null} for the provider's default
	 * @return the part
	 */
	public static ContentPart imageUrl(String url, @Nullable String detail) {
		return new ContentPart(IMAGE_URL, null, new ImageUrl(url, detail));
	}

	/**
	 * Create an image part that carries the image itself, as a base64 {@code data:} URL.
	 * @param data the image bytes
	 * @param mediaType the image's media type, such as {@code image/png}
	 * @return the part
	 */
	public static ContentPart image(byte[] data, String mediaType) {
		return imageUrl("data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(data));
	}

	/**
	 * An image reference.
	 *
	 * @param url an {@code https:} URL or a {@code data:} URL
	 * @param detail {@code auto}, {@code low} or {@code high}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record ImageUrl(@Nullable String url, @Nullable String detail) {

		@Override
		public String toString() {
			// a data: URL can be megabytes; say what it is instead
			String shown = (this.url != null && this.url.startsWith("data:"))
					? this.url.substring(0, Math.max(5, Math.min(this.url.indexOf(','), 64))) + ",…("
							+ this.url.length() + " chars)"
					: this.url;
			return "ImageUrl[url=" + shown + ", detail=" + this.detail + "]";
		}

	}

}
