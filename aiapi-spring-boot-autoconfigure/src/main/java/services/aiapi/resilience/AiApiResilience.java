package services.aiapi.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.ratelimiter.operator.RateLimiterOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;

import services.aiapi.error.AiApiException;
import services.aiapi.error.AiApiRequestException;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.CircuitBreakerOpenException;
import services.aiapi.error.ClientRateLimitedException;
import services.aiapi.error.ConnectionPoolExhaustedException;
import services.aiapi.error.RateLimit;
import services.aiapi.error.ServerException;
import services.aiapi.http.AiApiRequestAttributes;

/**
 * The starter's resilience state: one retry, one rate limiter and one circuit breaker per model, built on
 * Resilience4j with the gateway's documented semantics. Its registries are the starter's own and are not
 * published as beans, so they never collide with the application's; this object is the one way to reach them.
 *
 * <p>Per attempt a call passes the rate limiter, then the model's circuit breaker, then goes out; the retry
 * wraps the attempts.
 */
public class AiApiResilience {

	/** Name of the breaker for calls that name no model (models list, tasks, raw calls). */
	public static final String NO_MODEL = "no-model";

	/** Name of the starter's retry, rate limiter and breaker configuration in its registries. */
	public static final String NAME = "aiapi";

	private static final String TASK_SUBMISSION_RETRY = "aiapi-task-submission";

	private final ResilienceSettings settings;

	private final Clock clock;

	private final RetryRegistry retryRegistry;

	private final RateLimiterRegistry rateLimiterRegistry;

	private final CircuitBreakerRegistry circuitBreakerRegistry;

	private final Retry retry;

	private final Retry taskSubmissionRetry;

	private final RateLimiter rateLimiter;

	private final AdaptiveRateLimit adaptiveRateLimit;

	private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	/**
	 * Create the resilience state.
	 * @param settings the settings
	 * @param clock the clock breakers and Retry-After dates use
	 * @param customizers code customizations, applied in order
	 */
	public AiApiResilience(ResilienceSettings settings, Clock clock, List<AiApiResilienceCustomizer> customizers) {
		Assert.notNull(settings, "Settings must not be null");
		Assert.notNull(clock, "Clock must not be null");
		this.settings = settings;
		this.clock = clock;
		RetryPolicy policy = new RetryPolicy(settings.retry(), clock);
		this.retryRegistry = RetryRegistry.of(retryConfig(policy, false, customizers));
		this.retry = this.retryRegistry.retry(NAME);
		this.taskSubmissionRetry = this.retryRegistry.retry(TASK_SUBMISSION_RETRY,
				retryConfig(policy, true, customizers));
		RateLimiterConfig.Builder rateLimiterConfig = RateLimiterConfig.custom()
			.limitForPeriod(settings.rateLimiter().limitForPeriod())
			.limitRefreshPeriod(settings.rateLimiter().limitRefreshPeriod())
			.timeoutDuration(settings.rateLimiter().timeoutDuration());
		customizers.forEach((customizer) -> customizer.customizeRateLimiter(rateLimiterConfig));
		this.rateLimiterRegistry = RateLimiterRegistry.of(rateLimiterConfig.build());
		this.rateLimiter = this.rateLimiterRegistry.rateLimiter(NAME);
		this.adaptiveRateLimit = new AdaptiveRateLimit(this.rateLimiter, clock,
				settings.rateLimiter().timeoutDuration(), settings.rateLimiter().adaptive());
		CircuitBreakerConfig.Builder breakerConfig = CircuitBreakerConfig.custom()
			.failureRateThreshold(settings.circuitBreaker().failureRateThreshold())
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(settings.circuitBreaker().slidingWindowSize())
			.minimumNumberOfCalls(settings.circuitBreaker().minimumNumberOfCalls())
			.waitDurationInOpenState(settings.circuitBreaker().waitDurationInOpenState())
			.permittedNumberOfCallsInHalfOpenState(settings.circuitBreaker().permittedNumberOfCallsInHalfOpenState())
			.recordException(AiApiResilience::isUnhealthy)
			.ignoreException((ex) -> !isUnhealthy(ex))
			.clock(clock);
		customizers.forEach((customizer) -> customizer.customizeCircuitBreaker(breakerConfig));
		this.circuitBreakerRegistry = CircuitBreakerRegistry.of(breakerConfig.build());
		this.circuitBreakerRegistry.getEventPublisher().onEntryAdded((added) -> watch(added.getAddedEntry()));
		circuitBreaker(NO_MODEL);
	}

