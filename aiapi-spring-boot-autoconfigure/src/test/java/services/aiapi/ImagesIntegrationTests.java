package services.aiapi;

import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.HttpMethod;

import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.model.images.ImageRequest;
import services.aiapi.model.images.ImageResponse;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Generated images and speech are charged when asked for: a 429 or 5xx answer is retried, a call that may have
 * reached the gateway (a read timeout after sending) is not, whether made with the typed operation or with
 * {@code exchange(...)} / {@code download(...)} on their paths.
 */
class ImagesIntegrationTests {

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	private static final String PATH = "/v1/images/generations";

	private static final String IMAGES = "{\"created\":1,\"data\":[{\"b64_json\":\"iVBORw0KGgo=\"}]}";

	private static ImageRequest request() {
		return ImageRequest.of("a cat").model("gpt-image-1").responseFormat("b64_json").build();
	}

	@Test
	void anImageAnswered503IsRetried() {
		gateway.stubFor(post(PATH).inScenario("retry")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(GatewayTestSupport.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"upstream_error\"}}"))
			.willSetStateTo("second"));
		gateway.stubFor(post(PATH).inScenario("retry")
			.whenScenarioStateIs("second")
			.willReturn(GatewayTestSupport.json(200, IMAGES)));
		GatewayTestSupport.contextRunner(gateway, "aiapi.retry.enabled=true", "aiapi.retry.wait-duration=10ms")
			.run((context) -> {
				ImageResponse images = context.getBean(AiApiTemplate.class).generateImage(request());
				assertThat(images.data().get(0).bytes()).startsWith(0x89, 'P', 'N', 'G');
			});
		gateway.verify(2, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void anImageThatMayHaveBeenChargedIsNotAskedForTwice() {
		gateway.stubFor(post(PATH).willReturn(GatewayTestSupport.json(200, IMAGES).withFixedDelay(1500)));
		GatewayTestSupport
			.contextRunner(gateway, "aiapi.retry.enabled=true", "aiapi.retry.wait-duration=10ms",
					"aiapi.read-timeout=300ms")
			.run((context) -> {
				assertThatExceptionOfType(AiApiTimeoutException.class)
					.isThrownBy(() -> context.getBean(AiApiTemplate.class).generateImage(request()));
				assertThatExceptionOfType(AiApiTimeoutException.class).isThrownBy(() -> context
					.getBean(AiApiTemplate.class)
					.exchange(HttpMethod.POST, PATH, Map.of("model", "gpt-image-1", "prompt", "a cat"), Map.class));
			});
		gateway.verify(2, postRequestedFor(urlEqualTo(PATH)));
		gateway.stubFor(post("/v1/audio/speech").willReturn(GatewayTestSupport.json(200, "{}").withFixedDelay(1500)));
		GatewayTestSupport
			.contextRunner(gateway, "aiapi.retry.enabled=true", "aiapi.retry.wait-duration=10ms",
					"aiapi.read-timeout=300ms")
			.run((context) -> assertThatExceptionOfType(AiApiTimeoutException.class)
				.isThrownBy(() -> context.getBean(AiApiTemplate.class)
					.download(HttpMethod.POST, "/v1/audio/speech", Map.of("model", "tts-1", "input", "Hi"))
					.readAllBytes()));
		gateway.verify(1, postRequestedFor(urlEqualTo("/v1/audio/speech")));
	}

}
