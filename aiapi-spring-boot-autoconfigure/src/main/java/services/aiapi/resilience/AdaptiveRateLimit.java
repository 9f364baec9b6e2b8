package services.aiapi.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.ratelimiter.RateLimiter;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpHeaders;

import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.ClientRateLimitedException;
import services.aiapi.error.RateLimit;
import services.aiapi.error.RateLimitExceededException;

/**
 * Adapts the client-side limiter to what the gateway advertises: {@code X-RateLimit-Limit-Requests} becomes the
 * limit per period, and when {@code X-RateLimit-Remaining-Requests} reaches 0 further calls wait until
 * {@code X-RateLimit-Reset-Requests} instead of sending requests certain to get 429. Responses without the headers
 * (stock gateways send none) change nothing.
 */
final class AdaptiveRateLimit {

	private final RateLimiter rateLimiter;

	private final java.time.Clock clock;

	private final Duration timeout;

	private final boolean adaptive;

	private final Duration maxPause;

	// Scheduler time (virtual in tests) until which the gateway said no requests remain.
	private final AtomicLong pausedUntilMillis = new AtomicLong();

	private final AtomicReference<@Nullable RateLimit> last = new AtomicReference<>();

	private volatile @Nullable SharedRateLimiter shared;

	AdaptiveRateLimit(RateLimiter rateLimiter, java.time.Clock clock, Duration timeout, boolean adaptive,
			Duration maxPause) {
		this.rateLimiter = rateLimiter;
		this.maxPause = maxPause;
		this.clock = clock;
		this.timeout = timeout;
		this.adaptive = adaptive;
	}

	void setShared(@Nullable SharedRateLimiter shared) {
		this.shared = shared;
	}

	/**
	 * Take note of an error response: its rate-limit headers and, for a 429 that says when to come back, a pause
	 * for every call until then.
	 * @param error the error
	 */
	void observe(AiApiResponseException error) {
		observe(error.getResponseHeaders());
		if (this.adaptive && error instanceof RateLimitExceededException rateLimited
				&& rateLimited.getRetryAfter().isPresent()) {
			hold(rateLimited.getRetryAfter().get());
		}
	}

	void observe(HttpHeaders headers) {
		RateLimit rateLimit = RateLimit.from(headers, this.clock).orElse(null);
		if (rateLimit == null) {
			return;
		}
		this.last.set(rateLimit);
		if (!this.adaptive) {
			return;
		}
		Long limit = rateLimit.limitRequests();
		SharedRateLimiter shared = this.shared;
		if (limit != null && limit > 0 && limit <= Integer.MAX_VALUE) {
			if (limit != this.rateLimiter.getRateLimiterConfig().getLimitForPeriod()) {
				this.rateLimiter.changeLimitForPeriod(limit.intValue());
			}
			if (shared != null) {
				shared.limitAdvertised(limit);
			}
		}
		if (rateLimit.remainingRequests() != null && rateLimit.remainingRequests() <= 0
				&& rateLimit.resetRequests() != null) {
			hold(rateLimit.resetRequests());
		}
	}

	// Every hold the gateway's headers start (a 429's wait, a reset with no requests remaining), here and in the
	// shared limit, lasts at most maxPause from now: an absurd header cannot stop calls for longer.
	private void hold(Duration requested) {
		long wait = Math.min(requested.toMillis(), this.maxPause.toMillis());
		if (wait <= 0) {
			return;
		}
		this.pausedUntilMillis.accumulateAndGet(now() + wait, Math::max);
		SharedRateLimiter shared = this.shared;
		if (shared != null) {
			shared.pauseUntil(this.clock.instant().plusMillis(wait));
		}
	}

	/**
	 * Return how long a request must wait for the gateway's advertised reset, failing at once when that is beyond
	 * the permit timeout.
	 * @return the wait in milliseconds, 0 or less for none
	 * @throws ClientRateLimitedException when the reset is further away than a call waits for a permit
	 */
	long resetWaitMillis() {
		long wait = this.pausedUntilMillis.get() - now();
		if (wait > this.timeout.toMillis()) {
			throw new ClientRateLimitedException(
					"the gateway reported no requests remaining until its reset in " + wait + " ms",
					Duration.ofMillis(wait), null);
		}
		return wait;
	}

	// how long the gateway's pause lasts still, without failing
	long pausedMillis() {
		return this.pausedUntilMillis.get() - now();
	}

	@Nullable RateLimit lastAdvertised() {
		return this.last.get();
	}

	private static long now() {
		return Schedulers.parallel().now(TimeUnit.MILLISECONDS);
	}

}
