package services.aiapi.resilience;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import services.aiapi.MutableClock;
import services.aiapi.ReactiveAiApiTemplate;
import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.CircuitBreakerOpenException;
import services.aiapi.error.InternalServerErrorException;
import services.aiapi.error.ServiceUnavailableException;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call pipeline's bounds and the reach of its resilience, in virtual time: a call-level deadline over all
 * attempts and the body, a bounded drain of an endless error body, retry of errors found in a 200 body or before a
 * stream's first chunk (never after it), and breakers that count them.
 */
class CallPipelineVirtualTimeTests {

	private static final Duration VERIFY = Duration.ofSeconds(5);

	private static final String OVERLOADED = "{\"error\":{\"message\":\"upstream overloaded\",\"type\":\"upstream_error\",\"code\":503}}";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

	private final ScriptedGateway gateway = new ScriptedGateway();

	private ReactiveAiApiTemplate template(boolean retry, boolean breaker) {
		return this.gateway.template(ScriptedGateway.resilience(settings(retry, breaker), this.clock), this.clock);
	}

	private static ResilienceSettings settings(boolean retry, boolean breaker) {
		ResilienceSettings defaults = ScriptedGateway.settings();
		ResilienceSettings.Retry r = defaults.retry();
		ResilienceSettings.CircuitBreaker b = defaults.circuitBreaker();
		return new ResilienceSettings(
				new ResilienceSettings.Retry(retry, r.maxAttempts(), r.waitDuration(), r.multiplier(),
						r.randomizationFactor(), r.maxWaitDuration(), r.maxRetryAfter(), r.maxTotalWait(), false),
				defaults.rateLimiter(), new ResilienceSettings.CircuitBreaker(breaker, b.failureRateThreshold(),
						b.slidingWindowSize(), b.minimumNumberOfCalls(), b.waitDurationInOpenState(), 1));
	}

	@Test
	void aBodyThatNeverEndsEndsAtTheCallDeadline() {
		this.gateway.respond(200, "application/json", Flux.concat(Flux.just("{\"id\":"), Flux.never()));
		StepVerifier
			.withVirtualTime(() -> this.gateway
				.template(ScriptedGateway.resilience(settings(true, true), this.clock), this.clock, Duration.ofSeconds(90))
				.chat("Hi"))
			.expectSubscription()
			.expectNoEvent(Duration.ofSeconds(89))
			.thenAwait(Duration.ofSeconds(1))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AiApiTimeoutException.class)
				.hasMessageContaining("aiapi.timeout")
				.satisfies((timeout) -> assertThat(((AiApiTimeoutException) timeout).getPhase())
					.isEqualTo(AiApiTimeoutException.Phase.CALL)))
			.verify(VERIFY);
	}

	@Test
	void anEndlessErrorBodyIsDrainedWithinABound() {
		// the body is endless, and never names its end
		this.gateway.respond(500, "text/plain",
				Flux.defer(() -> Flux.interval(Duration.ofMillis(100)).map((tick) -> "overloaded ")));
		StepVerifier
			.withVirtualTime(() -> template(false, false)
				.chat("Hi"))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(6))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(InternalServerErrorException.class)
				.hasMessageContaining("overloaded"))
			.verify(VERIFY);
	}

	@Test
	void aRetryableErrorInA200BodyIsRetriedAfterBackoff() {
		this.gateway.respond(200, OVERLOADED).respond(200, ScriptedGateway.completion());
		StepVerifier
			.withVirtualTime(() -> template(true, false)
				.chat("Hi"))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(2))
			.assertNext((completion) -> assertThat(completion.content()).isEqualTo("ok"))
			.expectComplete()
			.verify(VERIFY);
		assertThat(this.gateway.calls()).isEqualTo(2);
	}

	@Test
	void errorsInA200BodyCountForTheBreaker() {
		AiApiResilience resilience = ScriptedGateway.resilience(settings(false, true), this.clock);
		this.gateway.respond(4, 200, OVERLOADED);
		for (int i = 0; i < 4; i++) {
			StepVerifier.create(this.gateway.template(resilience, this.clock).chat("Hi"))
				.expectError(ServiceUnavailableException.class)
				.verify(VERIFY);
		}
		StepVerifier.create(this.gateway.template(resilience, this.clock).chat("Hi"))
			.expectError(CircuitBreakerOpenException.class)
			.verify(VERIFY);
		assertThat(this.gateway.calls()).isEqualTo(4);
	}

	@Test
	void anErrorEventBeforeTheFirstChunkIsRetried() {
		this.gateway.respond(200, "text/event-stream", Flux.just("data: " + OVERLOADED + "\n\n"))
			.respond(200, "text/event-stream", Flux.just(chunk("Hel", null), chunk("lo", "stop"), "data: [DONE]\n\n"));
		StepVerifier
			.withVirtualTime(() -> template(true, false)
				.chatStream(ChatCompletionRequest.ofUser("Hi").build())
				.map(ChatCompletionChunk::content))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(2))
			.expectNext("Hel", "lo")
			.expectComplete()
			.verify(VERIFY);
		assertThat(this.gateway.calls()).isEqualTo(2);
	}

	@Test
	void anErrorAfterTheFirstChunkIsNeverReplayed() {
		this.gateway.respond(200, "text/event-stream", Flux.just(chunk("Hel", null), "data: " + OVERLOADED + "\n\n"))
			.respond(200, ScriptedGateway.completion());
		StepVerifier
			.withVirtualTime(() -> template(true, false)
				.chatStream(ChatCompletionRequest.ofUser("Hi").build())
				.map(ChatCompletionChunk::content))
			.expectSubscription()
			.expectNext("Hel")
			.thenAwait(Duration.ofSeconds(30))
			.expectError(ServiceUnavailableException.class)
			.verify(VERIFY);
		assertThat(this.gateway.calls()).isEqualTo(1);
	}

	private static String chunk(String content, String finishReason) {
		return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
				+ content + "\"},\"finish_reason\":" + ((finishReason != null) ? "\"" + finishReason + "\"" : "null")
				+ "}]}\n\n";
	}

}
