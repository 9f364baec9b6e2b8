package services.aiapi.health;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;

import services.aiapi.error.AiApiException;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.RateLimit;
import services.aiapi.error.RateLimitExceededException;
import services.aiapi.http.AiApiOperation;
import services.aiapi.http.AiApiRequestAttributes;
import services.aiapi.quota.AiApiBalance;
import services.aiapi.quota.AiApiKeyBalances;
import services.aiapi.resilience.ApiKeyPool;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.SharedRateLimiter;

/**
 * Reports whether the gateway is reachable with the configured key, by probing {@code GET /v1/models} — free,
 * never a billable call. The probe bypasses the application's rate limiter and circuit breakers, is bounded by a
 * short timeout, and its result is cached so frequent health checks do not become frequent gateway calls.
 *
 * <p>UP when the gateway answers (a 429 included: throttled but alive); DOWN on an invalid key, exhausted quota,
 * a 5xx, a timeout or a connection failure, with the gateway's code in the details. Never shows the key.
 */
public class AiApiHealthIndicator extends AbstractReactiveHealthIndicator {

	private static final Duration NO_CACHE = Duration.ZERO;

	/** Status of a gateway that answers while the key's balance is low or exhausted (HTTP 200 by default). */
	public static final String LOW_QUOTA = "LOW_QUOTA";

	private static final Status LOW_QUOTA_STATUS = new Status(LOW_QUOTA,
			"The key's balance is below aiapi.quota.warn-below, or a call failed for quota");

	private final WebClient webClient;

	private final AiApiResilience resilience;

	private final String host;

	private final Duration timeout;

	private final Duration cacheTtl;

	private final Clock clock;

	private volatile @Nullable CachedHealth cached;

	private volatile @Nullable AiApiBalance balance;

	private volatile @Nullable AiApiKeyBalances keyBalances;

	/**
	 * Create an indicator.
	 * @param webClient the starter's gateway client
	 * @param resilience the starter's resilience state, for breaker and rate-limit details
	 * @param baseUrl the gateway's base URL, whose host is shown
	 * @param timeout the longest wait for the probe
	 * @param cacheTtl how long a probe result is reused
	 * @param clock the clock the cache is timed with
	 */
	public AiApiHealthIndicator(WebClient webClient, AiApiResilience resilience, String baseUrl, Duration timeout,
			Duration cacheTtl, Clock clock) {
		super("aiapi.services gateway health check failed");
		Assert.notNull(webClient, "WebClient must not be null");
		this.webClient = webClient;
		this.resilience = resilience;
		this.host = URI.create(baseUrl).getHost();
		this.timeout = timeout;
		this.cacheTtl = (cacheTtl != null) ? cacheTtl : NO_CACHE;
		this.clock = clock;
	}

	/**
	 * Show the key's balance in the details, and report {@value #LOW_QUOTA} when the gateway answers but the
	 * balance is low or exhausted.
	 * @param balance the balance view, or {@code null}
	 */
	public void setBalance(@Nullable AiApiBalance balance) {
		this.balance = balance;
	}

	/**
	 * With a key pool, show each key's balance and report {@value #LOW_QUOTA} when the pool's total is low.
	 * @param keyBalances the balances, or {@code null}
	 */
	public void setKeyBalances(@Nullable AiApiKeyBalances keyBalances) {
		this.keyBalances = keyBalances;
	}

	@Override
	protected Mono<Health> doHealthCheck(Health.Builder builder) {
		CachedHealth current = this.cached;
		Instant now = this.clock.instant();
		if (current != null && now.isBefore(current.expires())) {
			return Mono.just(withBalance(current.health()));
		}
		return probe().doOnNext((health) -> this.cached = new CachedHealth(health, now.plus(this.cacheTtl)))
			.map(this::withBalance);
	}

	// the balance changes between probes: it is added to every answer, cached or not
	private Health withBalance(Health health) {
		ApiKeyPool pool = this.resilience.getKeyPool();
		if (pool != null) {
			return withKeys(health, pool);
		}
		AiApiBalance balance = this.balance;
		if (balance == null) {
			return health;
		}
		AiApiBalance.Snapshot snapshot = balance.current();
		Map<String, Object> quota = new LinkedHashMap<>();
		quota.put("unlimited", snapshot.unlimited());
		quota.put("exhausted", snapshot.exhausted());
		putIfKnown(quota, "remaining", snapshot.remainingUsd());
		putIfKnown(quota, "limit", snapshot.limitUsd());
		putIfKnown(quota, "usage", snapshot.usageUsd());
		putIfKnown(quota, "warnBelow", balance.getWarnBelowUsd());
		putIfKnown(quota, "readAt", (snapshot.readAt() != null) ? snapshot.readAt().toString() : null);
		putIfKnown(quota, "error", snapshot.error());
		putIfKnown(quota, "lastQuotaError", snapshot.lastQuotaError());
		Status status = (Status.UP.equals(health.getStatus()) && balance.isLow()) ? LOW_QUOTA_STATUS
				: health.getStatus();
		return Health.status(status).withDetails(health.getDetails()).withDetail("quota", quota).build();
	}

