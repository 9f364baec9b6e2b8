package services.aiapi.model.audio;

import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.util.Assert;

import services.aiapi.model.MultipartBody;

/**
 * A transcription ({@code POST /v1/audio/transcriptions}) or translation into English
 * ({@code /v1/audio/translations}) of an audio file, uploaded as {@code multipart/form-data} (a file from disk is
 * streamed, never loaded whole).
 *
 * @param file the audio
 * @param filename the file name sent (the provider reads the format from its extension)
 * @param model the model (required), such as {@code whisper-1}
 * @param language the input's language (ISO-639-1), to help the model
 * @param prompt text to guide the style or continue a previous segment
 * @param responseFormat {@code json} (the default), {@code verbose_json} (segments and words with timestamps),
 * {@code text}, {@code srt} or {@code vtt}
 * @param temperature sampling temperature in [0, 1]
 * @param timestampGranularities {@code segment} and/or {@code word}, with {@code verbose_json}
 */
public record TranscriptionRequest(Resource file, String filename, @Nullable String model, @Nullable String language,
		@Nullable String prompt, @Nullable String responseFormat, @Nullable Double temperature,
		@Nullable List<String> timestampGranularities) {

	public TranscriptionRequest {
		Assert.notNull(file, "File must not be null");
		Assert.hasText(filename, "File name must not be empty");
	}

	/**
	 * Create a request for a file on disk.
	 * @param file the audio file
	 * @param model the model
	 * @return the request
	 */
	public static TranscriptionRequest of(Path file, String model) {
		Assert.notNull(file, "File must not be null");
		return new TranscriptionRequest(new FileSystemResource(file), file.getFileName().toString(), model, null, null,
				null, null, null);
	}

	/**
	 * Return a copy with the given answer format.
	 * @param responseFormat {@code json}, {@code verbose_json}, {@code text}, {@code srt} or {@code vtt}
	 * @return the copy
	 */
	public TranscriptionRequest withFormat(String responseFormat) {
		return new TranscriptionRequest(this.file, this.filename, this.model, this.language, this.prompt,
				responseFormat, this.temperature, this.timestampGranularities);
	}

	/**
	 * Return a copy with the given language.
	 * @param language ISO-639-1, such as {@code de}
	 * @return the copy
	 */
	public TranscriptionRequest withLanguage(String language) {
		return new TranscriptionRequest(this.file, this.filename, this.model, language, this.prompt,
				this.responseFormat, this.temperature, this.timestampGranularities);
	}

	/**
	 * Return a copy asking for timestamps ({@code verbose_json} with the given granularities).
	 * @param granularities {@code segment} and/or {@code word}
	 * @return the copy
	 */
	public TranscriptionRequest withTimestamps(String... granularities) {
		return new TranscriptionRequest(this.file, this.filename, this.model, this.language, this.prompt,
				"verbose_json", this.temperature, List.of(granularities));
	}

	/**
	 * Return the request as the multipart body it is sent as.
	 * @return the body
	 */
	public MultipartBody toMultipart() {
		MultipartBody.Builder body = MultipartBody.builder().file("file", this.file, this.filename, null);
		if (this.model != null) {
			body.field("model", this.model);
		}
		if (this.language != null) {
			body.field("language", this.language);
		}
		if (this.prompt != null) {
			body.field("prompt", this.prompt);
		}
		if (this.responseFormat != null) {
			body.field("response_format", this.responseFormat);
		}
		if (this.temperature != null) {
			body.field("temperature", this.temperature);
		}
		if (this.timestampGranularities != null) {
			this.timestampGranularities.forEach((granularity) -> body.field("timestamp_granularities[]", granularity));
		}
		return body.build();
	}

	/**
	 * Whether the answer is plain text ({@code text}, {@code srt}, {@code vtt}) rather than JSON.
	 * @return {@code true} for the text formats
	 */
	public boolean isTextAnswer() {
		return "text".equals(this.responseFormat) || "srt".equals(this.responseFormat)
				|| "vtt".equals(this.responseFormat);
	}

}
