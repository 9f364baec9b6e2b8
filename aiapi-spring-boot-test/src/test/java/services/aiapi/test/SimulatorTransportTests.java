package services.aiapi.test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;

import services.aiapi.AiApiTemplate;
import services.aiapi.ReactiveAiApiTemplate;
import services.aiapi.error.BadRequestException;
import services.aiapi.error.ModelNotFoundException;
import services.aiapi.model.MultipartBody;
import services.aiapi.model.VideoTask;
import services.aiapi.model.VideoTaskRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The simulator serves the routes of the upload and download transport in both dialects: a finished video's
 * content, generated speech (binary answers read as they come) and transcriptions (multipart uploads), with the
 * gateway's errors on each.
 */
class SimulatorTransportTests {

	@RegisterExtension
	static AiApiSimulatorExtension gateway = new AiApiSimulatorExtension(
			AiApiSimulator.builder().taskDuration(Duration.ofMillis(1500)));

	@TempDir
	Path directory;

	private void run(Dialect dialect, ContextConsumer<AssertableApplicationContext> test) {
		SimulatorContexts.run(gateway, dialect, test);
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void aFinishedVideoDownloadsOnBothTemplates(Dialect dialect) {
		run(dialect, (context) -> {
			AiApiTemplate blocking = context.getBean(AiApiTemplate.class);
			VideoTask task = blocking.submitVideoTask(VideoTaskRequest.of("sora-2", "a cat surfing"));
			String content = "/v1/videos/" + task.id() + "/content";
			assertThatExceptionOfType(BadRequestException.class)
				.isThrownBy(() -> blocking.download(HttpMethod.GET, content, null, this.directory.resolve("early.mp4")))
				.withMessageContaining("not ready");
			blocking.awaitVideoTask(task.id(), Duration.ofMillis(250), Duration.ofSeconds(10));
			Path video = this.directory.resolve("video.mp4");
			assertThat(blocking.download(HttpMethod.GET, content, null, video)).isEqualTo(256 * 1024);
			byte[] bytes = Files.readAllBytes(video);
			assertThat(new String(bytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("ftypmp42");
			byte[] streamed = DataBufferUtils
				.join(context.getBean(ReactiveAiApiTemplate.class).download(HttpMethod.GET, content, null))
				.map((buffer) -> {
					byte[] copy = new byte[buffer.readableByteCount()];
					buffer.read(copy);
					DataBufferUtils.release(buffer);
					return copy;
				})
				.block(Duration.ofSeconds(10));
			assertThat(streamed).isEqualTo(bytes);
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void speechComesAsItIsGenerated(Dialect dialect) {
		run(dialect, (context) -> {
			try (InputStream audio = context.getBean(AiApiTemplate.class)
				.download(HttpMethod.POST, "/v1/audio/speech",
						Map.of("model", "gpt-4o-mini", "input", "Hello there", "voice", "alloy", "response_format",
								"wav"))) {
				byte[] bytes = audio.readAllBytes();
				assertThat(Arrays.copyOf(bytes, 4)).isEqualTo("RIFF".getBytes(StandardCharsets.US_ASCII));
				// 11 characters, 60 ms each, 24 kHz 16-bit mono, and the header
				assertThat(bytes).hasSize(44 + 24_000 * 2 * 660 / 1000);
			}
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void anAudioFileUploadsForATranscription(Dialect dialect) {
		run(dialect, (context) -> {
			Path file = this.directory.resolve("meeting.mp3");
			Files.write(file, new byte[40_000]);
			MultipartBody body = MultipartBody.builder().file("file", file, null).field("model", "gpt-4o-mini").build();
			Map<?, ?> text = context.getBean(AiApiTemplate.class).upload("/v1/audio/transcriptions", body, Map.class);
			assertThat(text.get("text")).isEqualTo("Simulated transcription of meeting.mp3 (40000 bytes)");
			assertThat(context.getBean(ReactiveAiApiTemplate.class)
				.upload("/v1/audio/translations", body, Map.class)
				.block(Duration.ofSeconds(10))).containsKey("text");
			assertThatExceptionOfType(ModelNotFoundException.class)
				.isThrownBy(() -> context.getBean(AiApiTemplate.class)
					.upload("/v1/audio/transcriptions",
							MultipartBody.builder().file("file", file, null).field("model", "no-such-model").build(),
							Map.class));
		});
	}

}
