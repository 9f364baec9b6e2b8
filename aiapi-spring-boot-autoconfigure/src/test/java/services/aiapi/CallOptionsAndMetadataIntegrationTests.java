package services.aiapi;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.HttpMethod;

import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.ServiceUnavailableException;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.ModelList;
import services.aiapi.model.responses.ResponseRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static services.aiapi.GatewayTestSupport.chatCompletions;

/**
 * Per-call options (headers, deadline, attempts) on every kind of operation of both templates, the headers a call
 * may not set, and the answer with its response's metadata (request id, rate-limit state, attempts, duration).
 */
class CallOptionsAndMetadataIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	private static final AiApiCallOptions OPTIONS = AiApiCallOptions.builder()
		.header("X-Tenant", "acme")
		.header("X-Tenant", "second")
		.acceptLanguage(Locale.GERMANY)
		.build();

	private static void firstThenSecond(Supplier<MappingBuilder> request, ResponseDefinitionBuilder first,
			ResponseDefinitionBuilder second) {
		gateway.stubFor(request.get()
			.inScenario("retry")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(first)
			.willSetStateTo("second"));
		gateway.stubFor(request.get().inScenario("retry").whenScenarioStateIs("second").willReturn(second));
	}

	@Test
	void headersGoWithEveryKindOfCallOnBothTemplates() {
		gateway.stubFor(chatCompletions().willReturn(GatewayTestSupport.json(200, GatewayTestSupport.completion("Hi"))));
		gateway.stubFor(get("/v1/models").willReturn(GatewayTestSupport.json(200, "{\"object\":\"list\",\"data\":[]}")));
		gateway.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream")
			.withBody("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\","
					+ "\"status\":\"completed\",\"output\":[]}}\n\n")));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate blocking = context.getBean(AiApiTemplate.class).withOptions(OPTIONS);
			blocking.chat("Hi");
			blocking.exchange(HttpMethod.GET, "/v1/models", null, ModelList.class);
			try (var events = blocking.createResponseStream(ResponseRequest.of("Hi").build())) {
				assertThat(events.count()).isEqualTo(1);
			}
			ReactiveAiApiTemplate reactive = context.getBean(ReactiveAiApiTemplate.class).withOptions(OPTIONS);
			reactive.chat("Hi").block(TIMEOUT);
			// the plain template is unchanged
			context.getBean(AiApiTemplate.class).chat("Hi");
		});
		gateway.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("X-Tenant", equalTo("acme"))
			.withHeader("X-Tenant", equalTo("second"))
			.withHeader("Accept-Language", equalTo("de-DE"))
			.withHeader("Authorization", equalTo("Bearer " + GatewayTestSupport.API_KEY)));
		gateway.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")).withoutHeader("X-Tenant"));
		gateway.verify(getRequestedFor(urlEqualTo("/v1/models")).withHeader("X-Tenant", equalTo("acme")));
		gateway.verify(postRequestedFor(urlEqualTo("/v1/responses")).withHeader("Accept-Language", equalTo("de-DE")));
	}

	@Test
	void aCallCannotSetWhatTheStarterOwnsNorSplitARequest() {
		for (String reserved : new String[] { "Authorization", "authorization", "Proxy-Authorization", "Host",
				"Content-Length", "Transfer-Encoding", "Connection", "Cookie" }) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> AiApiCallOptions.builder().header(reserved, "x"))
				.withMessageContaining("cannot be set per call");
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AiApiCallOptions.builder().header("X-Note", "a\r\nAuthorization: Bearer stolen"))
			.withMessageContaining("control character")
			.withMessageNotContaining("stolen");
		assertThatIllegalArgumentException().isThrownBy(() -> AiApiCallOptions.builder().header("X Note", "a"))
			.withMessageContaining("not an HTTP token");
		assertThatIllegalArgumentException().isThrownBy(() -> AiApiCallOptions.builder().header("X-N\nHost", "a"));
		assertThatIllegalArgumentException().isThrownBy(() -> AiApiCallOptions.builder().maxAttempts(0));
		assertThatIllegalArgumentException().isThrownBy(() -> AiApiCallOptions.builder().maxAttempts(11));
		assertThatIllegalArgumentException().isThrownBy(() -> AiApiCallOptions.builder().timeout(Duration.ZERO));
		assertThat(AiApiCallOptions.builder().header("X-Secret", "s3cr3t").build().toString()).contains("X-Secret")
			.doesNotContain("s3cr3t");
	}

	@Test
	void aCallMayHaveADeadlineOfItsOwn() {
		gateway.stubFor(chatCompletions()
			.willReturn(GatewayTestSupport.json(200, GatewayTestSupport.completion("late")).withFixedDelay(1500)));
		GatewayTestSupport.contextRunner(gateway, "aiapi.read-timeout=5s").run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class)
				.withOptions(AiApiCallOptions.builder().timeout(Duration.ofMillis(300)).build());
			long started = System.nanoTime();
			assertThatExceptionOfType(AiApiTimeoutException.class).isThrownBy(() -> template.chat("Hi"))
				.satisfies((timeout) -> {
					assertThat(timeout.getPhase()).isEqualTo(AiApiTimeoutException.Phase.CALL);
					assertThat(timeout.getTimeout()).isEqualTo(Duration.ofMillis(300));
				});
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1400));
		});
	}

	@Test
	void aCallMayTakeMoreAttemptsOrNone() {
		firstThenSecond(GatewayTestSupport::chatCompletions,
				GatewayTestSupport.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"upstream_error\"}}"),
				GatewayTestSupport.json(200, GatewayTestSupport.completion("second")));
		// retry is off for the template; the call asks for three attempts
		GatewayTestSupport.contextRunner(gateway, "aiapi.retry.wait-duration=10ms").run((context) -> {
			ChatCompletion answer = context.getBean(AiApiTemplate.class)
				.withOptions(AiApiCallOptions.builder().maxAttempts(3).build())
				.chat("Hi");
			assertThat(answer.content()).isEqualTo("second");
		});
		gateway.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
		gateway.resetAll();
		gateway.stubFor(chatCompletions()
			.willReturn(GatewayTestSupport.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"upstream_error\"}}")));
		// retry is on for the template; the call asks for none
		GatewayTestSupport.contextRunner(gateway, "aiapi.retry.enabled=true", "aiapi.retry.wait-duration=10ms")
			.run((context) -> assertThatExceptionOfType(ServiceUnavailableException.class)
				.isThrownBy(() -> context.getBean(ReactiveAiApiTemplate.class)
					.withOptions(AiApiCallOptions.builder().retry(false).build())
					.chat("Hi")
					.block(TIMEOUT)));
		gateway.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
	}

	@Test
	void aStreamTellsWhatItsResponseSaidAtItsFirstElement() {
		gateway.stubFor(chatCompletions().willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream")
			.withHeader("X-Oneapi-Request-Id", "req-stream-1")
			.withHeader("X-RateLimit-Remaining-Requests", "5999")
			.withBody("data: " + StreamingIntegrationTests.chunk("Hel", null) + "\n\ndata: "
					+ StreamingIntegrationTests.chunk("lo", "stop") + "\n\ndata: [DONE]\n\n")));
		gateway.stubFor(post("/v1/responses").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream")
			.withHeader("X-Oneapi-Request-Id", "req-stream-2")
			.withBody("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\","
					+ "\"status\":\"completed\",\"output\":[]}}\n\n")));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			java.util.List<String> seen = new java.util.ArrayList<>();
			String text = context.getBean(ReactiveAiApiTemplate.class)
				.withStreamResponse((api) -> api.chatStream(ChatCompletionRequest.ofUser("Hi").build()), (response) -> {
					seen.add(response.requestId() + " " + response.rateLimit().remainingRequests() + " "
							+ response.value().content() + " " + response.attempts());
				})
				.map(services.aiapi.model.ChatCompletionChunk::content)
				.collect(java.util.stream.Collectors.joining())
				.block(TIMEOUT);
			assertThat(text).isEqualTo("Hello");
			assertThat(seen).containsExactly("req-stream-1 5999 Hel 1");
			try (var events = context.getBean(AiApiTemplate.class)
				.withStreamResponse((api) -> api.createResponseStream(ResponseRequest.of("Hi").build()),
						(response) -> seen.add(response.requestId() + " " + response.value().type()))) {
				assertThat(events.count()).isEqualTo(1);
			}
			assertThat(seen).containsExactly("req-stream-1 5999 Hel 1", "req-stream-2 response.completed");
		});
	}

	@Test
	void anAnswerComesWithItsResponsesMetadata() {
		firstThenSecond(GatewayTestSupport::chatCompletions,
				GatewayTestSupport.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"upstream_error\"}}"),
				GatewayTestSupport.json(200, GatewayTestSupport.completion("Hi"))
					.withHeader("X-RateLimit-Limit-Requests", "6000")
					.withHeader("X-RateLimit-Remaining-Requests", "5941")
					.withHeader("X-Custom", "yes"));
		GatewayTestSupport.contextRunner(gateway, "aiapi.retry.enabled=true", "aiapi.retry.wait-duration=10ms")
			.run((context) -> {
				AiApiResponse<ChatCompletion> response = context.getBean(ReactiveAiApiTemplate.class)
					.withResponse((api) -> api.chat("Hi"))
					.block(TIMEOUT);
				assertThat(response.value().content()).isEqualTo("Hi");
				assertThat(response.requestId()).isEqualTo(GatewayTestSupport.REQUEST_ID);
				assertThat(response.attempts()).isEqualTo(2);
				assertThat(response.rateLimit().limitRequests()).isEqualTo(6000);
				assertThat(response.rateLimit().remainingRequests()).isEqualTo(5941);
				assertThat(response.headers().getFirst("X-Custom")).isEqualTo("yes");
				assertThat(response.elapsed()).isPositive();
				assertThat(response.toString()).doesNotContain(GatewayTestSupport.API_KEY);

				AiApiResponse<ChatCompletion> blocking = context.getBean(AiApiTemplate.class)
					.withResponse((api) -> api.withOptions(AiApiCallOptions.builder().header("X-Tenant", "a").build())
						.chat("Hi"));
				assertThat(blocking.value().content()).isEqualTo("Hi");
				assertThat(blocking.attempts()).isEqualTo(1);
				assertThat(blocking.requestId()).isEqualTo(GatewayTestSupport.REQUEST_ID);
			});
		gateway.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("X-Tenant", equalTo("a")));
	}

}
