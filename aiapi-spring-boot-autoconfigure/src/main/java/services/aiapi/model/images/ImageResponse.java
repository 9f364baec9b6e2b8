package services.aiapi.model.images;

import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import services.aiapi.model.Usage;

/**
 * The answer to an image generation.
 *
 * @param created creation time, epoch seconds
 * @param data the images
 * @param usage the tokens used, when the model reports them ({@code gpt-image-1})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageResponse(@Nullable Long created, @Nullable List<Image> data, @Nullable ImageUsage usage) {

	/**
	 * One image: a URL or its bytes in base64, whichever the request asked for.
	 *
	 * @param url where the image can be fetched (for a limited time)
	 * @param b64Json the image, base64-encoded
	 * @param revisedPrompt the prompt the model actually used, when it rewrote it
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Image(@Nullable String url, @JsonProperty("b64_json") @Nullable String b64Json,
			@JsonProperty("revised_prompt") @Nullable String revisedPrompt) {

		/**
		 * Whether the image came inline.
		 * @return {@code true} when its bytes are here
		 */
		@JsonIgnore
		public boolean isInline() {
			return this.b64Json != null;
		}

		/**
		 * Return the bytes of an inline image.
		 * @return the decoded bytes
		 * @throws IllegalStateException when the image came as a URL (fetch it with the template's
		 * {@code imageBytes}, which never sends the API key to that host)
		 */
		public byte[] bytes() {
			if (this.b64Json == null) {
				throw new IllegalStateException("The image came as a URL: fetch it with imageBytes(image)");
			}
			return Base64.getMimeDecoder().decode(this.b64Json);
		}

		@Override
		public String toString() {
			return "Image[url=" + this.url + ", b64Json=" + ((this.b64Json != null) ? this.b64Json.length() + " chars" : null)
					+ ", revisedPrompt=" + this.revisedPrompt + "]";
		}

	}

	/**
	 * Tokens an image generation used.
	 *
	 * @param inputTokens tokens of the prompt (text and images)
	 * @param outputTokens tokens of the images generated
	 * @param totalTokens both together
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record ImageUsage(@JsonProperty("input_tokens") @Nullable Integer inputTokens,
			@JsonProperty("output_tokens") @Nullable Integer outputTokens,
			@JsonProperty("total_tokens") @Nullable Integer totalTokens) {

		/**
		 * Return this usage in the chat completions' terms, as the starter's metrics record it.
		 * @return the usage
		 */
		public Usage toUsage() {
			return new Usage(this.inputTokens, this.outputTokens, this.totalTokens);
		}

	}

}
