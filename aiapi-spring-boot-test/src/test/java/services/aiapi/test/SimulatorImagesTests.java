package services.aiapi.test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;

import services.aiapi.AiApiTemplate;
import services.aiapi.ReactiveAiApiTemplate;
import services.aiapi.error.BadRequestException;
import services.aiapi.error.ContentFilteredException;
import services.aiapi.error.RequestValidationException;
import services.aiapi.model.images.ImageEditRequest;
import services.aiapi.model.images.ImageRequest;
import services.aiapi.model.images.ImageResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Image generation against the simulator in both dialects, on both templates: real PNGs inline and by URL, each
 * image's bytes whichever form it came in, the URL fetched without the API key, the revised prompt and usage, and
 * the gateway's refusals.
 */
class SimulatorImagesTests {

	@RegisterExtension
	static AiApiSimulatorExtension gateway = new AiApiSimulatorExtension(
			AiApiSimulator.builder().models("gpt-image-1", "gemini-2.5-flash").contentFilterWord("forbidden"));

	private void run(Dialect dialect, ContextConsumer<AssertableApplicationContext> test) {
		SimulatorContexts.run(gateway, dialect, test);
	}

	private static BufferedImage png(byte[] bytes) throws Exception {
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
		assertThat(image).as("a PNG").isNotNull();
		return image;
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void imagesComeInlineOrByUrlAndGiveTheirBytesEitherWay(Dialect dialect) {
		run(dialect, (context) -> {
			AiApiTemplate blocking = context.getBean(AiApiTemplate.class);
			ImageResponse inline = blocking.generateImage(ImageRequest.of("a lighthouse at dawn")
				.model("gpt-image-1")
				.size("64x48")
				.n(2)
				.responseFormat("b64_json")
				.build());
			assertThat(inline.data()).hasSize(2);
			ImageResponse.Image first = inline.data().get(0);
			assertThat(first.revisedPrompt()).contains("a lighthouse at dawn");
			assertThat(png(first.bytes()).getWidth()).isEqualTo(64);
			assertThat(png(blocking.imageBytes(first)).getHeight()).isEqualTo(48);
			assertThat(inline.usage().totalTokens()).isPositive();

			ImageResponse linked = context.getBean(ReactiveAiApiTemplate.class)
				.generateImage(ImageRequest.of("a lighthouse at dusk").model("gpt-image-1").size("32x32").build())
				.block(Duration.ofSeconds(10));
			ImageResponse.Image byUrl = linked.data().get(0);
			assertThat(byUrl.isInline()).isFalse();
			int before = gateway.simulator().requestCount();
			byte[] fetched = context.getBean(ReactiveAiApiTemplate.class).imageBytes(byUrl).block(Duration.ofSeconds(10));
			assertThat(png(fetched).getWidth()).isEqualTo(32);
			// the image's host got no key
			RecordedRequest fetch = gateway.simulator().requests().get(before);
			assertThat(fetch.path()).startsWith("/simulator/images/");
			assertThat(fetch.authenticated()).isFalse();
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void imagesAreEditedFromUploadedFiles(Dialect dialect) {
		run(dialect, (context) -> {
			AiApiTemplate blocking = context.getBean(AiApiTemplate.class);
			ImageResponse drawn = blocking.generateImage(ImageRequest.of("a cat")
				.model("gpt-image-1")
				.size("40x30")
				.responseFormat("b64_json")
				.build());
			ImageResponse edited = blocking.editImage(ImageEditRequest.builder()
				.model("gpt-image-1")
				.prompt("give the cat a hat")
				.image(drawn.data().get(0).bytes(), "cat.png")
				.responseFormat("b64_json")
				.build());
			BufferedImage image = png(edited.data().get(0).bytes());
			assertThat(image.getWidth()).isEqualTo(40);
			assertThat(image.getHeight()).isEqualTo(30);
			assertThatExceptionOfType(BadRequestException.class)
				.isThrownBy(() -> blocking.editImage(ImageEditRequest.builder()
					.model("gpt-image-1")
					.prompt("a hat")
					.image("not a picture".getBytes(java.nio.charset.StandardCharsets.UTF_8), "cat.png")
					.build()))
				.withMessageContaining("Invalid image file");
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void theGatewaysRefusalsAreTyped(Dialect dialect) {
		run(dialect, (context) -> {
			AiApiTemplate blocking = context.getBean(AiApiTemplate.class);
			assertThatExceptionOfType(ContentFilteredException.class).isThrownBy(() -> blocking
				.generateImage(ImageRequest.of("something forbidden").model("gpt-image-1").size("32x32").build()));
			assertThatExceptionOfType(RequestValidationException.class)
				.isThrownBy(() -> blocking.generateImage(ImageRequest.of("a cat").model("gpt-image-1").n(11).build()));
			assertThatExceptionOfType(RequestValidationException.class)
				.isThrownBy(() -> blocking.generateImage(ImageRequest.of("a cat").build()))
				.withMessageContaining("model");
		});
	}

}
