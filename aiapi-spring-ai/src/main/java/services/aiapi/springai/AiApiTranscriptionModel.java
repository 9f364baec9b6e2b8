package services.aiapi.springai;

import org.springframework.ai.audio.transcription.AudioTranscription;
import org.springframework.ai.audio.transcription.AudioTranscriptionOptions;
import org.springframework.ai.audio.transcription.AudioTranscriptionPrompt;
import org.springframework.ai.audio.transcription.AudioTranscriptionResponse;
import org.springframework.ai.audio.transcription.TranscriptionModel;
import org.springframework.core.io.Resource;
import org.springframework.util.Assert;

import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.model.audio.Transcription;
import services.aiapi.model.audio.TranscriptionRequest;

/**
 * Spring AI's {@link TranscriptionModel} on the starter's {@code POST /v1/audio/transcriptions}: the audio resource
 * uploaded as it is read (a file is streamed from disk), the answer's text.
 */
public class AiApiTranscriptionModel implements TranscriptionModel {

	private final ReactiveAiApiOperations operations;

	private final String defaultModel;

	/**
	 * Create a model.
	 * @param operations the starter's reactive operations
	 * @param defaultModel the transcription model when a prompt names none
	 */
	public AiApiTranscriptionModel(ReactiveAiApiOperations operations, String defaultModel) {
		Assert.notNull(operations, "ReactiveAiApiOperations must not be null");
		this.operations = operations;
		this.defaultModel = defaultModel;
	}

	@Override
	public AudioTranscriptionResponse call(AudioTranscriptionPrompt prompt) {
		Assert.notNull(prompt, "Prompt must not be null");
		Resource audio = prompt.getInstructions();
		AudioTranscriptionOptions options = prompt.getOptions();
		String model = (options != null && options.getModel() != null) ? options.getModel() : this.defaultModel;
		String filename = (audio.getFilename() != null) ? audio.getFilename() : "audio.mp3";
		Transcription transcription = this.operations
			.transcribe(new TranscriptionRequest(audio, filename, model, null, null, null, null, null))
			.block();
		Assert.state(transcription != null, "The starter returned no transcription");
		return new AudioTranscriptionResponse(new AudioTranscription(transcription.text()));
	}

}
