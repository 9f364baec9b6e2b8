package services.aiapi.model.images;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@code POST /v1/images/generations} request. Build one with {@link #of(String)} or {@link #builder()}.
 *
 * @param model the image model (required: the gateway picks its channel by it)
 * @param prompt what to draw (required)
 * @param n how many images (1 to 10)
 * @param size such as {@code 1024x1024}, {@code 1536x1024} or {@code auto}
 * @param quality such as {@code standard}, {@code hd}, {@code low}, {@code medium}, {@code high} or {@code auto}
 * @param style {@code vivid} or {@code natural} (DALL·E 3)
 * @param background {@code transparent}, {@code opaque} or {@code auto}
 * @param outputFormat {@code png}, {@code jpeg} or {@code webp}
 * @param responseFormat {@code url} or {@code b64_json}
 * @param user an end-user id for abuse monitoring
 * @param extra further top-level parameters
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageRequest(@Nullable String model, @Nullable String prompt, @Nullable Integer n,
		@Nullable String size, @Nullable String quality, @Nullable String style, @Nullable String background,
		@JsonProperty("output_format") @Nullable String outputFormat,
		@JsonProperty("response_format") @Nullable String responseFormat, @Nullable String user,
		@JsonIgnore @Nullable Map<String, Object> extra) {

	/**
	 * Return the extra parameters, written as top-level JSON fields.
	 * @return the extra parameters (empty when none)
	 */
	@JsonAnyGetter
	public Map<String, Object> extraParameters() {
		return (this.extra != null) ? this.extra : Map.of();
	}

	/**
	 * Start a request.
	 * @param prompt what to draw
	 * @return a builder
	 */
	public static Builder of(String prompt) {
		return builder().prompt(prompt);
	}

	/**
	 * Start a request.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return a copy with the given model.
	 * @param model the model
	 * @return the copy
	 */
	public ImageRequest withModel(String model) {
		return new ImageRequest(model, this.prompt, this.n, this.size, this.quality, this.style, this.background,
				this.outputFormat, this.responseFormat, this.user, this.extra);
	}

	/**
	 * Builds an {@link ImageRequest}.
	 */
	public static final class Builder {

		private @Nullable String model;

		private @Nullable String prompt;

		private @Nullable Integer n;

		private @Nullable String size;

		private @Nullable String quality;

		private @Nullable String style;

		private @Nullable String background;

		private @Nullable String outputFormat;

		private @Nullable String responseFormat;

		private @Nullable String user;

		private final Map<String, Object> extra = new LinkedHashMap<>();

		private Builder() {
		}

		public Builder model(@Nullable String model) {
			this.model = model;
			return this;
		}

		public Builder prompt(@Nullable String prompt) {
			this.prompt = prompt;
			return this;
		}

		public Builder n(@Nullable Integer n) {
			this.n = n;
			return this;
		}

		public Builder size(@Nullable String size) {
			this.size = size;
			return this;
		}

		public Builder quality(@Nullable String quality) {
			this.quality = quality;
			return this;
		}

		public Builder style(@Nullable String style) {
			this.style = style;
			return this;
		}

		public Builder background(@Nullable String background) {
			this.background = background;
			return this;
		}

		public Builder outputFormat(@Nullable String outputFormat) {
			this.outputFormat = outputFormat;
			return this;
		}

		/**
		 * Ask for the images as URLs ({@code url}) or inline ({@code b64_json}).
		 * @param responseFormat the form
		 * @return this builder
		 */
		public Builder responseFormat(@Nullable String responseFormat) {
			this.responseFormat = responseFormat;
			return this;
		}

		public Builder user(@Nullable String user) {
			this.user = user;
			return this;
		}

		/**
		 * Add a parameter the record does not name, sent as a top-level JSON field.
		 * @param name the parameter
		 * @param value its value
		 * @return this builder
		 */
		public Builder extra(String name, Object value) {
			Assert.hasText(name, "Name must not be empty");
			this.extra.put(name, value);
			return this;
		}

		public ImageRequest build() {
			return new ImageRequest(this.model, this.prompt, this.n, this.size, this.quality, this.style,
					this.background, this.outputFormat, this.responseFormat, this.user,
					this.extra.isEmpty() ? null : Map.copyOf(this.extra));
		}

	}

}
