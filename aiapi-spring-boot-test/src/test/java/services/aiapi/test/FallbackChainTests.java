package services.aiapi.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import services.aiapi.AiApiCallOptions;
import services.aiapi.AiApiResponse;
import services.aiapi.AiApiTemplate;
import services.aiapi.ReactiveAiApiTemplate;
import services.aiapi.actuate.AiApiEndpoint;
import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.autoconfigure.AiApiEndpointAutoConfiguration;
import services.aiapi.autoconfigure.AiApiMetricsAutoConfiguration;
import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.BadGatewayException;
import services.aiapi.error.CircuitBreakerOpenException;
import services.aiapi.error.ContentFilteredException;
import services.aiapi.error.FallbackFailure;
import services.aiapi.error.InvalidApiKeyException;
import services.aiapi.error.ModelNotFoundException;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.error.RequestValidationException;
import services.aiapi.error.StreamTruncatedException;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.VideoTask;
import services.aiapi.model.audio.SpeechRequest;
import services.aiapi.model.images.ImageRequest;
import services.aiapi.model.VideoTaskRequest;
import services.aiapi.model.messages.MessageRequest;
import services.aiapi.model.messages.MessageResponse;
import services.aiapi.model.responses.Response;
import services.aiapi.model.responses.ResponseRequest;
import services.aiapi.resilience.AiApiResilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Model fallback chains against the simulator, whose outages follow a test clock that the starter's breakers
 * follow too: the chain moves past a model that is down and comes back when it recovers, never on what another
 * model would hit too, never for a billable submit once sent, and a stream only before its first chunk.
 */
@ExtendWith(OutputCaptureExtension.class)
class FallbackChainTests {

	static final TestClock clock = new TestClock(Instant.parse("2026-12-04T12:00:00Z"));

	@RegisterExtension
	static AiApiSimulatorExtension gateway = new AiApiSimulatorExtension(AiApiSimulator.builder().clock(clock));

	private static final String FIRST = "gpt-4o-mini";

	private static final String SECOND = "gemini-2.5-flash";

	private static final String THIRD = "claude-sonnet-4";

