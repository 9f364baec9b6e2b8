package services.aiapi.model.images;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.util.Assert;

import services.aiapi.model.MultipartBody;

/**
 * A {@code POST /v1/images/edits} request: one or more images (and an optional mask whose transparent areas are
 * edited) with a prompt, uploaded as {@code multipart/form-data}; files from disk are streamed. Build with
 * {@link #builder()}.
 *
 * @param model the image model (required)
 * @param prompt what to change (required)
 * @param images the images, each a resource and its file name
 * @param mask the mask, or {@code null}
 * @param n how many images (1 to 10)
 * @param size such as {@code 1024x1024}
 * @param responseFormat {@code url} or {@code b64_json}
 */
public record ImageEditRequest(@Nullable String model, @Nullable String prompt, List<NamedResource> images,
		@Nullable NamedResource mask, @Nullable Integer n, @Nullable String size, @Nullable String responseFormat) {

	public ImageEditRequest {
		images = List.copyOf(images);
	}

	/**
	 * Start a request.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the request as the multipart body it is sent as: several images go as {@code image[]}.
	 * @return the body
	 */
	public MultipartBody toMultipart() {
		MultipartBody.Builder body = MultipartBody.builder();
		String field = (this.images.size() > 1) ? "image[]" : "image";
		for (NamedResource image : this.images) {
			body.file(field, image.resource(), image.filename(), null);
		}
		if (this.mask != null) {
			body.file("mask", this.mask.resource(), this.mask.filename(), null);
		}
		if (this.model != null) {
			body.field("model", this.model);
		}
		if (this.prompt != null) {
			body.field("prompt", this.prompt);
		}
		if (this.n != null) {
			body.field("n", this.n);
		}
		if (this.size != null) {
			body.field("size", this.size);
		}
		if (this.responseFormat != null) {
			body.field("response_format", this.responseFormat);
		}
		return body.build();
	}

	/**
	 * A file to upload and the name it is sent under.
	 *
	 * @param resource the content
	 * @param filename the file name (its extension tells the format)
	 */
	public record NamedResource(Resource resource, String filename) {

		public NamedResource {
			Assert.notNull(resource, "Resource must not be null");
			Assert.hasText(filename, "File name must not be empty");
		}

	}

	/**
	 * Builds an {@link ImageEditRequest}.
	 */
	public static final class Builder {

		private @Nullable String model;

		private @Nullable String prompt;

		private final List<NamedResource> images = new ArrayList<>();

		private @Nullable NamedResource mask;

		private @Nullable Integer n;

		private @Nullable String size;

		private @Nullable String responseFormat;

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

		/**
		 * Add an image from disk.
		 * @param image the file
		 * @return this builder
		 */
		public Builder image(Path image) {
			this.images.add(new NamedResource(new FileSystemResource(image), image.getFileName().toString()));
			return this;
		}

		/**
		 * Add an image from bytes.
		 * @param image the bytes
		 * @param filename its file name, such as {@code cat.png}
		 * @return this builder
		 */
		public Builder image(byte[] image, String filename) {
			this.images.add(new NamedResource(new ByteArrayResource(image), filename));
			return this;
		}

		/**
		 * Add an image from a resource.
		 * @param image the resource
		 * @param filename its file name
		 * @return this builder
		 */
		public Builder image(Resource image, String filename) {
			this.images.add(new NamedResource(image, filename));
			return this;
		}

		/**
		 * Set the mask: a PNG whose transparent areas are to be edited.
		 * @param mask the bytes
		 * @param filename its file name
		 * @return this builder
		 */
		public Builder mask(byte[] mask, String filename) {
			this.mask = new NamedResource(new ByteArrayResource(mask), filename);
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

		public Builder responseFormat(@Nullable String responseFormat) {
			this.responseFormat = responseFormat;
			return this;
		}

		public ImageEditRequest build() {
			return new ImageEditRequest(this.model, this.prompt, this.images, this.mask, this.n, this.size,
					this.responseFormat);
		}

	}

}
