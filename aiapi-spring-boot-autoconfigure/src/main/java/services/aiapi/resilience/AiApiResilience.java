package services.aiapi.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import org.reactivestreams.Publisher;
import reactor.util.context.ContextView;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;

import services.aiapi.error.AiApiRequestException;
import services.aiapi.error.CircuitBreakerOpenException;
import services.aiapi.error.ClientRateLimitedException;
import services.aiapi.error.ConnectionPoolExhaustedException;
import services.aiapi.error.RateLimit;
import services.aiapi.error.ServerException;
import services.aiapi.error.TlsHandshakeException;
import services.aiapi.http.AiApiOperation;
import services.aiapi.http.AiApiRequestAttributes;
import services.aiapi.http.DirectUseFilter;

/**
 * The starter's resilience state: one retry, one rate limiter and one circuit breaker per model, built on
 * Resilience4j with the gateway's documented semantics. Its registries are the starter's own and are not
 * published as beans, so they never collide with the application's; this object is the one way to reach them.
 *
 * <p>The templates decorate each <em>logical call</em> with it: the request, its status and the reading of its
 * body, so an error found in a 200 body or before a stream's first chunk is retried and counted like one in the
 * status line. Per attempt a call passes the rate limiter, then the model's circuit breaker; the retry wraps the
 * attempts. A stream is retried until its first chunk reaches the subscriber, never after. Direct users of the
 * starter's {@code WebClient} get the same through {@link #filter()}, around each exchange.
 *
 * <p>Per-model state is bounded: the first {@code maxTrackedModels} model names get a breaker each, later ones
 * share the breaker {@value TrackedModels#OTHER}.
 */
public class AiApiResilience {

	/** Name of the breaker for calls that name no model (models list, tasks, raw calls). */
	public static final String NO_MODEL = "no-model";

	/** How many model names get a circuit breaker (and meters) of their own unless configured otherwise. */
	public static final int DEFAULT_MAX_TRACKED_MODELS = 100;

	/** Name of the breaker, and tag value, shared by the models past {@code maxTrackedModels}. */
	public static final String OTHER_MODELS = TrackedModels.OTHER;

	/** Name of the starter's retry, rate limiter and breaker configuration in its registries. */
	public static final String NAME = "aiapi";

	private static final String TASK_SUBMISSION_RETRY = "aiapi-task-submission";

	private final ResilienceSettings settings;

	private final Clock clock;

	private final RetryRegistry retryRegistry;

	private final Map<String, Retry> perCallRetries = new ConcurrentHashMap<>();

	private final RateLimiterRegistry rateLimiterRegistry;

	private final CircuitBreakerRegistry circuitBreakerRegistry;

	private final Retry retry;

	private final Retry taskSubmissionRetry;

	private final RateLimiter rateLimiter;

	private final AdaptiveRateLimit adaptiveRateLimit;

	private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();

	private final TrackedModels trackedModels;

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private volatile @Nullable SharedRateLimiter sharedRateLimiter;

	private volatile ModelFallbacks fallbacks = ModelFallbacks.NONE;

	// the one configured key's limits; a pool's keys have their own
	private final PooledKey primary;

	private volatile @Nullable ApiKeyPool keyPool;

	private volatile RateLimiter taskPollLimiter;

	private final services.aiapi.tasks.TaskTracker taskTracker;

	/**
	 * Create the resilience state.
	 * @param settings the settings
	 * @param clock the clock breakers and Retry-After dates use
	 * @param customizers code customizations, applied in order
	 */
	public AiApiResilience(ResilienceSettings settings, Clock clock, List<AiApiResilienceCustomizer> customizers) {
		this(settings, clock, customizers, DEFAULT_MAX_TRACKED_MODELS);
	}

