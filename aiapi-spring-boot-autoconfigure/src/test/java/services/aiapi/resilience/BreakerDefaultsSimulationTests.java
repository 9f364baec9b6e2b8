package services.aiapi.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import services.aiapi.error.AiApiRequestException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The breakers' defaults against the two models they must tell apart (issue 22, defect 9): a healthy-but-flaky
 * one, whose failed attempts the retries absorb, must practically never open its breaker; a dead one must open
 * it within a few dozen attempts. Simulated on the real breaker the starter builds, attempt by attempt.
 */
class BreakerDefaultsSimulationTests {

	private static final AiApiRequestException FAILURE = new AiApiRequestException("connection reset",
			services.aiapi.error.CallAttempt.UNKNOWN,
			null);

	// attempts until the breaker of a model failing each attempt with this probability opens, or -1
	private static long attemptsUntilOpen(ResilienceSettings settings, double failureRate, long attempts, long seed) {
		AiApiResilience resilience = new AiApiResilience(settings,
				Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC), List.of());
		CircuitBreaker breaker = resilience.circuitBreaker("flaky-model");
		SplittableRandom random = new SplittableRandom(seed);
		for (long attempt = 1; attempt <= attempts; attempt++) {
			if (!breaker.tryAcquirePermission()) {
				return attempt;
			}
			if (random.nextDouble() < failureRate) {
				breaker.onError(1, TimeUnit.MILLISECONDS, FAILURE);
			}
			else {
				breaker.onSuccess(1, TimeUnit.MILLISECONDS);
			}
		}
		return -1;
	}

	private static ResilienceSettings withWindow(int size, int minimum) {
		ResilienceSettings defaults = ResilienceSettings.defaults();
		ResilienceSettings.CircuitBreaker b = defaults.circuitBreaker();
		return new ResilienceSettings(defaults.retry(), defaults.rateLimiter(), new ResilienceSettings.CircuitBreaker(
				true, b.failureRateThreshold(), size, minimum, b.waitDurationInOpenState(),
				b.permittedNumberOfCallsInHalfOpenState()));
	}

	@Test
	void aFlakyModelNeverOpensItsBreakerWithTheDefaults() {
		// 20 % of attempts failing: the gateway, whose retries made 98 % of calls succeed; a million
		// attempts in each of 10 runs (some 10 hours at the rate)
		ResilienceSettings defaults = ResilienceSettings.defaults();
		for (long seed = 1; seed <= 10; seed++) {
			assertThat(attemptsUntilOpen(defaults, 0.20, 1_000_000, seed)).as("run %d", seed).isEqualTo(-1);
		}
		// and 25 %, a worse day
		assertThat(attemptsUntilOpen(defaults, 0.25, 1_000_000, 11)).isEqualTo(-1);
	}

	@Test
	void theOldDefaultsOpenedOnTheSameNoise() {
		// a window of 20 attempts with a minimum of 10 crossed 50 % by chance: the figure behind the new defaults
		long opened = 0;
		long totalAttempts = 0;
		for (long seed = 1; seed <= 10; seed++) {
			long attempts = attemptsUntilOpen(withWindow(20, 10), 0.20, 1_000_000, seed);
			if (attempts > 0) {
				opened++;
				totalAttempts += attempts;
			}
		}
		assertThat(opened).as("runs of 10 in which the old defaults opened").isEqualTo(10);
		System.out.printf("old defaults (window 20, minimum 10) at 20 %% failed attempts: opened in %d of 10 runs, "
				+ "after %d attempts on average%n", opened, totalAttempts / opened);
	}

	@Test
	void aDeadModelOpensItsBreakerAfterTheMinimumNumberOfAttempts() {
		ResilienceSettings defaults = ResilienceSettings.defaults();
		assertThat(attemptsUntilOpen(defaults, 1.0, 1000, 1)).isEqualTo(ResilienceSettings.DEFAULT_MINIMUM_NUMBER_OF_CALLS + 1);
		// a model failing most attempts opens it too, within a few windows
		assertThat(attemptsUntilOpen(defaults, 0.7, 10_000, 1)).isBetween(51L, 200L);
	}

	@Test
	void theDefaultsAreTheDocumentedOnes() {
		ResilienceSettings.CircuitBreaker breaker = ResilienceSettings.defaults().circuitBreaker();
		assertThat(breaker.slidingWindowSize()).isEqualTo(100);
		assertThat(breaker.minimumNumberOfCalls()).isEqualTo(50);
		assertThat(breaker.failureRateThreshold()).isEqualTo(50);
		assertThat(breaker.waitDurationInOpenState()).isEqualTo(Duration.ofSeconds(30));
	}

}
