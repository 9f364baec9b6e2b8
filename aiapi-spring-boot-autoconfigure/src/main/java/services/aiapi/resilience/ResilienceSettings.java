package services.aiapi.resilience;

import java.time.Duration;

/**
 * Settings of the three resilience mechanisms.
 *
 * @param retry retry settings
 * @param rateLimiter rate limiter settings
 * @param circuitBreaker circuit breaker settings
 */
public record ResilienceSettings(Retry retry, RateLimiter rateLimiter, CircuitBreaker circuitBreaker) {

	/** Longest server-requested wait honoured, and longest hold the gateway's headers start, by default. */
	public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(10);

	/** Longest a call spends waiting between its attempts, all waits added, by default. */
	public static final Duration DEFAULT_MAX_TOTAL_WAIT = Duration.ofSeconds(10);

	/** Attempts in the count-based window of each model's breaker, by default. */
	public static final int DEFAULT_SLIDING_WINDOW_SIZE = 100;

	/** Attempts a breaker must have seen before its failure rate counts, by default. */
	public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 50;

	/**
	 * Return the starter's defaults, the same as those of the {@code aiapi.*} properties: 4 attempts with
	 * backoff from 1 s and at most 10 s of waiting per call, 60 calls a minute, breakers opening at 50 % failures
	 * of the last 100 attempts (once 50 were seen).
	 * @return the settings
	 */
	public static ResilienceSettings defaults() {
		return new ResilienceSettings(
				new Retry(true, 4, Duration.ofSeconds(1), 2, 0.2, Duration.ofSeconds(30), DEFAULT_MAX_RETRY_AFTER,
						DEFAULT_MAX_TOTAL_WAIT, false),
				new RateLimiter(true, 60, Duration.ofMinutes(1), Duration.ofSeconds(10), true),
				new CircuitBreaker(true, 50, DEFAULT_SLIDING_WINDOW_SIZE, DEFAULT_MINIMUM_NUMBER_OF_CALLS,
						Duration.ofSeconds(30), 3));
	}

	/**
	 * Return the defaults with all three mechanisms switched off.
	 * @return the settings
	 */
	public static ResilienceSettings disabled() {
		ResilienceSettings defaults = defaults();
		Retry retry = defaults.retry();
		RateLimiter limiter = defaults.rateLimiter();
		CircuitBreaker breaker = defaults.circuitBreaker();
		return new ResilienceSettings(
				new Retry(false, retry.maxAttempts(), retry.waitDuration(), retry.multiplier(),
						retry.randomizationFactor(), retry.maxWaitDuration(), retry.maxRetryAfter(), retry.maxTotalWait(),
						retry.retryTaskSubmissionOnTimeout()),
				new RateLimiter(false, limiter.limitForPeriod(), limiter.limitRefreshPeriod(),
						limiter.timeoutDuration(), limiter.adaptive()),
				new CircuitBreaker(false, breaker.failureRateThreshold(), breaker.slidingWindowSize(),
						breaker.minimumNumberOfCalls(), breaker.waitDurationInOpenState(),
						breaker.permittedNumberOfCallsInHalfOpenState()));
	}

	/**
	 * Retry settings.
	 *
	 * @param enabled whether calls are retried
	 * @param maxAttempts attempts in all, the first included
	 * @param waitDuration the first backoff wait
	 * @param multiplier the backoff multiplier
	 * @param randomizationFactor the jitter, as a fraction of the wait
	 * @param maxWaitDuration the longest backoff wait
	 * @param maxRetryAfter the longest server-requested wait honoured, and the longest hold of other calls that the
	 * gateway's headers start; a longer wait fails the call at once
	 * @param maxTotalWait the longest a call spends waiting between its attempts, all waits added; a retry that
	 * would pass it is not made
	 * @param retryTaskSubmissionOnTimeout whether a task submission that may have reached the gateway is retried
	 */
	public record Retry(boolean enabled, int maxAttempts, Duration waitDuration, double multiplier,
			double randomizationFactor, Duration maxWaitDuration, Duration maxRetryAfter, Duration maxTotalWait,
			boolean retryTaskSubmissionOnTimeout) {

	}

	/**
	 * Rate limiter settings.
	 *
	 * @param enabled whether calls are rate limited
	 * @param limitForPeriod permits per period
	 * @param limitRefreshPeriod the period
	 * @param timeoutDuration the longest wait for a permit
	 * @param adaptive whether the server's {@code X-RateLimit-*} headers adjust the limiter
	 */
	public record RateLimiter(boolean enabled, int limitForPeriod, Duration limitRefreshPeriod,
			Duration timeoutDuration, boolean adaptive) {

	}

	/**
	 * Circuit breaker settings.
	 *
	 * @param enabled whether calls pass a breaker per model
	 * @param failureRateThreshold failure rate in percent that opens a breaker
	 * @param slidingWindowSize calls in the count-based sliding window
	 * @param minimumNumberOfCalls calls needed before the failure rate counts
	 * @param waitDurationInOpenState how long an open breaker fails calls before letting probes through
	 * @param permittedNumberOfCallsInHalfOpenState probe calls in the half-open state
	 */
	public record CircuitBreaker(boolean enabled, float failureRateThreshold, int slidingWindowSize,
			int minimumNumberOfCalls, Duration waitDurationInOpenState, int permittedNumberOfCallsInHalfOpenState) {

	}

}