	/**
	 * Create the resilience state.
	 * @param settings the settings
	 * @param clock the clock breakers and Retry-After dates use
	 * @param customizers code customizations, applied in order
	 * @param maxTrackedModels how many model names get a circuit breaker of their own
	 */
	public AiApiResilience(ResilienceSettings settings, Clock clock, List<AiApiResilienceCustomizer> customizers,
			int maxTrackedModels) {
		Assert.notNull(settings, "Settings must not be null");
		this.trackedModels = new TrackedModels(maxTrackedModels);
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
		this.adaptiveRateLimit = adaptive(this.rateLimiter);
		this.primary = new PooledKey("default", null, 1, this.rateLimiter, this.adaptiveRateLimit);
		this.taskPollLimiter = taskPollLimiter(DEFAULT_TASK_POLLS_PER_MINUTE);
		this.taskTracker = new services.aiapi.tasks.TaskTracker(clock);
		CircuitBreakerConfig fromSettings = CircuitBreakerConfig.custom()
			.failureRateThreshold(settings.circuitBreaker().failureRateThreshold())
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(settings.circuitBreaker().slidingWindowSize())
			.minimumNumberOfCalls(settings.circuitBreaker().minimumNumberOfCalls())
			.waitDurationInOpenState(settings.circuitBreaker().waitDurationInOpenState())
			.permittedNumberOfCallsInHalfOpenState(settings.circuitBreaker().permittedNumberOfCallsInHalfOpenState())
			.recordException(AiApiResilience::isUnhealthy)
			.ignoreException((ex) -> !isUnhealthy(ex))
			.clock(clock)
			.build();
		// customizers start from a built configuration: a builder whose wait in the open state was set already
		// refuses to build when a customizer sets it again
		CircuitBreakerConfig.Builder breakerConfig = CircuitBreakerConfig.from(fromSettings);
		customizers.forEach((customizer) -> customizer.customizeCircuitBreaker(breakerConfig));
		this.circuitBreakerRegistry = CircuitBreakerRegistry.of(breakerConfig.build());
		this.circuitBreakerRegistry.getEventPublisher().onEntryAdded((added) -> watch(added.getAddedEntry()));
		circuitBreaker(NO_MODEL);
	}

	private AdaptiveRateLimit adaptive(RateLimiter limiter) {
		return new AdaptiveRateLimit(limiter, this.clock, this.settings.rateLimiter().timeoutDuration(),
				this.settings.rateLimiter().adaptive(), this.settings.retry().maxRetryAfter());
	}

	/** Polls of async tasks per minute unless configured otherwise ({@code aiapi.tasks.polls-per-minute}). */
	public static final int DEFAULT_TASK_POLLS_PER_MINUTE = 60;

	private RateLimiter taskPollLimiter(int perMinute) {
		String name = NAME + "-task-polls";
		RateLimiterConfig config = RateLimiterConfig.custom()
			.limitForPeriod(Math.max(1, perMinute))
			.limitRefreshPeriod(Duration.ofMinutes(1))
			.timeoutDuration(Duration.ofMinutes(1))
			.build();
		RateLimiter limiter = this.rateLimiterRegistry.rateLimiter(name, config);
		if (limiter.getRateLimiterConfig().getLimitForPeriod() != config.getLimitForPeriod()) {
			this.rateLimiterRegistry.replace(name, RateLimiter.of(name, config));
			limiter = this.rateLimiterRegistry.rateLimiter(name);
		}
		return limiter;
	}

	/**
	 * Give task polls a budget of their own, apart from the calls' limiter: awaiting many tasks never takes the
	 * permits chat needs.
	 * @param pollsPerMinute polls per minute, for this instance
	 */
	public void setTaskPollsPerMinute(int pollsPerMinute) {
		Assert.isTrue(pollsPerMinute > 0, "Polls per minute must be positive");
		this.taskPollLimiter = taskPollLimiter(pollsPerMinute);
	}

	/**
	 * Return the limiter task polls take their permits from.
	 * @return the limiter ({@code aiapi-task-polls} in the rate limiter registry)
	 */
	public RateLimiter getTaskPollRateLimiter() {
		return this.taskPollLimiter;
	}

	/**
	 * Return what tracks the tasks this instance submits and awaits.
	 * @return the tracker
	 */
	public services.aiapi.tasks.TaskTracker getTaskTracker() {
		return this.taskTracker;
	}