	// A pool is DOWN only when no key is usable: a probe refused for its key (revoked, out of quota) says nothing of
	// the others; LOW_QUOTA when the pool's total balance is below the threshold. Each key by name and masked suffix.
	private Health withKeys(Health health, ApiKeyPool pool) {
		int usable = pool.usableCount();
		Status status = health.getStatus();
		Object error = health.getDetails().get("error");
		boolean keyRefused = "InvalidApiKeyException".equals(error) || "QuotaExceededException".equals(error);
		if (usable == 0) {
			status = Status.DOWN;
		}
		else if (Status.DOWN.equals(status) && keyRefused) {
			status = Status.UP;
		}
		AiApiKeyBalances balances = this.keyBalances;
		if (Status.UP.equals(status) && balances != null && balances.isLow()) {
			status = LOW_QUOTA_STATUS;
		}
		List<Map<String, Object>> keys = new ArrayList<>();
		pool.getKeys().forEach((key) -> keys.add(key.describe()));
		Health.Builder builder = Health.status(status)
			.withDetails(health.getDetails())
			.withDetail("usableKeys", usable)
			.withDetail("keys", keys);
		if (balances != null) {
			Map<String, Object> quota = new LinkedHashMap<>();
			putIfKnown(quota, "totalRemaining", balances.totalRemainingUsd());
			putIfKnown(quota, "warnBelow", balances.getWarnBelowUsd());
			builder.withDetail("quota", quota);
		}
		return builder.build();
	}

	private static void putIfKnown(Map<String, Object> details, String name, @Nullable Object value) {
		if (value != null) {
			details.put(name, value);
		}
	}

	private Mono<Health> probe() {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			return this.webClient.get()
				.uri("/v1/models")
				.attribute(AiApiRequestAttributes.OPERATION, AiApiOperation.HEALTH)
				.attribute(AiApiRequestAttributes.BYPASS_RESILIENCE, Boolean.TRUE)
				.retrieve()
				.bodyToMono(ModelCount.class)
				.timeout(this.timeout)
				.map((models) -> details(Health.up(), started).withDetail("models", models.count()).build())
				.onErrorResume((ex) -> Mono.just(failure(ex, started)));
		});
	}

	private Health failure(Throwable ex, long started) {
		if (ex instanceof RateLimitExceededException) {
			return details(Health.up(), started).withDetail("throttled", true).build();
		}
		Health.Builder builder = details(Health.down(), started).withDetail("error", ex.getClass().getSimpleName());
		if (ex instanceof AiApiResponseException response) {
			builder.withDetail("status", response.getStatusCode().value());
			if (response.getErrorCode() != null) {
				builder.withDetail("code", response.getErrorCode());
			}
			if (response.getRequestId() != null) {
				builder.withDetail("requestId", response.getRequestId());
			}
		}
		if (ex instanceof TimeoutException) {
			builder.withDetail("timeout", this.timeout.toMillis() + " ms");
		}
		else if (ex instanceof AiApiException) {
			builder.withDetail("message", ex.getMessage());
		}
		return builder.build();
	}

	private Health.Builder details(Health.Builder builder, long started) {
		builder.withDetail("host", this.host)
			.withDetail("latencyMs", Duration.ofNanos(System.nanoTime() - started).toMillis());
		Map<String, String> breakers = new LinkedHashMap<>();
		for (CircuitBreaker breaker : this.resilience.getCircuitBreakerRegistry().getAllCircuitBreakers()) {
			breakers.put(breaker.getName(), breaker.getState().name());
		}
		builder.withDetail("circuitBreakers", breakers);
		SharedRateLimiter shared = this.resilience.getSharedRateLimiter();
		if (shared != null) {
			// not a reason to be DOWN: without Redis, calls keep to this instance's own limit
			builder.withDetail("sharedRateLimit", shared.state());
		}
		RateLimit rateLimit = this.resilience.getLastAdvertisedRateLimit();
		if (rateLimit != null) {
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("limitRequests", rateLimit.limitRequests());
			figures.put("remainingRequests", rateLimit.remainingRequests());
			builder.withDetail("rateLimit", figures);
		}
		return builder;
	}

	private record CachedHealth(Health health, Instant expires) {
	}

	/**
	 * The part of the models list the probe reads.
	 *
	 * @param data the models
	 */
	@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
	record ModelCount(java.util.@Nullable List<Object> data) {

		int count() {
			return (this.data != null) ? this.data.size() : 0;
		}

	}

}
