package services.aiapi;

import java.time.Duration;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.ClientRateLimitedException;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.error.RateLimitExceededException;
import services.aiapi.error.ServiceUnavailableException;
import services.aiapi.error.StreamTruncatedException;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.VideoTaskRequest;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.AiApiResilienceCustomizer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static services.aiapi.GatewayTestSupport.chatCompletions;
import static services.aiapi.GatewayTestSupport.json;

/**
 * Fault injection against WireMock with the auto-configured resilience: attempts are counted on the server.
 * Waits are kept to milliseconds here; their lengths are tested in virtual time.
 */
class ResilienceIntegrationTests {

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	private static ApplicationContextRunner withRetry(String... properties) {
		return GatewayTestSupport
			.contextRunner(gateway, "aiapi.retry.enabled=true", "aiapi.retry.wait-duration=10ms",
					"aiapi.retry.max-wait-duration=50ms", "aiapi.read-timeout=400ms")
			.withPropertyValues(properties);
	}

	private static void firstThenSecond(java.util.function.Supplier<MappingBuilder> request,
			ResponseDefinitionBuilder first, ResponseDefinitionBuilder second) {
		gateway.stubFor(request.get()
			.inScenario("retry")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(first)
			.willSetStateTo("second"));
		gateway.stubFor(request.get().inScenario("retry").whenScenarioStateIs("second").willReturn(second));
	}

	private static void verifyChatCalls(int count) {
		gateway.verify(count, postRequestedFor(urlEqualTo("/v1/chat/completions")));
	}

	@Test
	void rateLimitedThenServedWithRetryAfterMs() {
		firstThenSecond(GatewayTestSupport::chatCompletions, json(429, "").withHeader("retry-after-ms", "20"),
				json(200, GatewayTestSupport.completion("ok")));
		withRetry().run((context) -> assertThat(context.getBean(AiApiTemplate.class).chat("Hi").content())
			.isEqualTo("ok"));
		verifyChatCalls(2);
	}

	@Test
	void emptyBody429IsRetriedUpToMaxAttempts() {
		gateway.stubFor(chatCompletions().willReturn(aResponse().withStatus(429)));
		withRetry().run((context) -> assertThat(catchThrowable(() -> context.getBean(AiApiTemplate.class).chat("Hi")))
			.isInstanceOfSatisfying(RateLimitExceededException.class,
					(ex) -> assertThat(ex.getAttempts()).isEqualTo(4)));
		verifyChatCalls(4);
	}

	@Test
	void quota429IsNotRetried() {
		gateway.stubFor(chatCompletions().willReturn(json(429,
				"{\"error\":{\"message\":\"quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}")));
		withRetry().run((context) -> assertThat(catchThrowable(() -> context.getBean(AiApiTemplate.class).chat("Hi")))
			.isInstanceOf(QuotaExceededException.class));
		verifyChatCalls(1);
	}

	@Test
	void absurdRetryAfterIsNotSlept() {
		gateway.stubFor(chatCompletions().willReturn(json(429, "").withHeader("Retry-After", "36000")));
		withRetry().run((context) -> assertThat(catchThrowable(() -> context.getBean(AiApiTemplate.class).chat("Hi")))
			.isInstanceOfSatisfying(RateLimitExceededException.class,
					(ex) -> assertThat(ex.getRetryAfter()).contains(Duration.ofHours(10))));
		verifyChatCalls(1);
	}

	@Test
	void connectionResetIsRetried() {
		firstThenSecond(GatewayTestSupport::chatCompletions, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
				json(200, GatewayTestSupport.completion("ok")));
		withRetry().run((context) -> assertThat(context.getBean(AiApiTemplate.class).chat("Hi").content())
			.isEqualTo("ok"));
		verifyChatCalls(2);
	}