	/**
	 * Observe each retry attempt as {@value #ATTEMPT_OBSERVATION}, a child of the current HTTP observation, so a
	 * trace shows the retries of a call.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "ObservationRegistry must not be null");
		this.observationRegistry = observationRegistry;
	}

	/** Name of the observation of each attempt. */
	public static final String ATTEMPT_OBSERVATION = "aiapi.client.attempts";

	// Retries only: the first attempt is the HTTP observation itself, so a call that succeeds at once pays for no
	// extra observation, and a retried call shows each retry beneath its HTTP span.
	private Mono<ClientResponse> observedAttempt(ClientRequest request, int attempt,
			Function<ClientRequest, Mono<ClientResponse>> exchange) {
		if (attempt == 1 || this.observationRegistry.isNoop()) {
			return exchange.apply(request);
		}
		return Mono.deferContextual((context) -> {
			Observation observation = Observation.createNotStarted(ATTEMPT_OBSERVATION, this.observationRegistry)
				.contextualName("aiapi attempt " + attempt)
				.lowCardinalityKeyValue("operation",
						request.attribute(AiApiRequestAttributes.OPERATION).map(Object::toString).orElse("exchange"))
				.highCardinalityKeyValue("attempt", Integer.toString(attempt))
				.parentObservation(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
				.start();
			return exchange.apply(request).doOnNext((response) -> {
				observation.lowCardinalityKeyValue("outcome", "RESPONSE").stop();
			}).doOnError((error) -> {
				observation.lowCardinalityKeyValue("outcome", error.getClass().getSimpleName());
				observation.error(error);
				observation.stop();
			}).doOnCancel(() -> observation.lowCardinalityKeyValue("outcome", "CANCELLED").stop());
		});
	}

	private RetryConfig retryConfig(RetryPolicy policy, boolean taskSubmission,
			List<AiApiResilienceCustomizer> customizers) {
		RetryConfig.Builder<Object> builder = RetryConfig.custom()
			.maxAttempts(Math.max(1, this.settings.retry().maxAttempts()))
			.retryOnException((ex) -> policy.shouldRetry(ex, taskSubmission))
			.intervalBiFunction((attempt, outcome) -> outcome.isLeft() ? policy.waitMillis(attempt, outcome.getLeft())
					: this.settings.retry().waitDuration().toMillis());
		customizers.forEach((customizer) -> customizer.customizeRetry(builder));
		return builder.build();
	}

	// Only what says the service is unhealthy opens a breaker: not 4xx, 429, quota or validation.
	static boolean isUnhealthy(Throwable failure) {
		if (failure instanceof ServerException server) {
			return server.isRetryable();
		}
		return failure instanceof AiApiRequestException && !(failure instanceof ConnectionPoolExhaustedException);
	}

	private void watch(CircuitBreaker breaker) {
		breaker.getEventPublisher().onStateTransition((event) -> {
			if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
				this.openedAt.put(breaker.getName(), this.clock.instant());
			}
		});
	}

	/**
	 * Decorate one exchange with the starter's rate limiter, circuit breaker and retry, as enabled.
	 * @param request the request
	 * @param exchange the exchange to decorate
	 * @return the decorated exchange
	 */
	public Mono<ClientResponse> decorate(ClientRequest request, Function<ClientRequest, Mono<ClientResponse>> exchange) {
		String breakerName = request.attribute(AiApiRequestAttributes.MODEL)
			.map(Object::toString)
			.orElse(NO_MODEL);
		boolean taskSubmission = isTaskSubmission(request);
		return Mono.defer(() -> {
			AtomicInteger attempts = new AtomicInteger();
			Mono<ClientResponse> attempt = Mono.defer(() -> observedAttempt(request, attempts.incrementAndGet(), exchange))
				.doOnNext((response) -> this.adaptiveRateLimit.observe(response.headers().asHttpHeaders()))
				.doOnError(AiApiResponseException.class,
						(ex) -> this.adaptiveRateLimit.observe(ex.getResponseHeaders()));
			if (this.settings.circuitBreaker().enabled()) {
				attempt = attempt.transformDeferred(CircuitBreakerOperator.of(circuitBreaker(breakerName)));
			}
			if (this.settings.rateLimiter().enabled()) {
				attempt = this.adaptiveRateLimit.awaitReset()
					.then(attempt.transformDeferred(RateLimiterOperator.of(this.rateLimiter)));
			}
			if (this.settings.retry().enabled()) {
				attempt = retrying(taskSubmission ? this.taskSubmissionRetry : this.retry, attempt);
			}
			return attempt.onErrorMap(this::translate).doOnError(AiApiException.class,
					(ex) -> ex.setAttempts(attempts.get()));
		});
	}

