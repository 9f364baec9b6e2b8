package services.aiapi;

import java.time.Clock;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.reactive.function.client.WebClient;

import services.aiapi.error.InvalidApiKeyException;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.ResilienceSettings;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static services.aiapi.GatewayTestSupport.API_KEY;
import static services.aiapi.GatewayTestSupport.chatCompletions;
import static services.aiapi.GatewayTestSupport.completion;
import static services.aiapi.GatewayTestSupport.json;

/**
 * The client assembled without Spring Boot, as an application that builds its own would.
 */
class AiApiClientBuilderTests {

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	private AiApiClientBuilder builder(String baseUrl) {
		return AiApiClientBuilder.create(baseUrl, "Bearer " + API_KEY)
			.settings(new AiApiClientSettings("gemini-2.5-flash", null, java.time.Duration.ofSeconds(2),
					java.time.Duration.ofSeconds(2), 1 << 20, java.time.Duration.ofSeconds(1),
					java.time.Duration.ofSeconds(10)))
			.resilience(new AiApiResilience(ResilienceSettings.disabled(), Clock.systemUTC(), List.of()));
	}

	@Test
	void aBaseUrlEndingInV1CallsTheSameEndpoints() {
		gateway.stubFor(chatCompletions().willReturn(json(200, completion("ok"))));
		AiApiClientBuilder builder = builder(gateway.baseUrl() + "/v1/");
		assertThat(builder.baseUrl()).isEqualTo(gateway.baseUrl());
		assertThat(builder.buildTemplate().chat("Hi").content()).isEqualTo("ok");
		gateway.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
			.withHeader("Authorization", equalTo("Bearer " + API_KEY)));
	}

	@Test
	void theWebClientItBuildsSendsTheKeyAndFailsTyped() {
		gateway.stubFor(get("/v1/models").willReturn(json(401, "{\"error\":{\"message\":\"Invalid token\",\"code\":\"\"}}")));
		WebClient webClient = builder(gateway.baseUrl()).buildWebClient();
		assertThatExceptionOfType(InvalidApiKeyException.class).isThrownBy(
				() -> webClient.get().uri("/v1/models").retrieve().bodyToMono(String.class).block());
	}

}
