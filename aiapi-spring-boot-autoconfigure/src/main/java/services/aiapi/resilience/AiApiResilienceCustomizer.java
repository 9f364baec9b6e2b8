package services.aiapi.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.RetryConfig;

/**
 * Callback to tune the starter's Resilience4j configurations from code, after the {@code aiapi.*} properties
 * are applied. Implement only the methods you need.
 */
public interface AiApiResilienceCustomizer {

	/**
	 * Customize the retry configuration.
	 * @param builder the builder, with the starter's predicate and wait function set
	 */
	default void customizeRetry(RetryConfig.Builder<Object> builder) {
	}

	/**
	 * Customize the rate limiter configuration.
	 * @param builder the builder
	 */
	default void customizeRateLimiter(RateLimiterConfig.Builder builder) {
	}

	/**
	 * Customize the configuration shared by the per-model circuit breakers.
	 * @param builder the builder, with the starter's record and ignore predicates set
	 */
	default void customizeCircuitBreaker(CircuitBreakerConfig.Builder builder) {
	}

}