	// Resilience4j's retry context (its predicate, waits and metrics) driven by onErrorResume: the same
	// semantics as its RetryOperator without a retryWhen companion publisher per call.
	private static Mono<ClientResponse> retrying(Retry retry, Mono<ClientResponse> attempt) {
		return Mono.defer(() -> {
			Retry.AsyncContext<Object> context = retry.asyncContext();
			return nextAttempt(context, attempt);
		});
	}

	private static Mono<ClientResponse> nextAttempt(Retry.AsyncContext<Object> context, Mono<ClientResponse> attempt) {
		return attempt.doOnNext((response) -> context.onComplete()).onErrorResume((failure) -> {
			long wait = context.onError(failure);
			if (wait < 0) {
				return Mono.error(failure);
			}
			return Mono.delay(Duration.ofMillis(wait)).then(Mono.defer(() -> nextAttempt(context, attempt)));
		});
	}

	private Throwable translate(Throwable failure) {
		if (failure instanceof CallNotPermittedException notPermitted) {
			String name = notPermitted.getCausingCircuitBreakerName();
			Instant opened = this.openedAt.get(name);
			Duration wait = this.settings.circuitBreaker().waitDurationInOpenState();
			return new CircuitBreakerOpenException(name, (opened != null) ? opened.plus(wait) : null, failure);
		}
		if (failure instanceof RequestNotPermitted) {
			return new ClientRateLimitedException("no permit within "
					+ this.rateLimiter.getRateLimiterConfig().getTimeoutDuration().toMillis() + " ms ("
					+ this.rateLimiter.getRateLimiterConfig().getLimitForPeriod() + " calls per "
					+ this.rateLimiter.getRateLimiterConfig().getLimitRefreshPeriod().toMillis() + " ms)", null,
					failure);
		}
		return failure;
	}

	private static boolean isTaskSubmission(ClientRequest request) {
		Object operation = request.attribute(AiApiRequestAttributes.OPERATION).orElse(null);
		if (operation != null) {
			return "video.submit".equals(operation);
		}
		String path = request.url().getPath();
		return HttpMethod.POST.equals(request.method())
				&& (path.endsWith("/v1/videos") || path.endsWith("/v1/video/generations"));
	}

	/**
	 * Return the breaker for a model, creating it on first use.
	 * @param model the model, or {@link #NO_MODEL}
	 * @return the breaker
	 */
	public CircuitBreaker circuitBreaker(String model) {
		return this.circuitBreakerRegistry.circuitBreaker(model);
	}

	/**
	 * Return the starter's circuit breakers, one per model seen so far.
	 * @return the breaker registry (not a bean)
	 */
	public CircuitBreakerRegistry getCircuitBreakerRegistry() {
		return this.circuitBreakerRegistry;
	}

	/**
	 * Return the starter's retry registry (the retry, and a stricter one for task submissions).
	 * @return the retry registry (not a bean)
	 */
	public RetryRegistry getRetryRegistry() {
		return this.retryRegistry;
	}

	/**
	 * Return the starter's rate limiter registry.
	 * @return the rate limiter registry (not a bean)
	 */
	public RateLimiterRegistry getRateLimiterRegistry() {
		return this.rateLimiterRegistry;
	}

	/**
	 * Return the rate limiter every call passes.
	 * @return the rate limiter
	 */
	public RateLimiter getRateLimiter() {
		return this.rateLimiter;
	}

	/**
	 * Return the rate-limit figures the gateway last advertised.
	 * @return the figures, or {@code null} when the gateway never sent any
	 */
	public @Nullable RateLimit getLastAdvertisedRateLimit() {
		return this.adaptiveRateLimit.lastAdvertised();
	}

	/**
	 * Return the settings in force.
	 * @return the settings
	 */
	public ResilienceSettings getSettings() {
		return this.settings;
	}

	@Override
	public String toString() {
		return "AiApiResilience[retry=" + this.settings.retry().enabled() + ", rateLimiter="
				+ this.settings.rateLimiter().enabled() + ", circuitBreaker=" + this.settings.circuitBreaker().enabled()
				+ "]";
	}

}
