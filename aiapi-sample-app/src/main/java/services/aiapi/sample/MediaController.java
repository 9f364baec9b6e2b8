package services.aiapi.sample;

import java.nio.file.Files;
import java.nio.file.Path;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;

import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.model.audio.SpeechRequest;
import services.aiapi.model.audio.Transcription;
import services.aiapi.model.audio.TranscriptionRequest;
import services.aiapi.model.images.ImageRequest;

/**
 * Images, speech and transcription: a picture served as PNG, a text spoken and streamed to the client as the audio
 * is generated, an uploaded recording transcribed.
 */
@RestController
class MediaController {

	private final ReactiveAiApiOperations aiApi;

	MediaController(ReactiveAiApiOperations aiApi) {
		this.aiApi = aiApi;
	}

	@GetMapping(path = "/images", produces = MediaType.IMAGE_PNG_VALUE)
	Mono<byte[]> image(@RequestParam String prompt, @RequestParam(defaultValue = "512x512") String size) {
		return this.aiApi
			.generateImage(ImageRequest.of(prompt).model("gpt-image-1").size(size).responseFormat("b64_json").build())
			.flatMap((images) -> this.aiApi.imageBytes(images.data().get(0)));
	}

	// the audio goes to the client buffer by buffer, as the gateway sends it; WebFlux releases each once written
	@GetMapping(path = "/speech", produces = "audio/wav")
	Flux<DataBuffer> speech(@RequestParam String text, @RequestParam(defaultValue = "alloy") String voice) {
		return this.aiApi.speech(SpeechRequest.of("gpt-4o-mini-tts", text, voice).withFormat("wav"));
	}

	// the upload is written to a temporary file, then streamed from it to the gateway: never held whole
	@PostMapping(path = "/transcriptions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Mono<Transcription> transcribe(@RequestPart("file") FilePart file) {
		return Mono.fromCallable(() -> Files.createTempFile("upload-", "-" + file.filename()))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((path) -> file.transferTo(path)
				.then(this.aiApi.transcribe(new TranscriptionRequest(new FileSystemResource(path), file.filename(),
						"whisper-1", null, null, null, null, null)))
				.doFinally((signal) -> delete(path)));
	}

	private static void delete(Path path) {
		try {
			Files.deleteIfExists(path);
		}
		catch (java.io.IOException ex) {
			// a temporary file: the system cleans it up
		}
	}

}