	/**
	 * Call with several keys ({@code aiapi.api-keys}): each its own rate limiter (named {@code aiapi-<name>} in the
	 * rate limiter registry), pause and balance; see {@link ApiKeyPool}.
	 * @param entries the keys
	 * @param probeInterval the wait before a key that is out gets a probe call
	 * @return the pool
	 */
	public ApiKeyPool usePool(List<ApiKeyPool.Entry> entries, Duration probeInterval) {
		Assert.notEmpty(entries, "A key pool needs at least one key");
		List<PooledKey> keys = new java.util.ArrayList<>();
		for (ApiKeyPool.Entry entry : entries) {
			RateLimiter limiter = this.rateLimiterRegistry.rateLimiter(NAME + "-" + entry.name());
			keys.add(new PooledKey(entry.name(), entry.key(), entry.weight(), limiter, adaptive(limiter)));
		}
		ApiKeyPool pool = new ApiKeyPool(keys, this.clock, probeInterval);
		this.keyPool = pool;
		return pool;
	}

	/**
	 * Return the key pool, when several keys are configured.
	 * @return the pool, or {@code null} for the one configured key
	 */
	public @Nullable ApiKeyPool getKeyPool() {
		return this.keyPool;
	}

	// the key an attempt is sent with: the one configured key, the call's named key, or the pool's choice
	@Nullable PooledKey keyFor(@Nullable PooledKey current, java.util.Set<PooledKey> movedFrom, ContextView context) {
		ApiKeyPool pool = this.keyPool;
		if (pool == null) {
			return this.primary;
		}
		String forced = context.getOrDefault(ApiKeyPool.FORCED_KEY, null);
		if (forced != null) {
			return pool.get(forced);
		}
		return pool.choose(current, movedFrom);
	}

	/**
	 * Observe each retry attempt as {@value #ATTEMPT_OBSERVATION}, a child of the call's observation (the one in the
	 * subscriber's context), so a trace shows the retries of a call.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "ObservationRegistry must not be null");
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Take permits from a rate limit shared by every instance with the same key, the instance's own limiter
	 * applying while the shared one is unavailable; what the gateway advertises (its limit, a pause) goes to both.
	 * @param sharedRateLimiter the shared limiter, or {@code null} for the instance's own only
	 */
	public void setSharedRateLimiter(@Nullable SharedRateLimiter sharedRateLimiter) {
		this.sharedRateLimiter = sharedRateLimiter;
		this.primary.setSharedRateLimiter(sharedRateLimiter);
	}

	/**
	 * Send a call whose model fails, in a way another model may not, to the next model of its chain.
	 * @param fallbacks the chains ({@link ModelFallbacks#NONE}: none)
	 */
	public void setFallbacks(ModelFallbacks fallbacks) {
		Assert.notNull(fallbacks, "Fallbacks must not be null");
		this.fallbacks = fallbacks;
	}

	/**
	 * Return the model fallback chains.
	 * @return the chains, {@link ModelFallbacks#NONE} unless set
	 */
	public ModelFallbacks getFallbacks() {
		return this.fallbacks;
	}

	/**
	 * Return the shared rate limiter, if one is set.
	 * @return the shared limiter, or {@code null}
	 */
	public @Nullable SharedRateLimiter getSharedRateLimiter() {
		return this.sharedRateLimiter;
	}

	/** Name of the observation of each attempt. */
	public static final String ATTEMPT_OBSERVATION = "aiapi.client.attempts";

