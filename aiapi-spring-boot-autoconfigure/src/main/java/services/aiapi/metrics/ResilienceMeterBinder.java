package services.aiapi.metrics;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import services.aiapi.error.RateLimit;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.SharedRateLimiter;

/**
 * Binds Resilience4j's own tagged metrics for the starter's retry, rate limiter and circuit breakers (breakers
 * of models first seen later are added as they appear), and gauges of the rate limit the gateway last
 * advertised.
 */
public class ResilienceMeterBinder implements MeterBinder {

	private final AiApiResilience resilience;

	public ResilienceMeterBinder(AiApiResilience resilience) {
		this.resilience = resilience;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		TaggedRetryMetrics.ofRetryRegistry(this.resilience.getRetryRegistry()).bindTo(registry);
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(this.resilience.getCircuitBreakerRegistry())
			.bindTo(registry);
		TaggedRateLimiterMetrics.ofRateLimiterRegistry(this.resilience.getRateLimiterRegistry()).bindTo(registry);
		Gauge.builder("aiapi.ratelimit.advertised.limit", this.resilience, (r) -> figure(r, true))
			.description("Requests per period the gateway last advertised (X-RateLimit-Limit-Requests)")
			.register(registry);
		Gauge.builder("aiapi.ratelimit.advertised.remaining", this.resilience, (r) -> figure(r, false))
			.description("Requests remaining the gateway last advertised (X-RateLimit-Remaining-Requests)")
			.register(registry);
		SharedRateLimiter shared = this.resilience.getSharedRateLimiter();
		if (shared != null) {
			Gauge.builder("aiapi.ratelimit.shared.active", shared, (s) -> s.isActive() ? 1 : 0)
				.description("1 while permits come from the rate limit shared through Redis, 0 while this instance "
						+ "falls back to its own")
				.register(registry);
			FunctionCounter
				.builder("aiapi.ratelimit.shared.fallbacks", shared,
						SharedRateLimiter::getFallbacks)
				.description("Calls that took their permit from this instance's own limiter because the shared "
						+ "one could not answer in time (Redis slow, down or not connected)")
				.register(registry);
		}
	}

	private static double figure(AiApiResilience resilience, boolean limit) {
		RateLimit rateLimit = resilience.getLastAdvertisedRateLimit();
		Long value = (rateLimit == null) ? null : limit ? rateLimit.limitRequests() : rateLimit.remainingRequests();
		return (value != null) ? value : Double.NaN;
	}

}
