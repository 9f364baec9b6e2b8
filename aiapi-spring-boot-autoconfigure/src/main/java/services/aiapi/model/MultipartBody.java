package services.aiapi.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;

/**
 * The body of a {@code multipart/form-data} upload: text fields and files, each file from bytes, a {@link Path}
 * (streamed from disk, never loaded whole) or a Spring {@link Resource}. Its size (all files and fields together)
 * is checked against {@code aiapi.max-upload-size} before anything is sent. A body whose every file can be read
 * again (bytes, a path, a file or class-path resource) may be retried; one with a resource that can be read only
 * once (an {@code InputStreamResource}) is sent once, never retried. Build with {@link #builder()}.
 */
public final class MultipartBody {

	private final List<Part> parts;

	private MultipartBody(List<Part> parts) {
		this.parts = List.copyOf(parts);
	}

	/**
	 * Start a body.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the parts, in order.
	 * @return the parts
	 */
	public List<Part> parts() {
		return this.parts;
	}

	/**
	 * Return the size of the body's content (files and fields, without the multipart framing).
	 * @return the size in bytes, or {@code -1} when a resource cannot tell its length
	 */
	public long contentLength() {
		long total = 0;
		for (Part part : this.parts) {
			long length = part.contentLength();
			if (length < 0) {
				return -1;
			}
			total += length;
		}
		return total;
	}

	/**
	 * Whether every part can be read again, so that the body may be sent again.
	 * @return {@code false} when a resource can be read only once
	 */
	public boolean isRepeatable() {
		return this.parts.stream().allMatch(Part::isRepeatable);
	}

	@Override
	public String toString() {
		return "MultipartBody" + this.parts.stream().map(Part::name).toList();
	}

	/**
	 * One part: a text field (a value) or a file (a resource, a file name, a content type).
	 *
	 * @param name the form field's name
	 * @param value the text of a field, or {@code null} for a file
	 * @param resource the content of a file, or {@code null} for a field
	 * @param filename the file name sent for a file
	 * @param contentType the content type of a file
	 */
	public record Part(String name, @Nullable String value, @Nullable Resource resource, @Nullable String filename,
			@Nullable MediaType contentType) {

		long contentLength() {
			if (this.value != null) {
				return this.value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
			}
			if (this.resource.isOpen()) {
				// a one-shot stream: measuring it would consume it
				return -1;
			}
			try {
				return this.resource.contentLength();
			}
			catch (IOException ex) {
				return -1;
			}
		}

		boolean isRepeatable() {
			return this.resource == null || !this.resource.isOpen();
		}

		@Override
		public String toString() {
			return "Part[" + this.name + ((this.filename != null) ? ", " + this.filename : "") + "]";
		}

	}

	/**
	 * Builds a {@link MultipartBody}.
	 */
	public static final class Builder {

		private final List<Part> parts = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Add a text field.
		 * @param name the field's name
		 * @param value its value
		 * @return this builder
		 */
		public Builder field(String name, Object value) {
			Assert.hasText(name, "Name must not be empty");
			Assert.notNull(value, "Value must not be null");
			this.parts.add(new Part(name, String.valueOf(value), null, null, null));
			return this;
		}

		/**
		 * Add a file from bytes.
		 * @param name the field's name, such as {@code file} or {@code image[]}
		 * @param bytes the content
		 * @param filename the file name to send (the gateway and provider read the format from its extension)
		 * @param contentType the content type, or {@code null} for {@code application/octet-stream}
		 * @return this builder
		 */
		public Builder file(String name, byte[] bytes, String filename, @Nullable MediaType contentType) {
			Assert.notNull(bytes, "Bytes must not be null");
			Assert.hasText(filename, "File name must not be empty");
			return file(name, new ByteArrayResource(bytes), filename, contentType);
		}

		/**
		 * Add a file from disk, streamed as it is sent.
		 * @param name the field's name
		 * @param path the file; its name is sent as the file name
		 * @param contentType the content type, or {@code null} to guess it from the file name
		 * @return this builder
		 * @throws UncheckedIOException when the file cannot be read
		 */
		public Builder file(String name, Path path, @Nullable MediaType contentType) {
			Assert.notNull(path, "Path must not be null");
			if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
				throw new UncheckedIOException(new IOException("Not a readable file: " + path));
			}
			return file(name, new FileSystemResource(path), path.getFileName().toString(), contentType);
		}

		/**
		 * Add a file from a Spring resource.
		 * @param name the field's name
		 * @param resource the content; one that can be read only once makes the upload unretried
		 * @param filename the file name to send, or {@code null} for the resource's own
		 * @param contentType the content type, or {@code null} to guess it from the file name
		 * @return this builder
		 */
		public Builder file(String name, Resource resource, @Nullable String filename, @Nullable MediaType contentType) {
			Assert.hasText(name, "Name must not be empty");
			Assert.notNull(resource, "Resource must not be null");
			String sent = (filename != null) ? filename : resource.getFilename();
			Assert.hasText(sent, "A file part needs a file name");
			MediaType type = (contentType != null) ? contentType
					: org.springframework.http.MediaTypeFactory.getMediaType(sent)
						.orElse(MediaType.APPLICATION_OCTET_STREAM);
			this.parts.add(new Part(name, null, resource, sent, type));
			return this;
		}

		public MultipartBody build() {
			Assert.state(!this.parts.isEmpty(), "A multipart body needs at least one part");
			return new MultipartBody(this.parts);
		}

	}

}
