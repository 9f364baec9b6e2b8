package services.aiapi.resilience;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;
import reactor.test.scheduler.VirtualTimeScheduler;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import services.aiapi.error.CallAttempt;
import services.aiapi.error.CircuitBreakerOpenException;
import services.aiapi.error.GatewayError;
import services.aiapi.error.ServiceUnavailableException;
import services.aiapi.http.AiApiOperation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one operator that carries a call's resilience: the caller's demand across retries, the attempt number in
 * each attempt's context, the breaker's permission given back when the caller leaves, and nothing started after
 * the caller cancelled a retry's wait.
 */
class ResilientCallTests {

	private static final Duration VERIFY = Duration.ofSeconds(5);

	private static AiApiResilience resilience(int halfOpenCalls) {
		ResilienceSettings defaults = ResilienceSettings.defaults();
		ResilienceSettings.Retry r = defaults.retry();
		ResilienceSettings.CircuitBreaker b = defaults.circuitBreaker();
		return new AiApiResilience(new ResilienceSettings(
				new ResilienceSettings.Retry(true, 4, Duration.ofMillis(100), 1, 0, Duration.ofMillis(100),
						r.maxRetryAfter(), r.maxTotalWait(), false),
				new ResilienceSettings.RateLimiter(true, 1000, Duration.ofSeconds(1), Duration.ofSeconds(1), true),
				new ResilienceSettings.CircuitBreaker(true, b.failureRateThreshold(), b.slidingWindowSize(),
						b.minimumNumberOfCalls(), b.waitDurationInOpenState(), halfOpenCalls)),
				Clock.systemUTC(), List.of());
	}

	private static ServiceUnavailableException unavailable(int attempt) {
		return new ServiceUnavailableException(
				new CallAttempt(HttpMethod.POST, URI.create("https://aiapi.services/v1/chat/completions"), attempt),
				HttpStatus.SERVICE_UNAVAILABLE, HttpHeaders.EMPTY,
				new GatewayError("service_unavailable", "busy", null, null, null, "{}", false), "req-" + attempt);
	}

	@Test
	void theCallersDemandIsKeptAcrossRetriesAndEachAttemptKnowsItsNumber() {
		AiApiResilience resilience = resilience(3);
		List<Integer> numbers = new CopyOnWriteArrayList<>();
		Flux<Integer> attempt = Flux.deferContextual((context) -> {
			int number = context.get(CallAttempt.CONTEXT_KEY);
			numbers.add(number);
			return (number < 3) ? Flux.error(unavailable(number)) : Flux.range(1, 10);
		});
		StepVerifier
			.withVirtualTime(() -> resilience.decorateStream(AiApiOperation.CHAT_STREAM, "gpt-4o", attempt), 0)
			.expectSubscription()
			.thenRequest(2)
			.thenAwait(Duration.ofSeconds(1))
			.expectNext(1, 2)
			.expectNoEvent(Duration.ofSeconds(1))
			.thenRequest(3)
			.expectNext(3, 4, 5)
			.expectNoEvent(Duration.ofSeconds(1))
			.thenRequest(Long.MAX_VALUE)
			.expectNext(6, 7, 8, 9, 10)
			.verifyComplete();
		assertThat(numbers).containsExactly(1, 2, 3);
	}

	@Test
	void aStreamIsNotRetriedAfterItsFirstElementAndItsFailureCountsOnTheBreaker() {
		AiApiResilience resilience = resilience(3);
		AtomicInteger subscriptions = new AtomicInteger();
		Flux<Integer> attempt = Flux.defer(() -> {
			subscriptions.incrementAndGet();
			return Flux.concat(Flux.just(1), Flux.error(unavailable(1)));
		});
		StepVerifier.create(resilience.decorateStream(AiApiOperation.CHAT_STREAM, "gpt-4o", attempt))
			.expectNext(1)
			.expectError(ServiceUnavailableException.class)
			.verify(VERIFY);
		assertThat(subscriptions).hasValue(1);
		CircuitBreaker.Metrics metrics = resilience.circuitBreaker("gpt-4o").getMetrics();
		assertThat(metrics.getNumberOfFailedCalls()).isEqualTo(1);
		assertThat(metrics.getNumberOfSuccessfulCalls()).isZero();
	}

