package services.aiapi.sample;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SampleApplicationTests {

	static final WireMockServer gateway = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

	static {
		gateway.start();
	}

	@DynamicPropertySource
	static void gatewayProperties(DynamicPropertyRegistry registry) {
		registry.add("aiapi.base-url", gateway::baseUrl);
		registry.add("aiapi.api-key", () -> "sk-sample-test-key");
		// a server wait beyond this fails at once, carrying the wait, instead of being slept
		registry.add("aiapi.retry.max-retry-after", () -> "5s");
	}

	@AfterAll
	static void stopGateway() {
		gateway.stop();
	}

	@Autowired
	WebTestClient client;

	@BeforeEach
	void reset() {
		gateway.resetAll();
	}

	@Test
	void listsModels() {
		gateway.stubFor(get("/v1/models").willReturn(okJson(
				"{\"success\":true,\"object\":\"list\",\"data\":[{\"id\":\"gemini-2.5-flash\",\"object\":\"model\",\"created\":1,\"owned_by\":\"google\",\"supported_endpoint_types\":[\"openai\"]}]}")));
		this.client.get().uri("/models").exchange().expectStatus().isOk().expectBody().json("[\"gemini-2.5-flash\"]");
	}

	@Test
	void chats() {
		gateway.stubFor(post("/v1/chat/completions").willReturn(okJson(
				"{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"gemini-2.5-flash\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi!\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}")));
		this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\":\"Hello\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.answer").isEqualTo("Hi!")
			.jsonPath("$.totalTokens").isEqualTo(3);
	}

	@Test
	void streamsToTheBrowser() {
		gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
			.withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n"
					+ "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}\n\n"
					+ "data: [DONE]\n\n")));
		this.client.get()
			.uri("/chat/stream?prompt=Hi")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> org.assertj.core.api.Assertions.assertThat(body).contains("data:Hel").contains("data:lo"));
	}

	@Test
	void rateLimitBecomesProblemDetailWithRetryAfter() {
		gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
			.withHeader("Content-Type", "application/json")
			.withHeader("X-Oneapi-Request-Id", "req-429")
			.withBody("{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded. Please try again later.\",\"data\":{\"retry_after\":7}}")));
		this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\":\"Hello\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals("Retry-After", "7")
			.expectBody()
			.jsonPath("$.code").isEqualTo("rate_limit_exceeded")
			.jsonPath("$.requestId").isEqualTo("req-429");
	}

	@Test
	void gatewayAuthFailureIsNotPassedOnAsTheUsersOwn() {
		gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"code\":\"invalid_api_key\",\"message\":\"Invalid API key provided\",\"data\":null}")));
		this.client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\":\"Hello\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.code").isEqualTo("invalid_api_key");
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
		return aResponse().withHeader("Content-Type", "application/json").withBody(body);
	}

}
