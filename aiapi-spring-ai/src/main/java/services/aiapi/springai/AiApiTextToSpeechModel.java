package services.aiapi.springai;

import java.io.ByteArrayOutputStream;
import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.ai.audio.tts.Speech;
import org.springframework.ai.audio.tts.TextToSpeechModel;
import org.springframework.ai.audio.tts.TextToSpeechOptions;
import org.springframework.ai.audio.tts.TextToSpeechPrompt;
import org.springframework.ai.audio.tts.TextToSpeechResponse;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.util.Assert;

import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.model.audio.SpeechRequest;

/**
 * Spring AI's {@link TextToSpeechModel} on the starter's {@code POST /v1/audio/speech}: {@code stream} hands the
 * audio on as it is generated, one response per piece the network delivers; {@code call} gathers it.
 */
public class AiApiTextToSpeechModel implements TextToSpeechModel {

	private final ReactiveAiApiOperations operations;

	private final TextToSpeechOptions defaults;

	/**
	 * Create a model.
	 * @param operations the starter's reactive operations
	 * @param defaults the model, voice, format and speed of calls that name none
	 */
	public AiApiTextToSpeechModel(ReactiveAiApiOperations operations, TextToSpeechOptions defaults) {
		Assert.notNull(operations, "ReactiveAiApiOperations must not be null");
		Assert.notNull(defaults, "Defaults must not be null");
		this.operations = operations;
		this.defaults = defaults;
	}

	@Override
	public TextToSpeechResponse call(TextToSpeechPrompt prompt) {
		ByteArrayOutputStream audio = new ByteArrayOutputStream();
		audioOf(prompt).doOnNext(audio::writeBytes).blockLast();
		return new TextToSpeechResponse(List.of(new Speech(audio.toByteArray())));
	}

	@Override
	public Flux<TextToSpeechResponse> stream(TextToSpeechPrompt prompt) {
		return audioOf(prompt).map((piece) -> new TextToSpeechResponse(List.of(new Speech(piece))));
	}

	@Override
	public TextToSpeechOptions getDefaultOptions() {
		return this.defaults;
	}

	// each buffer copied and released as it arrives
	private Flux<byte[]> audioOf(TextToSpeechPrompt prompt) {
		Assert.notNull(prompt, "Prompt must not be null");
		TextToSpeechOptions options = prompt.getOptions();
		SpeechRequest request = new SpeechRequest(pick(options, TextToSpeechOptions::getModel),
				prompt.getInstructions().getText(), pick(options, TextToSpeechOptions::getVoice),
				pick(options, TextToSpeechOptions::getFormat),
				(options != null && options.getSpeed() != null) ? options.getSpeed() : this.defaults.getSpeed(), null);
		return this.operations.speech(request).map((buffer) -> {
			try {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				return bytes;
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		});
	}

	private <T> T pick(TextToSpeechOptions options, java.util.function.Function<TextToSpeechOptions, T> value) {
		T chosen = (options != null) ? value.apply(options) : null;
		return (chosen != null) ? chosen : value.apply(this.defaults);
	}

}