	@Test
	void aCallerThatLeavesGivesTheBreakersPermissionBack() {
		AiApiResilience resilience = resilience(1);
		CircuitBreaker breaker = resilience.circuitBreaker("gpt-4o");
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
		// the one probe the half-open breaker lets through is cancelled by its caller
		Sinks.One<String> never = Sinks.one();
		Disposable probe = resilience.decorate(AiApiOperation.CHAT, "gpt-4o", never.asMono()).subscribe();
		assertThat(never.currentSubscriberCount()).isOne();
		probe.dispose();
		assertThat(never.currentSubscriberCount()).isZero();
		// had the permission been kept, the breaker would refuse the next call
		StepVerifier.create(resilience.decorate(AiApiOperation.CHAT, "gpt-4o", Mono.just("ok")))
			.expectNext("ok")
			.verifyComplete();
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		StepVerifier.create(resilience.decorate(AiApiOperation.CHAT, "gpt-4o", Mono.just("again")))
			.expectNext("again")
			.verifyComplete();
	}

	@Test
	void aHalfOpenBreakerRefusesASecondProbeWhileTheFirstIsOut() {
		AiApiResilience resilience = resilience(1);
		CircuitBreaker breaker = resilience.circuitBreaker("gpt-4o");
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
		TestPublisher<String> probe = TestPublisher.create();
		StepVerifier.create(resilience.decorate(AiApiOperation.CHAT, "gpt-4o", probe.mono()))
			.expectSubscription()
			.then(() -> StepVerifier.create(resilience.decorate(AiApiOperation.CHAT, "gpt-4o", Mono.just("second")))
				.expectError(CircuitBreakerOpenException.class)
				.verify(VERIFY))
			.then(() -> probe.emit("first"))
			.expectNext("first")
			.verifyComplete();
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void cancellingDuringARetrysWaitStartsNoFurtherAttempt() {
		AiApiResilience resilience = resilience(3);
		AtomicInteger subscriptions = new AtomicInteger();
		Mono<String> attempt = Mono.defer(() -> {
			subscriptions.incrementAndGet();
			return Mono.error(unavailable(subscriptions.get()));
		});
		VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
		try {
			Disposable call = resilience.decorate(AiApiOperation.CHAT, "gpt-4o", attempt).subscribe();
			time.advanceTimeBy(Duration.ofMillis(50));
			call.dispose();
			time.advanceTimeBy(Duration.ofSeconds(10));
		}
		finally {
			VirtualTimeScheduler.reset();
		}
		assertThat(subscriptions).hasValue(1);
		assertThat(resilience.circuitBreaker("gpt-4o").getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
	}

	@Test
	void retriesEndWithTheLastFailureAndItsAttemptCount() {
		AiApiResilience resilience = resilience(3);
		Mono<String> attempt = Mono.deferContextual(
				(context) -> Mono.error(unavailable(context.<Integer>get(CallAttempt.CONTEXT_KEY))));
		StepVerifier.withVirtualTime(() -> resilience.decorate(AiApiOperation.CHAT, "gpt-4o", attempt))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(1))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ServiceUnavailableException.class)
				.satisfies((unavailable) -> assertThat(((ServiceUnavailableException) unavailable).getAttempts())
					.isEqualTo(4)))
			.verify(VERIFY);
		assertThat(resilience.getRetryRegistry().retry(AiApiResilience.NAME).getMetrics()
			.getNumberOfFailedCallsWithRetryAttempt()).isEqualTo(1);
	}

}
