package services.aiapi.test;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.core.io.buffer.DataBufferUtils;

import services.aiapi.AiApiTemplate;
import services.aiapi.ReactiveAiApiTemplate;
import services.aiapi.error.BadRequestException;
import services.aiapi.error.RequestValidationException;
import services.aiapi.model.audio.SpeechRequest;
import services.aiapi.model.audio.Transcription;
import services.aiapi.model.audio.TranscriptionRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Speech, transcription and translation typed, against the simulator in both dialects, on both templates: a real
 * WAV streamed as it comes (to a stream, a file, or buffers cancelled early), formats the simulator does not make
 * refused typed, transcriptions in every answer format, and the client-side checks.
 */
class SimulatorAudioTests {

	@RegisterExtension
	static AiApiSimulatorExtension gateway = new AiApiSimulatorExtension(
			AiApiSimulator.builder().models("gpt-4o-mini-tts", "whisper-1", "gemini-2.5-flash"));

	@TempDir
	Path directory;

	private static final SpeechRequest HELLO = SpeechRequest.of("gpt-4o-mini-tts", "Hello there", "alloy")
		.withFormat("wav");

	private void run(Dialect dialect, ContextConsumer<AssertableApplicationContext> test) {
		SimulatorContexts.run(gateway, dialect, test);
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void speechIsARealWavStreamedAsItComes(Dialect dialect) {
		run(dialect, (context) -> {
			AiApiTemplate blocking = context.getBean(AiApiTemplate.class);
			try (InputStream audio = blocking.speech(HELLO);
					AudioInputStream wav = AudioSystem.getAudioInputStream(new BufferedInputStream(audio))) {
				AudioFormat format = wav.getFormat();
				assertThat(format.getSampleRate()).isEqualTo(24_000f);
				assertThat(format.getSampleSizeInBits()).isEqualTo(16);
				assertThat(wav.getFrameLength()).isEqualTo(24_000 * 660 / 1000);
			}
			Path file = this.directory.resolve("hello.wav");
			assertThat(blocking.speech(HELLO, file)).isEqualTo(Files.size(file));
			assertThat(AudioSystem.getAudioFileFormat(file.toFile()).getType().getExtension()).isEqualTo("wav");
			ReactiveAiApiTemplate reactive = context.getBean(ReactiveAiApiTemplate.class);
			// a listener that leaves after the first buffer: the rest is released (the build's leak check)
			for (int i = 0; i < 5; i++) {
				reactive.speech(HELLO).take(1, true).doOnNext(DataBufferUtils::release).blockLast(Duration.ofSeconds(10));
			}
			assertThatExceptionOfType(BadRequestException.class)
				.isThrownBy(() -> blocking.speech(HELLO.withFormat("mp3"), this.directory.resolve("x.mp3")))
				.withMessageContaining("wav and pcm only");
			assertThatExceptionOfType(RequestValidationException.class)
				.isThrownBy(() -> blocking.speech(HELLO.withSpeed(5), this.directory.resolve("y.wav")));
			assertThat(this.directory.resolve("x.mp3")).doesNotExist();
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void transcriptionsComeInEveryFormat(Dialect dialect) {
		run(dialect, (context) -> {
			Path file = this.directory.resolve("meeting.mp3");
			Files.write(file, new byte[32_000]);
			AiApiTemplate blocking = context.getBean(AiApiTemplate.class);
			TranscriptionRequest request = TranscriptionRequest.of(file, "whisper-1");
			assertThat(blocking.transcribe(request).text())
				.isEqualTo("Simulated transcription of meeting.mp3 (32000 bytes)");
			Transcription verbose = context.getBean(ReactiveAiApiTemplate.class)
				.transcribe(request.withTimestamps("word", "segment"))
				.block(Duration.ofSeconds(10));
			assertThat(verbose.duration()).isEqualTo(2.0);
			assertThat(verbose.segments()).singleElement().satisfies((segment) -> assertThat(segment.end()).isEqualTo(2.0));
			assertThat(verbose.words()).hasSize(6).last().satisfies((word) -> assertThat(word.end()).isEqualTo(2.0));
			assertThat(blocking.transcribe(request.withFormat("text")).text())
				.isEqualTo("Simulated transcription of meeting.mp3 (32000 bytes)\n");
			assertThat(blocking.transcribe(request.withFormat("srt")).text()).startsWith("1\n00:00:00,000 --> ");
			assertThat(blocking.translate(request).text()).startsWith("Simulated English translation of meeting.mp3");
			assertThatExceptionOfType(RequestValidationException.class)
				.isThrownBy(() -> blocking.transcribe(request.withFormat("docx")));
			// over the provider's 25 MB (under the starter's own aiapi.max-upload-size): the gateway's 413, typed
			Path large = this.directory.resolve("long.mp3");
			Files.write(large, new byte[26 * 1024 * 1024]);
			assertThatExceptionOfType(BadRequestException.class)
				.isThrownBy(() -> blocking.transcribe(TranscriptionRequest.of(large, "whisper-1")))
				.satisfies((error) -> assertThat(error.getStatusCode().value()).isEqualTo(413));
		});
	}

}