	@Test
	void randomDataThenCloseIsRetried() {
		firstThenSecond(GatewayTestSupport::chatCompletions, aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE),
				json(200, GatewayTestSupport.completion("ok")));
		withRetry().run((context) -> assertThat(context.getBean(AiApiTemplate.class).chat("Hi").content())
			.isEqualTo("ok"));
		verifyChatCalls(2);
	}

	@Test
	void readTimeoutIsRetriedForChat() {
		firstThenSecond(GatewayTestSupport::chatCompletions, json(200, GatewayTestSupport.completion("late")).withFixedDelay(1200),
				json(200, GatewayTestSupport.completion("ok")));
		withRetry().run((context) -> assertThat(context.getBean(AiApiTemplate.class).chat("Hi").content())
			.isEqualTo("ok"));
		verifyChatCalls(2);
	}

	@Test
	void readTimeoutIsNeverRetriedForTaskSubmission() {
		gateway.stubFor(post("/v1/videos")
			.willReturn(json(200, "{\"id\":\"task_1\",\"status\":\"queued\"}").withFixedDelay(1200)));
		withRetry().run((context) -> assertThat(catchThrowable(
				() -> context.getBean(AiApiTemplate.class).submitVideoTask(VideoTaskRequest.of("sora-2", "a cat"))))
			.isInstanceOf(AiApiTimeoutException.class));
		gateway.verify(1, postRequestedFor(urlEqualTo("/v1/videos")));
	}

	@Test
	void streamFailingBeforeItsFirstChunkIsRetried() {
		firstThenSecond(GatewayTestSupport::chatCompletions, json(503, "{\"error\":{\"message\":\"busy\",\"code\":\"\"}}"),
				aResponse().withHeader("Content-Type", "text/event-stream")
					.withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"));
		withRetry().run((context) -> StepVerifier
			.create(context.getBean(ReactiveAiApiTemplate.class)
				.chatStream(ChatCompletionRequest.ofUser("Hi").build())
				.map(ChatCompletionChunk::content))
			.expectNext("hi")
			.expectComplete()
			.verify(Duration.ofSeconds(5)));
		verifyChatCalls(2);
	}

	@Test
	void streamCutAfterChunksIsNotReplayed() {
		gateway.stubFor(chatCompletions().willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
			.withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"one \"},\"finish_reason\":null}]}\n\n"
					+ "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"two\"},\"finish_reason\":null}]}\n\n")));
		withRetry().run((context) -> StepVerifier
			.create(context.getBean(ReactiveAiApiTemplate.class).chatStream(ChatCompletionRequest.ofUser("Hi").build()))
			.expectNextCount(2)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(StreamTruncatedException.class,
					(truncated) -> assertThat(truncated.getReceivedContent()).isEqualTo("one two")))
			.verify(Duration.ofSeconds(5)));
		verifyChatCalls(1);
	}

	@Test
	void rawWebClientCallsAreRetriedToo() {
		firstThenSecond(() -> get("/v1/images/x"), json(502, "{\"error\":{\"message\":\"upstream\",\"code\":\"\"}}"),
				json(200, "{\"ok\":true}"));
		withRetry().run((context) -> {
			WebClient client = context.getBean("aiApiWebClient", WebClient.class);
			StepVerifier.create(client.get().uri("/v1/images/x").retrieve().bodyToMono(String.class))
				.expectNext("{\"ok\":true}")
				.expectComplete()
				.verify(Duration.ofSeconds(5));
		});
		gateway.verify(2, getRequestedFor(urlEqualTo("/v1/images/x")));
	}

	@Test
	void retryCanBeSwitchedOff() {
		gateway.stubFor(chatCompletions().willReturn(json(503, "{\"error\":{\"message\":\"busy\",\"code\":\"\"}}")));
		withRetry("aiapi.retry.enabled=false")
			.run((context) -> assertThat(catchThrowable(() -> context.getBean(AiApiTemplate.class).chat("Hi")))
				.isInstanceOf(ServiceUnavailableException.class));
		verifyChatCalls(1);
	}

	@Test
	void rateLimiterRejectsBeyondItsLimit() {
		gateway.stubFor(chatCompletions().willReturn(json(200, GatewayTestSupport.completion("ok"))));
		withRetry("aiapi.rate-limiter.limit-for-period=1", "aiapi.rate-limiter.timeout-duration=0s").run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			template.chat("Hi");
			assertThat(catchThrowable(() -> template.chat("Hi"))).isInstanceOf(ClientRateLimitedException.class);
		});
		verifyChatCalls(1);
	}

	@Test
	void customizerTunesResilienceFromCode() {
		gateway.stubFor(chatCompletions().willReturn(json(503, "{\"error\":{\"message\":\"busy\",\"code\":\"\"}}")));
		withRetry().withUserConfiguration(TwoAttempts.class).run((context) -> {
			assertThat(catchThrowable(() -> context.getBean(AiApiTemplate.class).chat("Hi")))
				.isInstanceOf(ServiceUnavailableException.class);
			assertThat(context).hasSingleBean(AiApiResilience.class);
			assertThat(context).doesNotHaveBean(io.github.resilience4j.retry.RetryRegistry.class);
			assertThat(context).doesNotHaveBean(io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.class);
			assertThat(context).doesNotHaveBean(io.github.resilience4j.ratelimiter.RateLimiterRegistry.class);
		});
		verifyChatCalls(2);
	}

	@Test
	void burstOf503OpensTheBreakerOfThatModelOnly() {
		gateway.stubFor(chatCompletions().withRequestBody(
				com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.model", com.github.tomakehurst.wiremock.client.WireMock.equalTo("flaky-model")))
			.willReturn(json(503, "{\"error\":{\"message\":\"busy\",\"code\":\"\"}}")));
		gateway.stubFor(chatCompletions().withRequestBody(
				com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.model", com.github.tomakehurst.wiremock.client.WireMock.equalTo("steady-model")))
			.willReturn(json(200, GatewayTestSupport.completion("steady"))));
		withRetry("aiapi.retry.enabled=false", "aiapi.circuit-breaker.minimum-number-of-calls=3",
				"aiapi.circuit-breaker.sliding-window-size=3")
			.run((context) -> {
				AiApiTemplate template = context.getBean(AiApiTemplate.class);
				ChatCompletionRequest flaky = ChatCompletionRequest.ofUser("Hi").model("flaky-model").build();
				for (int i = 0; i < 3; i++) {
					assertThat(catchThrowable(() -> template.chat(flaky))).isInstanceOf(ServiceUnavailableException.class);
				}
				assertThat(catchThrowable(() -> template.chat(flaky)))
					.isInstanceOfSatisfying(services.aiapi.error.CircuitBreakerOpenException.class,
							(open) -> assertThat(open.getBreaker()).isEqualTo("flaky-model"));
				assertThat(template.chat(ChatCompletionRequest.ofUser("Hi").model("steady-model").build()).content())
					.isEqualTo("steady");
			});
		gateway.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(
				com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.model", com.github.tomakehurst.wiremock.client.WireMock.equalTo("flaky-model"))));
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoAttempts {

		@Bean
		AiApiResilienceCustomizer twoAttempts() {
			return new AiApiResilienceCustomizer() {
				@Override
				public void customizeRetry(io.github.resilience4j.retry.RetryConfig.Builder<Object> builder) {
					builder.maxAttempts(2);
				}
			};
		}

	}

}
