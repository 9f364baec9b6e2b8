package services.aiapi.springai;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.imageio.ImageIO;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.audio.transcription.AudioTranscriptionPrompt;
import org.springframework.ai.audio.transcription.TranscriptionModel;
import org.springframework.ai.audio.tts.TextToSpeechModel;
import org.springframework.ai.audio.tts.TextToSpeechPrompt;
import org.springframework.ai.image.ImageModel;
import org.springframework.ai.image.ImageOptionsBuilder;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;
import org.springframework.ai.moderation.ModerationModel;
import org.springframework.ai.moderation.ModerationPrompt;
import org.springframework.ai.moderation.ModerationResult;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.core.io.FileSystemResource;

import services.aiapi.error.BadRequestException;
import services.aiapi.test.AutoConfigureAiApiSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring AI's image, text-to-speech (single and streamed), transcription and moderation models on the starter,
 * against the simulator: each is the starter's, its answer is real content, and a gateway error is the starter's
 * typed exception through Spring AI's API.
 */
@SpringBootTest(classes = SpringAiMediaModelsTests.App.class,
		properties = { "aiapi.retry.enabled=false", "aiapi.spring-ai.speech.format=wav" })
@AutoConfigureAiApiSimulator(chunkPaceMillis = 0)
class SpringAiMediaModelsTests {

	@Autowired
	ImageModel imageModel;

	@Autowired
	TextToSpeechModel speechModel;

	@Autowired
	TranscriptionModel transcriptionModel;

	@Autowired
	ModerationModel moderationModel;

	@TempDir
	Path directory;

	@Test
	void theModelsAreTheStarters() {
		assertThat(this.imageModel).isInstanceOf(AiApiImageModel.class);
		assertThat(this.speechModel).isInstanceOf(AiApiTextToSpeechModel.class);
		assertThat(this.transcriptionModel).isInstanceOf(AiApiTranscriptionModel.class);
		assertThat(this.moderationModel).isInstanceOf(AiApiModerationModel.class);
	}

	@Test
	void anImageIsARealPicture() throws Exception {
		ImageResponse response = this.imageModel.call(new ImagePrompt("a lighthouse",
				ImageOptionsBuilder.builder().width(48).height(32).responseFormat("b64_json").build()));
		byte[] png = java.util.Base64.getDecoder().decode(response.getResult().getOutput().getB64Json());
		assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(48);
	}

	@Test
	void speechIsWholeOrStreamed() throws Exception {
		byte[] whole = this.speechModel.call("Hello there");
		assertThat(AudioSystem.getAudioInputStream(new ByteArrayInputStream(whole)).getFormat().getSampleRate())
			.isEqualTo(24_000f);
		ByteArrayOutputStream streamed = new ByteArrayOutputStream();
		long pieces = this.speechModel.stream(new TextToSpeechPrompt("Hello there"))
			.doOnNext((response) -> streamed.writeBytes(response.getResult().getOutput()))
			.count()
			.block(Duration.ofSeconds(10));
		assertThat(pieces).isPositive();
		assertThat(streamed.toByteArray()).isEqualTo(whole);
		// mp3 is not made by the simulator: the gateway's 400, typed, through Spring AI's API
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> this.speechModel.call(
				new TextToSpeechPrompt("Hi", org.springframework.ai.audio.tts.TextToSpeechOptions.builder()
					.format("mp3")
					.build())));
	}

	@Test
	void anUploadedFileIsTranscribed() throws Exception {
		Path file = this.directory.resolve("meeting.mp3");
		Files.write(file, new byte[8_000]);
		assertThat(this.transcriptionModel.call(new AudioTranscriptionPrompt(new FileSystemResource(file)))
			.getResult()
			.getOutput()).isEqualTo("Simulated transcription of meeting.mp3 (8000 bytes)");
	}

	@Test
	void moderationMapsTheCategories() {
		ModerationResult result = this.moderationModel.call(new ModerationPrompt("I will attack them"))
			.getResult()
			.getOutput()
			.getResults()
			.get(0);
		assertThat(result.isFlagged()).isTrue();
		assertThat(result.getCategories().isViolence()).isTrue();
		assertThat(result.getCategories().isHate()).isFalse();
		assertThat(result.getCategoryScores().getViolence()).isGreaterThan(0.9);
	}

	@Test
	void eachModelCanBeLeftOutAndAnApplicationsOwnWins() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class,
					services.aiapi.autoconfigure.AiApiAutoConfiguration.class, AiApiSpringAiAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=http://127.0.0.1:9", "aiapi.api-key=sk-test-0000000000000000");
		runner.withPropertyValues("aiapi.spring-ai.image.enabled=false", "aiapi.spring-ai.moderation.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ImageModel.class).doesNotHaveBean(ModerationModel.class);
				assertThat(context).hasSingleBean(TextToSpeechModel.class).hasSingleBean(TranscriptionModel.class);
			});
		ImageModel own = (prompt) -> new ImageResponse(java.util.List.of());
		runner.withBean(ImageModel.class, () -> own)
			.run((context) -> assertThat(context.getBean(ImageModel.class)).isSameAs(own));
	}

	@SpringBootApplication
	static class App {

	}

}
