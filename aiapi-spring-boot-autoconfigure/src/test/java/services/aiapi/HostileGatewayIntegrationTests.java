package services.aiapi;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;

import services.aiapi.autoconfigure.AiApiMetricsAutoConfiguration;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.BadGatewayException;
import services.aiapi.error.BadRequestException;
import services.aiapi.error.InvalidResponseException;
import services.aiapi.error.RateLimitExceededException;
import services.aiapi.error.RequestValidationException;
import services.aiapi.error.RetryAfter;
import services.aiapi.error.ServiceUnavailableException;
import services.aiapi.metrics.GenAiMetrics;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.resilience.AiApiResilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static services.aiapi.GatewayTestSupport.chatCompletions;
import static services.aiapi.GatewayTestSupport.completion;
import static services.aiapi.GatewayTestSupport.json;

/**
 * A gateway that misbehaves: bodies too large, too broken or too strange for a naive reader, statuses outside
 * every table, absurd header values, and callers who try to send the key elsewhere. Each call ends, typed, within
 * a bound. Every test here failed (or hung) before the call pipeline was rebuilt.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileGatewayIntegrationTests {

	private static final Duration BOUND = Duration.ofSeconds(10);

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	@RegisterExtension
	static WireMockExtension elsewhere = GatewayTestSupport.wireMock();

	@Test
	void errorBodyOver64KbWithALongMessageEndsTyped() {
		// cut at 64 KB inside the message: the JSON breaks, and a backtracking regex overflowed the stack
		String body = "{\"error\":{\"message\":\"" + "a\\\"b".repeat(60_000) + "\",\"code\":\"invalid_request\"}}";
		gateway.stubFor(chatCompletions().willReturn(json(400, body)));
		GatewayTestSupport.contextRunner(gateway).run((context) -> StepVerifier
			.create(context.getBean(ReactiveAiApiTemplate.class).chat("Hi"))
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(BadRequestException.class);
				AiApiResponseException response = (AiApiResponseException) ex;
				assertThat(response.getGatewayMessage()).startsWith("a\"ba\"b").hasSizeLessThanOrEqualTo(2048);
				assertThat(response.getGatewayError().bodyTruncated()).isTrue();
			})
			.verify(BOUND));
	}

	@Test
	void pageOfAngleBracketsIsSummarisedInBoundedTime() {
		gateway.stubFor(chatCompletions()
			.willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody("<".repeat(200_000))));
		GatewayTestSupport.contextRunner(gateway).run((context) -> StepVerifier
			.create(context.getBean(ReactiveAiApiTemplate.class).chat("Hi"))
			.expectError(BadGatewayException.class)
			.verify(BOUND));
	}

	@ParameterizedTest
	@ValueSource(ints = { 405, 408, 409, 418, 451, 499 })
	void statusOutsideTheTableWithNoBodyIsTyped(int status) {
		gateway.stubFor(chatCompletions().willReturn(aResponse().withStatus(status)));
		GatewayTestSupport.contextRunner(gateway).run((context) -> StepVerifier
			.create(context.getBean(ReactiveAiApiTemplate.class).chat("Hi"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AiApiResponseException.class)
				.satisfies((typed) -> assertThat(((AiApiResponseException) typed).getStatusCode().value())
					.isEqualTo(status)))
			.verify(BOUND));
	}

	@Test
	void absurdRateLimitHeadersOnASuccessAreClamped() {
		gateway.stubFor(chatCompletions().willReturn(json(200, completion("ok"))
			.withHeader("Retry-After", "9223372036854775807")
			.withHeader("X-RateLimit-Limit-Requests", "99999999999999999999")
			.withHeader("X-RateLimit-Remaining-Requests", "0")
			.withHeader("X-RateLimit-Reset-Requests", "3e16")));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			assertThat(context.getBean(AiApiTemplate.class).chat("Hi").content()).isEqualTo("ok");
			assertThat(context.getBean(AiApiResilience.class).getLastAdvertisedRateLimit().resetRequests())
				.isEqualTo(RetryAfter.MAX_WAIT);
		});
	}

	@Test
	void absurdRetryAfterOnA429IsClampedNotThrown() {
		gateway.stubFor(chatCompletions().willReturn(json(429, "{\"code\":\"rate_limit_exceeded\",\"message\":\"slow\"}")
			.withHeader("Retry-After", "9223372036854775807")
			.withHeader("X-RateLimit-Reset-Requests", "1e20")));
		GatewayTestSupport.contextRunner(gateway, "aiapi.retry.enabled=true").run((context) -> {
			Throwable thrown = catchThrowable(() -> context.getBean(AiApiTemplate.class).chat("Hi"));
			assertThat(thrown).isInstanceOf(RateLimitExceededException.class);
			assertThat(((RateLimitExceededException) thrown).getRetryAfter()).contains(RetryAfter.MAX_WAIT);
			assertThat(thrown.getMessage()).contains("rate_limit_exceeded");
			// a wait beyond max-retry-after is not slept: one request
			gateway.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
		});
	}

	@Test
	void exchangeRefusesAnAbsoluteUriAndSendsNothing() {
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			for (String path : new String[] { elsewhere.baseUrl() + "/v1/models", "//127.0.0.1:" + elsewhere.getPort()
					+ "/v1/models", "v1/models", "/v1/models\r\nX-Injected: 1", "/\\\\evil/v1" }) {
				assertThatExceptionOfType(RequestValidationException.class)
					.isThrownBy(() -> template.exchange(HttpMethod.GET, path, null, String.class))
					.satisfies((ex) -> assertThat(ex.getParam()).isEqualTo("path"));
			}
		});
		elsewhere.verify(0, anyRequestedFor(anyUrl()));
		gateway.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void exchangeTakesBracesLiterally() {
		gateway.stubFor(get(urlEqualTo("/v1/models/%7Bid%7D%20x")).willReturn(json(200, "{\"id\":\"m\"}")));
		GatewayTestSupport.contextRunner(gateway).run((context) -> assertThat(
				context.getBean(AiApiTemplate.class).exchange(HttpMethod.GET, "/v1/models/{id} x", null, String.class))
			.isEqualTo("{\"id\":\"m\"}"));
	}

	@Test
	void exchangeOfStringFailsTypedOnA200ErrorWhileBytesStayRaw() {
		String error = "{\"error\":{\"message\":\"model not found\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}";
		gateway.stubFor(get(urlEqualTo("/v1/models/nope")).willReturn(json(200, error)));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			assertThatExceptionOfType(AiApiResponseException.class)
				.isThrownBy(() -> template.exchange(HttpMethod.GET, "/v1/models/nope", null, String.class))
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("model_not_found"));
			assertThat(new String(template.exchange(HttpMethod.GET, "/v1/models/nope", null, byte[].class)))
				.isEqualTo(error);
		});
	}

	@Test
	void exchangeOfVoidCompletesEmptyUnlessTheBodyIsAnError() {
		gateway.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(urlEqualTo("/v1/files/f1"))
			.willReturn(aResponse().withStatus(204)));
		gateway.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(urlEqualTo("/v1/files/f2"))
			.willReturn(json(200, "{\"error\":{\"message\":\"no such file\",\"type\":\"invalid_request_error\",\"code\":\"invalid_request\"}}")));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			assertThat(template.exchange(HttpMethod.DELETE, "/v1/files/f1", null, Void.class)).isNull();
			assertThatExceptionOfType(BadRequestException.class)
				.isThrownBy(() -> template.exchange(HttpMethod.DELETE, "/v1/files/f2", null, Void.class));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { ".", "..", "...", ":", "-" })
	void taskIdsThatAreNotIdsAreRefused(String taskId) {
		GatewayTestSupport.contextRunner(gateway).run((context) -> assertThatExceptionOfType(
				RequestValidationException.class)
			.isThrownBy(() -> context.getBean(AiApiTemplate.class).getVideoTask(taskId)));
		gateway.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void modelNameWithLineBreaksNeitherForgesLogLinesNorReachesBreakers(CapturedOutput output) {
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			assertThatExceptionOfType(RequestValidationException.class)
				.isThrownBy(() -> context.getBean(AiApiTemplate.class)
					.chat(ChatCompletionRequest.ofUser("Hi").model("gpt\r\nWARN forged line").build()));
			assertThat(context.getBean(AiApiResilience.class).getCircuitBreakerRegistry().getAllCircuitBreakers())
				.extracting(CircuitBreaker::getName)
				.allSatisfy((name) -> assertThat(name).doesNotContainPattern("\\p{Cntrl}"));
		});
		assertThat(output.getAll()).doesNotContain("\nWARN forged line").contains("gpt??WARN forged line");
		gateway.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void bodyOverMaxResponseSizeSaysSo() {
		gateway.stubFor(chatCompletions().willReturn(json(200, completion("x".repeat(4096)))));
		GatewayTestSupport.contextRunner(gateway, "aiapi.max-response-size=1KB").run((context) -> StepVerifier
			.create(context.getBean(ReactiveAiApiTemplate.class).chat("Hi"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(InvalidResponseException.class)
				.hasMessageContaining("larger than aiapi.max-response-size"))
			.verify(BOUND));
	}

	@Test
	void errorBodyUnderADiscardHookIsReleasedOnce(CapturedOutput output) {
		// WebFlux's server puts a hook in the context that releases every buffer an operator drops; an error body
		// read with doOnNext(release).then() was released twice and Reactor Netty logged an ERROR
		gateway.stubFor(chatCompletions().willReturn(json(429, "{\"code\":\"rate_limit_exceeded\",\"message\":\"slow\"}")));
		GatewayTestSupport.contextRunner(gateway).run((context) -> StepVerifier
			.create(context.getBean(ReactiveAiApiTemplate.class)
				.chat("Hi")
				.doOnDiscard(DataBuffer.class, DataBufferUtils::release))
			.expectError(RateLimitExceededException.class)
			.verify(BOUND));
		assertThat(output.getAll()).doesNotContain("IllegalReferenceCountException");
	}

	@Test
	void plainJsonAnswerToAStreamRequestBecomesTheStream() {
		gateway.stubFor(chatCompletions().willReturn(json(200, completion("whole answer"))));
		GatewayTestSupport.contextRunner(gateway).run((context) -> StepVerifier
			.create(context.getBean(ReactiveAiApiTemplate.class)
				.chatStream(ChatCompletionRequest.ofUser("Hi").build())
				.map(ChatCompletionChunk::content))
			.expectNext("whole answer")
			.expectComplete()
			.verify(BOUND));
	}

	@Test
	void aRetryableErrorInA200BodyIsRetried() {
		gateway.stubFor(chatCompletions().inScenario("overloaded")
			.willReturn(json(200, "{\"error\":{\"message\":\"upstream overloaded\",\"type\":\"upstream_error\",\"code\":503}}"))
			.willSetStateTo("recovered"));
		gateway.stubFor(chatCompletions().inScenario("overloaded")
			.whenScenarioStateIs("recovered")
			.willReturn(json(200, completion("ok"))));
		GatewayTestSupport
			.contextRunner(gateway, "aiapi.retry.enabled=true", "aiapi.retry.wait-duration=10ms",
					"aiapi.retry.randomization-factor=0")
			.run((context) -> assertThat(context.getBean(AiApiTemplate.class).chat("Hi").content()).isEqualTo("ok"));
		gateway.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
	}

	@Test
	void exchangeOfATaskSubmissionIsNotRetriedAfterATimeout() {
		gateway.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/v1/video/generations")
			.willReturn(json(200, "{\"id\":\"task_1\",\"status\":\"queued\"}").withFixedDelay(1500)));
		GatewayTestSupport
			.contextRunner(gateway, "aiapi.retry.enabled=true", "aiapi.retry.wait-duration=10ms",
					"aiapi.read-timeout=300ms")
			.run((context) -> assertThat(catchThrowable(() -> context.getBean(AiApiTemplate.class)
				.exchange(HttpMethod.POST, "/v1/video/generations", java.util.Map.of("model", "sora-2", "prompt", "a cat"),
						String.class)))
				.isInstanceOf(AiApiTimeoutException.class));
		gateway.verify(1, postRequestedFor(urlEqualTo("/v1/video/generations")));
	}

	@Test
	void perModelStateIsBounded() {
		gateway.stubFor(chatCompletions().willReturn(json(200, completion("ok"))));
		GatewayTestSupport.contextRunner(gateway, "aiapi.max-tracked-models=3")
			.withConfiguration(AutoConfigurations.of(AiApiMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				AiApiTemplate template = context.getBean(AiApiTemplate.class);
				for (int i = 0; i < 20; i++) {
					template.chat(ChatCompletionRequest.ofUser("Hi").model("model-" + i).build());
				}
				Set<String> breakers = context.getBean(AiApiResilience.class)
					.getCircuitBreakerRegistry()
					.getAllCircuitBreakers()
					.stream()
					.map(CircuitBreaker::getName)
					.collect(Collectors.toSet());
				assertThat(breakers).containsExactlyInAnyOrder(AiApiResilience.NO_MODEL, "model-0", "model-1",
						"model-2", AiApiResilience.OTHER_MODELS);
				Set<String> tags = context.getBean(MeterRegistry.class)
					.find(GenAiMetrics.OPERATION_DURATION)
					.timers()
					.stream()
					.map((timer) -> timer.getId().getTag("gen_ai.request.model"))
					.collect(Collectors.toSet());
				assertThat(tags).containsExactlyInAnyOrder("model-0", "model-1", "model-2", "other");
			});
	}

	@Test
	void aBodyDrippedByteByByteEndsAtTheCallDeadline() {
		// each byte comes well within the read timeout, so only the call's deadline can end it
		String body = completion("slow");
		gateway.stubFor(chatCompletions().willReturn(json(200, body).withChunkedDribbleDelay(body.length(), 30_000)));
		GatewayTestSupport.contextRunner(gateway, "aiapi.timeout=1s", "aiapi.read-timeout=2s")
			.run((context) -> StepVerifier.create(context.getBean(ReactiveAiApiTemplate.class).chat("Hi"))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AiApiTimeoutException.class)
					.hasMessageContaining("aiapi.timeout"))
				.verify(BOUND));
	}

	@Test
	void aStreamOfPingsWithoutAChunkEndsAtTheCallDeadline() {
		// pings are lines, so the idle timeout never fires; the deadline to the first chunk does
		String pings = ": PING\n\n".repeat(400);
		gateway.stubFor(chatCompletions().willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream")
			.withBody(pings)
			.withChunkedDribbleDelay(400, 30_000)));
		GatewayTestSupport.contextRunner(gateway, "aiapi.timeout=1s", "aiapi.read-timeout=2s")
			.run((context) -> StepVerifier
				.create(context.getBean(ReactiveAiApiTemplate.class).chatStream(ChatCompletionRequest.ofUser("Hi").build()))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AiApiTimeoutException.class)
					.hasMessageContaining("aiapi.timeout"))
				.verify(BOUND));
	}

	@Test
	void theExceptionThatSurfacesNamesItsRequestAndItsAttempts() {
		gateway.stubFor(chatCompletions().willReturn(json(503, "{\"error\":{\"message\":\"busy\",\"code\":\"\"}}")));
		GatewayTestSupport
			.contextRunner(gateway, "aiapi.retry.enabled=true", "aiapi.retry.wait-duration=10ms",
					"aiapi.retry.max-attempts=3")
			.run((context) -> StepVerifier.create(context.getBean(ReactiveAiApiTemplate.class).chat("Hi"))
				.expectErrorSatisfies((ex) -> {
					ServiceUnavailableException unavailable = (ServiceUnavailableException) ex;
					assertThat(unavailable.getAttempts()).isEqualTo(3);
					assertThat(unavailable.getMessage()).endsWith("[after 3 attempts]");
					assertThat(unavailable.getRequestMethod()).isEqualTo(HttpMethod.POST);
					assertThat(unavailable.getRequestUri())
						.hasToString(gateway.baseUrl() + "/v1/chat/completions");
				})
				.verify(BOUND));
		gateway.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));
	}

	@Test
	void a503FromTheGatewayIsNotConfusedWithTheBoundedReader() {
		gateway.stubFor(chatCompletions().willReturn(json(503, "{\"error\":{\"message\":\"busy\",\"code\":\"\"}}")));
		GatewayTestSupport.contextRunner(gateway).run((context) -> StepVerifier
			.create(context.getBean(ReactiveAiApiTemplate.class).chat("Hi"))
			.expectError(ServiceUnavailableException.class)
			.verify(BOUND));
	}

}
