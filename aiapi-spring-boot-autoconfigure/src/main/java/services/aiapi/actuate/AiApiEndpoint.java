package services.aiapi.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import services.aiapi.AiApiClientSettings;
import services.aiapi.error.RateLimit;
import services.aiapi.http.ApiKey;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.ApiKeyPool;
import services.aiapi.resilience.ModelFallbacks;
import services.aiapi.resilience.PooledKey;
import services.aiapi.resilience.ResilienceSettings;
import services.aiapi.resilience.SharedRateLimiter;

/**
 * Read-only {@code aiapi} endpoint: where the starter calls, with which (masked) key, its timeouts and
 * resilience settings, and the live state of its rate limiter and per-model circuit breakers.
 */
@Endpoint(id = "aiapi")
public class AiApiEndpoint {

	private final String baseUrl;

	private final ApiKey apiKey;

	private final AiApiClientSettings settings;

	private final AiApiResilience resilience;

	private final @Nullable Duration connectTimeout;

	public AiApiEndpoint(String baseUrl, ApiKey apiKey, AiApiClientSettings settings, AiApiResilience resilience) {
		this(baseUrl, apiKey, settings, resilience, null);
	}

	/**
	 * Create an endpoint.
	 * @param baseUrl the gateway's base URL
	 * @param apiKey the key, shown masked
	 * @param settings defaults and timeouts
	 * @param resilience the resilience state
	 * @param connectTimeout the connect timeout of the client's connector, when known
	 */
	public AiApiEndpoint(String baseUrl, ApiKey apiKey, AiApiClientSettings settings, AiApiResilience resilience,
			@Nullable Duration connectTimeout) {
		this.baseUrl = baseUrl;
		this.apiKey = apiKey;
		this.settings = settings;
		this.resilience = resilience;
		this.connectTimeout = connectTimeout;
	}

	@ReadOperation
	public Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("baseUrl", this.baseUrl);
		description.put("apiKey", this.apiKey.masked());
		description.put("defaultModel", this.settings.defaultModel());
		description.put("defaultEmbeddingModel", this.settings.defaultEmbeddingModel());
		if (this.connectTimeout != null) {
			description.put("connectTimeout", this.connectTimeout.toString());
		}
		description.put("readTimeout", this.settings.readTimeout().toString());
		description.put("streamIdleTimeout", this.settings.streamIdleTimeout().toString());
		description.put("timeout", this.settings.timeout().toString());
		ResilienceSettings resilienceSettings = this.resilience.getSettings();
		description.put("retry", retry(resilienceSettings.retry()));
		description.put("rateLimiter", rateLimiter(resilienceSettings.rateLimiter()));
		description.put("circuitBreakers", circuitBreakers(resilienceSettings.circuitBreaker()));
		description.put("advertisedRateLimit", advertised(this.resilience.getLastAdvertisedRateLimit()));
		description.put("fallbacks", fallbacks(this.resilience.getFallbacks()));
		description.put("tasksInFlight", this.resilience.getTaskTracker().describeInFlight());
		ApiKeyPool pool = this.resilience.getKeyPool();
		if (pool != null) {
			// each key by name and masked suffix, never the key
			Map<String, Object> keys = new LinkedHashMap<>();
			keys.put("usable", pool.usableCount());
			keys.put("probeInterval", pool.getProbeInterval().toString());
			keys.put("keys", pool.getKeys().stream().map(PooledKey::describe).toList());
			description.put("keyPool", keys);
		}
		return description;
	}

	// what is in force: the Resilience4j configurations, after any AiApiResilienceCustomizer, where they say it
	private Map<String, Object> retry(ResilienceSettings.Retry retry) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("enabled", retry.enabled());
		map.put("maxAttempts",
				this.resilience.getRetryRegistry().retry(AiApiResilience.NAME).getRetryConfig().getMaxAttempts());
		map.put("waitDuration", retry.waitDuration().toString());
		map.put("exponentialBackoffMultiplier", retry.multiplier());
		map.put("maxWaitDuration", retry.maxWaitDuration().toString());
		map.put("maxRetryAfter", retry.maxRetryAfter().toString());
		map.put("retryTaskSubmissionOnTimeout", retry.retryTaskSubmissionOnTimeout());
		return map;
	}

	private Map<String, Object> rateLimiter(ResilienceSettings.RateLimiter settings) {
		RateLimiter limiter = this.resilience.getRateLimiter();
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("enabled", settings.enabled());
		map.put("limitForPeriod", limiter.getRateLimiterConfig().getLimitForPeriod());
		map.put("limitRefreshPeriod", limiter.getRateLimiterConfig().getLimitRefreshPeriod().toString());
		map.put("timeoutDuration", limiter.getRateLimiterConfig().getTimeoutDuration().toString());
		map.put("adaptive", settings.adaptive());
		map.put("availablePermissions", limiter.getMetrics().getAvailablePermissions());
		map.put("waitingCalls", limiter.getMetrics().getNumberOfWaitingThreads());
		SharedRateLimiter shared = this.resilience.getSharedRateLimiter();
		map.put("shared", (shared != null) ? shared.state() : Map.of("mode", "off"));
		return map;
	}

	private Map<String, Object> circuitBreakers(ResilienceSettings.CircuitBreaker settings) {
		CircuitBreakerConfig config = this.resilience.getCircuitBreakerRegistry().getDefaultConfig();
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("enabled", settings.enabled());
		map.put("failureRateThreshold", config.getFailureRateThreshold());
		map.put("slidingWindowSize", config.getSlidingWindowSize());
		map.put("minimumNumberOfCalls", config.getMinimumNumberOfCalls());
		map.put("waitDurationInOpenState",
				Duration.ofMillis(config.getWaitIntervalFunctionInOpenState().apply(1)).toString());
		map.put("permittedNumberOfCallsInHalfOpenState", config.getPermittedNumberOfCallsInHalfOpenState());
		Map<String, Object> models = new LinkedHashMap<>();
		for (CircuitBreaker breaker : this.resilience.getCircuitBreakerRegistry().getAllCircuitBreakers()) {
			Map<String, Object> state = new LinkedHashMap<>();
			state.put("state", breaker.getState().name());
			state.put("failureRate", breaker.getMetrics().getFailureRate());
			state.put("bufferedCalls", breaker.getMetrics().getNumberOfBufferedCalls());
			state.put("failedCalls", breaker.getMetrics().getNumberOfFailedCalls());
			state.put("notPermittedCalls", breaker.getMetrics().getNumberOfNotPermittedCalls());
			models.put(breaker.getName(), state);
		}
		map.put("models", models);
		return map;
	}

	// each configured chain in order, with how many calls each of its models answered
	private static Map<String, Object> fallbacks(ModelFallbacks fallbacks) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("onContentFilter", fallbacks.isOnContentFilter());
		Map<String, Object> chains = new LinkedHashMap<>();
		fallbacks.getServed().forEach((model, served) -> {
			List<Map<String, Object>> steps = new ArrayList<>();
			served.forEach((step, count) -> steps.add(Map.of("model", step, "served", count)));
			chains.put(model, steps);
		});
		map.put("chains", chains);
		return map;
	}

	private static @Nullable Map<String, Object> advertised(@Nullable RateLimit rateLimit) {
		if (rateLimit == null) {
			return null;
		}
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("limitRequests", rateLimit.limitRequests());
		map.put("remainingRequests", rateLimit.remainingRequests());
		map.put("resetRequests", (rateLimit.resetRequests() != null) ? rateLimit.resetRequests().toString() : null);
		return map;
	}

}
