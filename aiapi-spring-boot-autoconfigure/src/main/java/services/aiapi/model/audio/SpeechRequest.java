package services.aiapi.model.audio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A {@code POST /v1/audio/speech} request: text to speak. The answer is audio, streamed as it is generated.
 *
 * @param model the speech model (required), such as {@code gpt-4o-mini-tts}
 * @param input the text to speak (required, at most 4,096 characters)
 * @param voice the voice (required), such as {@code alloy}
 * @param responseFormat {@code mp3} (the API's default), {@code opus}, {@code aac}, {@code flac}, {@code wav} or
 * {@code pcm}
 * @param speed from 0.25 to 4.0
 * @param instructions how to speak (tone, pace), for models that take them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpeechRequest(@Nullable String model, @Nullable String input, @Nullable String voice,
		@JsonProperty("response_format") @Nullable String responseFormat, @Nullable Double speed,
		@Nullable String instructions) {

	/**
	 * Create a request.
	 * @param model the model
	 * @param input the text
	 * @param voice the voice
	 * @return the request
	 */
	public static SpeechRequest of(String model, String input, String voice) {
		return new SpeechRequest(model, input, voice, null, null, null);
	}

	/**
	 * Return a copy with the given audio format.
	 * @param responseFormat such as {@code wav}
	 * @return the copy
	 */
	public SpeechRequest withFormat(String responseFormat) {
		return new SpeechRequest(this.model, this.input, this.voice, responseFormat, this.speed, this.instructions);
	}

	/**
	 * Return a copy with the given speed.
	 * @param speed from 0.25 to 4.0
	 * @return the copy
	 */
	public SpeechRequest withSpeed(double speed) {
		return new SpeechRequest(this.model, this.input, this.voice, this.responseFormat, speed, this.instructions);
	}

	/**
	 * Return a copy with the given instructions.
	 * @param instructions how to speak
	 * @return the copy
	 */
	public SpeechRequest withInstructions(String instructions) {
		return new SpeechRequest(this.model, this.input, this.voice, this.responseFormat, this.speed, instructions);
	}

}