	// Retries only: a call that succeeds at once pays for no extra observation; a retried call shows each retry
	// beneath the call's span, with that attempt's HTTP exchange beneath it.
	@Nullable Observation startAttempt(AiApiOperation operation, int attempt, ContextView context) {
		if (attempt == 1 || this.observationRegistry.isNoop()) {
			return null;
		}
		return Observation.createNotStarted(ATTEMPT_OBSERVATION, this.observationRegistry)
			.contextualName("aiapi attempt " + attempt)
			.lowCardinalityKeyValue("operation", operation.tagValue())
			.highCardinalityKeyValue("attempt", Integer.toString(attempt))
			.parentObservation(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
			.start();
	}

	/**
	 * Put an event on the call's observation, the one in the subscriber's context (a span event with tracing): a
	 * retry and its wait, a rate limiter's wait, a breaker's refusal, a move to another key or model.
	 * @param context the call's context
	 * @param name the event's name
	 * @param detail what happened, for the span event's text
	 */
	public static void event(ContextView context, String name, java.util.function.Supplier<String> detail) {
		Observation observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		if (observation != null && !observation.isNoop()) {
			observation.event(Observation.Event.of(name, name + " " + detail.get()));
		}
	}

	static void stopAttempt(@Nullable Observation observation, String outcome, @Nullable Throwable error) {
		if (observation != null) {
			observation.lowCardinalityKeyValue("outcome", outcome);
			if (error != null) {
				observation.error(error);
			}
			observation.stop();
		}
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

	// Only what says the service is unhealthy opens a breaker: not 4xx, 429, quota or validation, nor what only
	// configuration mends (an untrusted certificate) or the client's own pool.
	static boolean isUnhealthy(Throwable failure) {
		if (failure instanceof ServerException server) {
			return server.isRetryable();
		}
		return failure instanceof AiApiRequestException && !(failure instanceof ConnectionPoolExhaustedException)
				&& !(failure instanceof TlsHandshakeException);
	}

	private void watch(CircuitBreaker breaker) {
		breaker.getEventPublisher().onStateTransition((event) -> {
			if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
				this.openedAt.put(breaker.getName(), this.clock.instant());
			}
		});
	}

	/**
	 * Decorate one logical call (request, status and body) with the starter's rate limiter, the model's circuit
	 * breaker and retry, as enabled. The exception that surfaces records how many attempts were made.
	 * @param <T> the result type
	 * @param operation what the call is; a call that is {@link AiApiOperation#isBillableOnSubmit() billable on
	 * submit} is not retried once it may have reached the gateway
	 * @param model the model the call is for, or {@code null}
	 * @param call the call, subscribed once per attempt
	 * @return the decorated call
	 */
	public <T> Mono<T> decorate(AiApiOperation operation, @Nullable String model, Mono<T> call) {
		return resilient(operation, model, call, null).mono();
	}

	/**
	 * Decorate a call like {@link #decorate(AiApiOperation, String, Mono)}, with a number of attempts of its own.
	 * @param <T> the result type
	 * @param operation what the call is
	 * @param model the model the call is for, or {@code null}
	 * @param call the call, subscribed once per attempt
	 * @param maxAttempts the most attempts (1: no retry), or {@code null} for the configured retry
	 * @return the decorated call
	 */
	public <T> Mono<T> decorate(AiApiOperation operation, @Nullable String model, Mono<T> call,
			@Nullable Integer maxAttempts) {
		return resilient(operation, model, call, maxAttempts).mono();
	}

	/**
	 * Decorate a streaming call like {@link #decorate(AiApiOperation, String, Mono)}: it is retried only until its
	 * first element reaches the subscriber; a failure after that is passed on as it is, never replayed.
	 * @param <T> the element type
	 * @param operation what the call is
	 * @param model the model the call is for, or {@code null}
	 * @param call the call, subscribed once per attempt
	 * @return the decorated call
	 */
	public <T> Flux<T> decorateStream(AiApiOperation operation, @Nullable String model, Flux<T> call) {
		return resilient(operation, model, call, null).flux();
	}

	/**
	 * Decorate a streaming call like {@link #decorateStream(AiApiOperation, String, Flux)}, with a number of
	 * attempts of its own.
	 * @param <T> the element type
	 * @param operation what the call is
	 * @param model the model the call is for, or {@code null}
	 * @param call the call, subscribed once per attempt
	 * @param maxAttempts the most attempts (1: no retry), or {@code null} for the configured retry
	 * @return the decorated call
	 */
	public <T> Flux<T> decorateStream(AiApiOperation operation, @Nullable String model, Flux<T> call,
			@Nullable Integer maxAttempts) {
		return resilient(operation, model, call, maxAttempts).flux();
	}

	/**
	 * Return the clock retry waits and rate-limit resets are reckoned with.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	private <T> ResilientCall<T> resilient(AiApiOperation operation, @Nullable String model, Publisher<T> call,
			@Nullable Integer maxAttempts) {
		Assert.notNull(operation, "Operation must not be null");
		boolean callLimited = operation.isCallLimited();
		CircuitBreaker breaker = (this.settings.circuitBreaker().enabled() && callLimited)
				? this.circuitBreakerRegistry.circuitBreaker(modelKey(model)) : null;
		Retry retry = (maxAttempts != null) ? retryFor(operation, maxAttempts)
				: this.settings.retry().enabled() ? retryFor(operation) : null;
		return new ResilientCall<>(this, operation, call, breaker,
				this.settings.rateLimiter().enabled() && callLimited, retry,
				this.settings.retry().maxTotalWait().toMillis());
	}

	AdaptiveRateLimit adaptiveRateLimit() {
		return this.adaptiveRateLimit;
	}

	@Nullable SharedRateLimiter sharedRateLimiter() {
		return this.sharedRateLimiter;
	}

	/**
	 * Take note of the rate-limit headers of a successful response (see {@code aiapi.rate-limiter.adaptive}).
	 * Error responses are observed by the decorated call itself.
	 * @param headers the response headers
	 */
	public void observe(HttpHeaders headers) {
		this.adaptiveRateLimit.observe(headers);
	}

	/**
	 * Take note of the rate-limit headers of a successful response, for the key its attempt was sent with.
	 * @param headers the response headers
	 * @param context the attempt's context
	 */
	public void observe(HttpHeaders headers, ContextView context) {
		PooledKey key = context.getOrDefault(ApiKeyPool.CONTEXT_KEY, null);
		((key != null) ? key.adaptive() : this.adaptiveRateLimit).observe(headers);
	}

	/**
	 * Return the name a model is tracked under: its own for the first {@code maxTrackedModels} names,
	 * {@value #OTHER_MODELS} for later ones, {@value #NO_MODEL} for none.
	 * @param model the model, or {@code null}
	 * @return the name of its breaker, and its tag value
	 */
	public String modelKey(@Nullable String model) {
		return (model != null) ? this.trackedModels.key(model) : NO_MODEL;
	}

	/**
	 * Return a filter that decorates each exchange of a {@code WebClient} (up to its response headers) the same
	 * way, for direct users of the starter's client. Exchanges marked
	 * {@link AiApiRequestAttributes#BYPASS_RESILIENCE} pass through; the templates call through a client without
	 * it (a {@link DirectUseFilter}), as they decorate each call whole.
	 * @return the filter
	 */
	public DirectUseFilter filter() {
		return new ResilienceFilter(this);
	}

	Mono<ClientResponse> decorate(ClientRequest request, Function<ClientRequest, Mono<ClientResponse>> exchange) {
		String model = request.attribute(AiApiRequestAttributes.MODEL).map(Object::toString).orElse(null);
		return decorate(AiApiRequestAttributes.operation(request), model,
				Mono.defer(() -> exchange.apply(request))
					.doOnNext((response) -> this.adaptiveRateLimit.observe(response.headers().asHttpHeaders())));
	}

	private Retry retryFor(AiApiOperation operation) {
		return operation.isBillableOnSubmit() ? this.taskSubmissionRetry : this.retry;
	}

	// a call's own number of attempts, with the configured policy: a Retry per (policy, attempts), a bounded set,
	// kept outside the registry so that its metrics stay those of the configured retry
	private @Nullable Retry retryFor(AiApiOperation operation, int maxAttempts) {
		if (maxAttempts <= 1) {
			return null;
		}
		Retry base = retryFor(operation);
		return this.perCallRetries.computeIfAbsent(base.getName() + "#" + maxAttempts,
				(name) -> Retry.of(name, RetryConfig.from(base.getRetryConfig()).maxAttempts(maxAttempts).build()));
	}

	Throwable translate(Throwable failure, int attempts) {
		if (failure instanceof CallNotPermittedException notPermitted) {
			String name = notPermitted.getCausingCircuitBreakerName();
			Instant opened = this.openedAt.get(name);
			Duration wait = this.settings.circuitBreaker().waitDurationInOpenState();
			return new CircuitBreakerOpenException(name, (opened != null) ? opened.plus(wait) : null, failure,
					attempts);
		}
		if (failure instanceof RequestNotPermitted) {
			return new ClientRateLimitedException("no permit within "
					+ this.rateLimiter.getRateLimiterConfig().getTimeoutDuration().toMillis() + " ms ("
					+ this.rateLimiter.getRateLimiterConfig().getLimitForPeriod() + " calls per "
					+ this.rateLimiter.getRateLimiterConfig().getLimitRefreshPeriod().toMillis() + " ms)", null,
					failure, attempts);
		}
		return failure;
	}

	/**
	 * Return the breaker for a model, creating it on first use.
	 * @param model the model, or {@link #NO_MODEL}
	 * @return the breaker
	 */
	public CircuitBreaker circuitBreaker(String model) {
		return this.circuitBreakerRegistry.circuitBreaker(NO_MODEL.equals(model) ? model : modelKey(model));
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