	private ApplicationContextRunner runner(String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class,
					AiApiMetricsAutoConfiguration.class, AiApiEndpointAutoConfiguration.class,
					MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class))
			.withBean(Clock.class, () -> clock)
			.withPropertyValues("aiapi.base-url=" + gateway.simulator().baseUrl(),
					"aiapi.api-key=" + gateway.simulator().apiKey(), "aiapi.default-model=" + FIRST,
					"aiapi.retry.wait-duration=1ms", "aiapi.retry.max-wait-duration=2ms",
					"aiapi.rate-limiter.enabled=false", "aiapi.fallback.chains." + FIRST + "=" + SECOND + ", " + THIRD,
					"aiapi.fallback.chains.sora-2=gpt-image-1", "aiapi.circuit-breaker.sliding-window-size=4",
					"aiapi.circuit-breaker.minimum-number-of-calls=4",
					"aiapi.circuit-breaker.wait-duration-in-open-state=30s",
					"aiapi.circuit-breaker.permitted-number-of-calls-in-half-open-state=1",
					"management.endpoints.web.exposure.include=aiapi")
			.withPropertyValues(properties);
	}

	// what the chain attached (a blocking call also carries Reactor's own "#block terminated" record)
	private static List<FallbackFailure> earlier(Throwable failure) {
		return java.util.Arrays.stream(failure.getSuppressed())
			.filter(FallbackFailure.class::isInstance)
			.map(FallbackFailure.class::cast)
			.toList();
	}

	private static int requestsFor(String model) {
		return (int) gateway.simulator()
			.requests()
			.stream()
			.filter((request) -> model.equals(request.model()))
			.count();
	}

	@Test
	void aChainOfThreeMovesPastADownModelAndReturnsToItWhenItRecovers(CapturedOutput output) {
		gateway.simulator().modelDown(FIRST, Duration.ofMinutes(1));
		runner().run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			// the first call spends its four attempts on the first model (its breaker opens), then moves on
			AiApiResponse<ChatCompletion> first = template.withResponse((api) -> api.chat("Hello"));
			assertThat(first.model()).isEqualTo(SECOND);
			assertThat(first.value().model()).isEqualTo(SECOND);
			assertThat(requestsFor(FIRST)).isEqualTo(4);
			assertThat(context.getBean(AiApiResilience.class).circuitBreaker(FIRST).getState().name())
				.isEqualTo("OPEN");
			// while the breaker is open, calls go straight to the second model: nothing more reaches the first
			for (int i = 0; i < 3; i++) {
				assertThat(template.withResponse((api) -> api.chat("Hello")).model()).isEqualTo(SECOND);
			}
			assertThat(requestsFor(FIRST)).isEqualTo(4);
			assertThat(requestsFor(THIRD)).isZero();
			// the outage ends and the breaker's wait passes: calls return to the first model
			clock.advance(Duration.ofSeconds(61));
			assertThat(template.withResponse((api) -> api.chat("Hello")).model()).isEqualTo(FIRST);
			assertThat(template.withResponse((api) -> api.chat("Hello")).model()).isEqualTo(FIRST);
			assertThat(context.getBean(AiApiResilience.class).circuitBreaker(FIRST).getState().name())
				.isEqualTo("CLOSED");
			// the moves are counted per from/to model, and the endpoint shows how often each step served
			assertThat(context.getBean(MeterRegistry.class)
				.get("aiapi.client.fallbacks")
				.tags("operation", "chat", "from", FIRST, "to", SECOND)
				.counter()
				.count()).isEqualTo(4);
			@SuppressWarnings("unchecked")
			Map<String, Object> fallbacks = (Map<String, Object>) context.getBean(AiApiEndpoint.class)
				.describe()
				.get("fallbacks");
			assertThat((Map<String, Object>) fallbacks.get("chains")).containsEntry(FIRST,
					List.of(Map.of("model", FIRST, "served", 2L), Map.of("model", SECOND, "served", 4L),
							Map.of("model", THIRD, "served", 0L)));
		});
		// one INFO line per move, naming the models and the failure; never the key
		assertThat(output.getOut().lines().filter((line) -> line.contains("falls back from " + FIRST + " to " + SECOND)))
			.hasSize(4)
			.allSatisfy((line) -> assertThat(line).contains("INFO"));
		assertThat(output.getAll()).doesNotContain(gateway.simulator().apiKey());
	}

	@Test
	void whenEveryModelFailsTheLastFailureCarriesEachEarlierOne() {
		gateway.simulator().modelDown(FIRST, Duration.ofMinutes(1));
		gateway.simulator().modelWithoutChannel(SECOND, Duration.ofMinutes(1));
		gateway.simulator().modelDown(THIRD, Duration.ofMinutes(1));
		runner().run((context) -> {
			Throwable failure = catchThrowable(() -> context.getBean(AiApiTemplate.class).chat("Hello"));
			assertThat(failure).isInstanceOf(BadGatewayException.class);
			List<FallbackFailure> earlier = earlier(failure);
			assertThat(earlier).hasSize(2);
			assertThat(earlier.get(0).getModel()).isEqualTo(FIRST);
			assertThat(earlier.get(0).getCause()).isInstanceOfSatisfying(BadGatewayException.class,
					(cause) -> assertThat(cause.getAttempts()).isEqualTo(4));
			assertThat(earlier.get(0).getMessage()).startsWith("gpt-4o-mini failed (BadGatewayException): HTTP 502");
			assertThat(earlier.get(1).getModel()).isEqualTo(SECOND);
			assertThat(earlier.get(1).getCause()).isInstanceOf(ModelNotFoundException.class);
		});
		// the model without a channel is not retried: one request; the others four each
		assertThat(requestsFor(FIRST)).isEqualTo(4);
		assertThat(requestsFor(SECOND)).isEqualTo(1);
		assertThat(requestsFor(THIRD)).isEqualTo(4);
	}

	@Test
	void noMoveOnWhatAnotherModelWouldHitToo() {
		runner().run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			assertThat(catchThrowable(() -> template.chat("simulate: quota_not_enough")))
				.isInstanceOf(QuotaExceededException.class)
				.satisfies((ex) -> assertThat(earlier(ex)).isEmpty());
			assertThat(catchThrowable(() -> template.chat("about the forbidden-topic")))
				.isInstanceOf(ContentFilteredException.class);
			assertThat(catchThrowable(() -> template.chat("simulate: invalid_api_key")))
				.isInstanceOf(InvalidApiKeyException.class);
			assertThat(catchThrowable(() -> template.chat(ChatCompletionRequest.ofUser("Hi").temperature(7.0).build())))
				.isInstanceOf(RequestValidationException.class);
		});
		// three requests reached the gateway (the invalid temperature never left), all for the first model
		assertThat(gateway.simulator().requestCount("/v1/chat/completions")).isEqualTo(3);
		assertThat(requestsFor(FIRST)).isEqualTo(3);
	}

	@Test
	void aContentFilterMovesOnWhenConfiguredTo() {
		runner("aiapi.fallback.on-content-filter=true").run((context) -> {
			Throwable failure = catchThrowable(() -> context.getBean(AiApiTemplate.class).chat("about the forbidden-topic"));
			assertThat(failure).isInstanceOf(ContentFilteredException.class);
			assertThat(earlier(failure)).extracting(FallbackFailure::getModel).containsExactly(FIRST, SECOND);
		});
		assertThat(gateway.simulator().requestCount("/v1/chat/completions")).isEqualTo(3);
	}

	@Test
	void aStreamMovesOnBeforeItsFirstChunkAndNeverAfter() {
		runner("aiapi.circuit-breaker.enabled=false").run((context) -> {
			ReactiveAiApiTemplate template = context.getBean(ReactiveAiApiTemplate.class);
			gateway.simulator().modelDown(FIRST, Duration.ofMinutes(1));
			List<ChatCompletionChunk> chunks = template.chatStream(ChatCompletionRequest.ofUser("Tell me a story").build())
				.collectList()
				.block(Duration.ofSeconds(10));
			assertThat(chunks).isNotEmpty().allSatisfy((chunk) -> assertThat(chunk.model()).isEqualTo(SECOND));
			gateway.simulator().modelRestored(FIRST);
			gateway.simulator().reset();
			// cut after its third chunk: the subscriber has chunks of the first model, so nothing moves
			gateway.simulator().cutNextStream(3);
			StepVerifier.create(template.chatStream(ChatCompletionRequest.ofUser("Tell me a story").model(THIRD).build()))
				.expectNextCount(4)
				.expectError(StreamTruncatedException.class)
				.verify(Duration.ofSeconds(10));
			gateway.simulator().cutNextStream(3);
			StepVerifier.create(template.chatStream(ChatCompletionRequest.ofUser("Tell me a story").build()))
				.expectNextCount(4)
				.expectError(StreamTruncatedException.class)
				.verify(Duration.ofSeconds(10));
		});
		assertThat(requestsFor(FIRST)).isEqualTo(1);
		assertThat(requestsFor(THIRD)).isEqualTo(1);
		assertThat(requestsFor(SECOND)).isZero();
	}

	@Test
	void theResponsesAndMessagesApisFallBackToo() {
		gateway.simulator().modelWithoutChannel(FIRST, Duration.ofMinutes(1));
		runner().run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			Response response = template.createResponse(ResponseRequest.of("Hello").build());
			assertThat(response.model()).isEqualTo(SECOND);
			MessageResponse message = template.createMessage(MessageRequest.of("Hello", 100).build());
			assertThat(message.model()).isEqualTo(SECOND);
			assertThat(context.getBean(ReactiveAiApiTemplate.class)
				.createResponseStream(ResponseRequest.of("Hello").build())
				.collectList()
				.block(Duration.ofSeconds(10))).isNotEmpty();
		});
		assertThat(requestsFor(FIRST)).isEqualTo(3);
		assertThat(requestsFor(SECOND)).isEqualTo(3);
	}

	@Test
	void aCallsOwnChainReplacesTheConfiguredOne() {
		gateway.simulator().modelDown(FIRST, Duration.ofMinutes(1));
		runner().run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			assertThat(template.withOptions(AiApiCallOptions.builder().fallbacks(THIRD).build())
				.withResponse((api) -> api.chat("Hello"))
				.model()).isEqualTo(THIRD);
			// no chain of its own: the first model's breaker (opened by the call above) refuses, and nothing moves
			assertThat(catchThrowable(() -> template.withOptions(AiApiCallOptions.builder().fallbacks().build())
				.chat("Hello"))).isInstanceOf(CircuitBreakerOpenException.class)
				.satisfies((ex) -> assertThat(earlier(ex)).isEmpty());
		});
		assertThat(requestsFor(SECOND)).isZero();
	}

	@Test
	void aBillableSubmitMovesOnOnlyWhenNothingWasCharged() {
		runner("aiapi.read-timeout=300ms").run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			// a 502 after the submit was sent: retried as the gateway refused it, but never moved to another model
			gateway.simulator().modelDown("sora-2", Duration.ofMinutes(1));
			assertThat(catchThrowable(() -> template.submitVideoTask(VideoTaskRequest.of("sora-2", "A cat"))))
				.isInstanceOf(BadGatewayException.class);
			assertThat(requestsFor("gpt-image-1")).isZero();
			// no channel for the model: nothing was charged, so the chain moves on
			gateway.simulator().modelWithoutChannel("sora-2", Duration.ofMinutes(1));
			VideoTask task = template.submitVideoTask(VideoTaskRequest.of("sora-2", "A cat"));
			assertThat(task.model()).isEqualTo("gpt-image-1");
			gateway.simulator().modelRestored("sora-2");
			gateway.simulator().reset();
			// sent, and no answer within the read timeout: it may have been charged, so neither retried nor moved
			gateway.simulator().delayNext(1, Duration.ofSeconds(2));
			assertThat(catchThrowable(() -> template.submitVideoTask(VideoTaskRequest.of("sora-2", "A cat"))))
				.isInstanceOf(AiApiTimeoutException.class);
			assertThat(gateway.simulator().requestCount("/v1/videos")).isEqualTo(1);
		});
	}

	@Test
	void imagesAndSpeechMoveOnOnlyWhenTheGatewayHadNoChannel() {
		runner("aiapi.fallback.chains.gpt-image-1=sora-2", "aiapi.fallback.chains.gpt-4o-mini-tts=sora-2")
			.run((context) -> {
				AiApiTemplate template = context.getBean(AiApiTemplate.class);
				gateway.simulator().modelWithoutChannel("gpt-image-1", Duration.ofMinutes(1));
				assertThat(template.withResponse((api) -> api.generateImage(ImageRequest.of("A cat").model("gpt-image-1").build()))
					.model()).isEqualTo("sora-2");
				gateway.simulator().modelDown("gpt-4o-mini-tts", Duration.ofMinutes(1));
				assertThat(catchThrowable(() -> template.speech(SpeechRequest.of("gpt-4o-mini-tts", "Hello", "alloy").withFormat("wav"),
						java.nio.file.Files.createTempFile("speech", ".wav"))))
					.isInstanceOf(BadGatewayException.class);
				// and with no channel for the speech model, nothing was charged: it moves on
				gateway.simulator().modelWithoutChannel("gpt-4o-mini-tts", Duration.ofMinutes(1));
				try (java.io.InputStream speech = template
					.speech(SpeechRequest.of("gpt-4o-mini-tts", "Hello", "alloy").withFormat("wav"))) {
					assertThat(speech.readAllBytes()).isNotEmpty();
				}
			});
		// the image and the second speech moved to the chain's model; the first speech (a 502 after sending) did not
		assertThat(gateway.simulator().requests().stream().filter((request) -> "sora-2".equals(request.model())))
			.hasSize(2);
	}

	@Test
	void theWholeChainStaysWithinTheCallsDeadline() {
		gateway.simulator().delayNext(10, Duration.ofSeconds(2));
		runner("aiapi.read-timeout=250ms", "aiapi.timeout=600ms").run((context) -> {
			long start = System.nanoTime();
			Throwable failure = catchThrowable(() -> context.getBean(AiApiTemplate.class).chat("Hello"));
			assertThat(failure).isInstanceOfSatisfying(AiApiTimeoutException.class,
					(timeout) -> assertThat(timeout.getPhase()).isEqualTo(AiApiTimeoutException.Phase.CALL));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
		});
	}

}
