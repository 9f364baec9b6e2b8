package services.aiapi.resilience;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.CallAttempt;
import services.aiapi.error.NoUsableApiKeyException;
import services.aiapi.http.AiApiOperation;

/**
 * One logical call under the starter's resilience, as one operator: per attempt it takes the rate limiter's permit
 * (the shared one when set, else the gateway's advertised reset and the instance's limiter), the model's circuit
 * breaker permission, times the attempt and records its outcome, and decides with the retry whether and when to
 * try again; until the first element reaches the subscriber, never after. Resilience4j stays the source of
 * configuration, state, events and metrics: this calls its primitives ({@link RateLimiter#reservePermission()},
 * {@link CircuitBreaker#tryAcquirePermission()} and its outcome methods, {@link Retry.AsyncContext}) where its
 * Reactor operators would stack a chain of operators per attempt.
 *
 * <p>The attempt number and, for a retry, the attempt's observation reach the attempt through its subscriber's
 * context, not a {@code contextWrite} per attempt.
 *
 * @param <T> the element type
 */
final class ResilientCall<T> {

	private final AiApiResilience resilience;

	private final AiApiOperation operation;

	private final Publisher<T> call;

	private final @Nullable CircuitBreaker breaker;

	private final boolean limited;

	private final @Nullable Retry retry;

	private final long maxTotalWaitMillis;

	// a task poll: permits from the polls' own budget, never the key's limiter, shared bucket or pause
	private final boolean pollBudget;

	ResilientCall(AiApiResilience resilience, AiApiOperation operation, Publisher<T> call,
			@Nullable CircuitBreaker breaker, boolean limited, @Nullable Retry retry, long maxTotalWaitMillis) {
		this.resilience = resilience;
		this.operation = operation;
		this.call = call;
		this.breaker = breaker;
		this.limited = limited;
		this.retry = retry;
		this.maxTotalWaitMillis = maxTotalWaitMillis;
		this.pollBudget = operation == AiApiOperation.VIDEO_GET;
	}

	Mono<T> mono() {
		return new Mono<>() {
			@Override
			public void subscribe(CoreSubscriber<? super T> actual) {
				start(actual, true);
			}
		};
	}

	Flux<T> flux() {
		return new Flux<>() {
			@Override
			public void subscribe(CoreSubscriber<? super T> actual) {
				start(actual, false);
			}
		};
	}

	private void start(CoreSubscriber<? super T> actual, boolean single) {
		Driver<T> driver = new Driver<>(this, actual, single);
		actual.onSubscribe(driver);
		driver.nextAttempt();
	}

	/**
	 * The subscriber of every attempt and the subscription the caller holds. Attempts run one after another; the
	 * caller's demand is kept and handed to each new attempt (nothing was delivered before a retry, so nothing is
	 * owed twice).
	 */
	static final class Driver<T> implements CoreSubscriber<T>, Subscription {

		// no permission held for the current attempt, or its outcome recorded
		private static final int IDLE = 0;

		private static final int HOLDING = 1;

		@SuppressWarnings("rawtypes")
		private static final AtomicIntegerFieldUpdater<Driver> PERMISSION = AtomicIntegerFieldUpdater
			.newUpdater(Driver.class, "permission");

		private final ResilientCall<T> call;

		private final CoreSubscriber<? super T> actual;

		private final boolean single;

		private final Retry.@Nullable AsyncContext<Object> retry;

		private long waitLeftMillis;

		private int attempts;

		private volatile Context context;

		private @Nullable Subscription upstream;

		private long requested;

		private volatile boolean cancelled;

		private volatile boolean started;

		private volatile int permission;

		private long attemptStart;

		private volatile @Nullable Disposable pending;

		private @Nullable Observation observation;

		// the key of the current attempt, and the keys this call moved away from (a pool only)
		private @Nullable PooledKey key;

		private java.util.@Nullable Set<PooledKey> movedFrom;

		// whether the current attempt was counted for its key: once it ends (answered or failed), never when the
		// caller left before it did
		private boolean counted = true;

		Driver(ResilientCall<T> call, CoreSubscriber<? super T> actual, boolean single) {
			this.call = call;
			this.actual = actual;
			this.single = single;
			this.retry = (call.retry != null) ? call.retry.<Object>asyncContext() : null;
			this.waitLeftMillis = call.maxTotalWaitMillis;
			this.context = actual.currentContext();
		}

		@Override
		public Context currentContext() {
			return this.context;
		}

		// ---- an attempt: limiter, breaker, then the call

		void nextAttempt() {
			if (this.cancelled) {
				return;
			}
			this.attempts++;
			PooledKey key = this.call.resilience.keyFor(this.key,
					(this.movedFrom != null) ? this.movedFrom : java.util.Set.of(), this.actual.currentContext());
			if (key == null) {
				ApiKeyPool pool = this.call.resilience.getKeyPool();
				this.actual.onError(new NoUsableApiKeyException(
						(pool != null) ? pool.describeKeys() : "no key", this.attempts - 1));
				return;
			}
			this.key = key;
			if (!this.call.limited) {
				send();
				return;
			}
			if (this.call.pollBudget) {
				// a task poll: the polls' own budget, never the calls' permits
				reservePermit(this.call.resilience.getTaskPollRateLimiter());
				return;
			}
			SharedRateLimiter shared = key.getSharedRateLimiter();
			if (shared != null) {
				this.pending = shared.permit().subscribe((granted) -> {
					if (granted) {
						send();
					}
					else {
						localLimiter();
					}
				}, this::attemptFailed);
				return;
			}
			localLimiter();
		}

		// the gateway's advertised reset, then the instance's own limiter
		private void localLimiter() {
			long hold;
			try {
				hold = this.key.adaptive().resetWaitMillis();
			}
			catch (RuntimeException ex) {
				attemptFailed(ex);
				return;
			}
			if (hold > 0) {
				long wait = hold;
				AiApiResilience.event(this.actual.currentContext(), "aiapi.rate_limiter.paused",
						() -> "wait=" + wait + "ms (the gateway said no requests remain until its reset)");
				later(this::reservePermit, TimeUnit.MILLISECONDS.toNanos(hold));
			}
			else {
				reservePermit();
			}
		}

		private void reservePermit() {
			reservePermit(this.key.getRateLimiter());
		}

		private void reservePermit(RateLimiter limiter) {
			if (this.cancelled) {
				return;
			}
			long nanos;
			// Resilience4j's AtomicRateLimiter parks its thread (parkNanos(1): some 50 µs on Linux) each time its
			// compare-and-set loses a race; many blocking callers reserving at once lost so often that it halved the
			// blocking template's throughput at 64 callers. One reservation at a time never loses.
			synchronized (limiter) {
				nanos = limiter.reservePermission();
			}
			if (nanos < 0) {
				attemptFailed(RequestNotPermitted.createRequestNotPermitted(limiter));
			}
			else if (nanos > 0) {
				AiApiResilience.event(this.actual.currentContext(), "aiapi.rate_limiter.wait",
						() -> "wait=" + TimeUnit.NANOSECONDS.toMillis(nanos) + "ms limiter=" + limiter.getName());
				later(this::send, nanos);
			}
			else {
				send();
			}
		}

		private void send() {
			if (this.cancelled) {
				return;
			}
			CircuitBreaker breaker = this.call.breaker;
			if (breaker != null) {
				if (!breaker.tryAcquirePermission()) {
					AiApiResilience.event(this.actual.currentContext(), "aiapi.circuit_breaker.refused",
							() -> "breaker=" + breaker.getName() + " state=" + breaker.getState());
					attemptFailed(CallNotPermittedException.createCallNotPermittedException(breaker));
					return;
				}
				this.attemptStart = breaker.getCurrentTimestamp();
				PERMISSION.set(this, HOLDING);
				// a caller that left while the permission was taken: cancel() saw none to give back
				if (this.cancelled && PERMISSION.compareAndSet(this, HOLDING, IDLE)) {
					breaker.releasePermission();
					return;
				}
			}
			Context base = this.actual.currentContext();
			Observation observation = this.call.resilience.startAttempt(this.call.operation, this.attempts, base);
			this.observation = observation;
			Context context = base.put(CallAttempt.CONTEXT_KEY, this.attempts);
			if (this.key.getApiKey() != null) {
				context = context.put(ApiKeyPool.CONTEXT_KEY, this.key);
				this.counted = false;
			}
			this.context = (observation != null) ? context.put(ObservationThreadLocalAccessor.KEY, observation)
					: context;
			this.call.call.subscribe(this);
		}

		private void later(Runnable task, long nanos) {
			this.pending = Schedulers.parallel().schedule(task, nanos, TimeUnit.NANOSECONDS);
			if (this.cancelled) {
				dispose();
			}
		}

		// ---- the attempt's signals

		@Override
		public void onSubscribe(Subscription subscription) {
			long demand;
			synchronized (this) {
				if (this.cancelled) {
					demand = -1;
				}
				else {
					this.upstream = subscription;
					demand = this.requested;
				}
			}
			if (demand < 0) {
				subscription.cancel();
			}
			else if (demand > 0) {
				subscription.request(demand);
			}
		}

		private void attemptEnded() {
			PooledKey key = this.key;
			if (!this.counted && key != null) {
				this.counted = true;
				key.sent();
			}
		}

		@Override
		public void onNext(T element) {
			if (!this.started) {
				attemptEnded();
				this.started = true;
				if (this.call.limited && !this.call.pollBudget) {
					this.key.getRateLimiter().onResult(element);
				}
				ApiKeyPool pool = this.call.resilience.getKeyPool();
				if (pool != null) {
					pool.succeeded(this.key);
				}
				if (this.single) {
					succeeded();
				}
				else if (this.retry != null) {
					this.retry.onComplete();
				}
				stopObservation("RESPONSE", null);
			}
			this.actual.onNext(element);
		}

		@Override
		public void onError(Throwable failure) {
			if (this.cancelled) {
				// the caller is gone (its deadline passed, it cancelled): nobody is waiting for this
				return;
			}
			recordFailure(failure);
			attemptEnded();
			if (failure instanceof AiApiResponseException response) {
				this.key.adaptive().observe(response);
			}
			if (this.call.limited && !this.call.pollBudget) {
				this.key.getRateLimiter().onError(failure);
			}
			if (this.started) {
				this.actual.onError(failure);
				return;
			}
			stopObservation(failure.getClass().getSimpleName(), failure);
			attemptFailed(failure);
		}

		@Override
		public void onComplete() {
			if (this.cancelled) {
				return;
			}
			attemptEnded();
			if (!this.started || !this.single) {
				succeeded();
			}
			if (!this.started) {
				this.started = true;
				stopObservation("RESPONSE", null);
			}
			this.actual.onComplete();
		}

		private void succeeded() {
			CircuitBreaker breaker = this.call.breaker;
			if (breaker != null && PERMISSION.compareAndSet(this, HOLDING, IDLE)) {
				breaker.onSuccess(breaker.getCurrentTimestamp() - this.attemptStart, breaker.getTimestampUnit());
			}
			if (this.retry != null && (this.single || !this.started)) {
				this.retry.onComplete();
			}
		}

		private void recordFailure(Throwable failure) {
			CircuitBreaker breaker = this.call.breaker;
			if (breaker != null && PERMISSION.compareAndSet(this, HOLDING, IDLE)) {
				breaker.onError(breaker.getCurrentTimestamp() - this.attemptStart, breaker.getTimestampUnit(),
						failure);
			}
		}

		// an attempt that failed before its first element (or could not start): retried, or the call's failure
		private void attemptFailed(Throwable failure) {
			if (this.cancelled) {
				return;
			}
			if (moveToAnotherKey(failure)) {
				return;
			}
			if (this.retry != null) {
				long wait = this.retry.onError(failure);
				if (wait >= 0 && wait <= this.waitLeftMillis) {
					this.waitLeftMillis -= wait;
					int next = this.attempts + 1;
					AiApiResilience.event(this.actual.currentContext(), "aiapi.retry", () -> "attempt=" + next + " wait="
							+ wait + "ms after=" + failure.getClass().getSimpleName()
							+ ((failure instanceof AiApiResponseException response
									&& (response.getResponseHeaders().containsHeader("Retry-After")
											|| response.getResponseHeaders().containsHeader("retry-after-ms")))
									? " (Retry-After honoured)" : ""));
					later(this::nextAttempt, TimeUnit.MILLISECONDS.toNanos(wait));
					return;
				}
			}
			this.actual.onError(this.call.resilience.translate(failure, this.attempts));
		}

		// a pool's key that failed for itself (quota, revoked, a 429) is left for another usable key at once: that
		// is not a retry of the request, and each key is left at most once per call
		private boolean moveToAnotherKey(Throwable failure) {
			ApiKeyPool pool = this.call.resilience.getKeyPool();
			PooledKey from = this.key;
			if (pool == null || from == null || this.actual.currentContext().hasKey(ApiKeyPool.FORCED_KEY)
					|| !pool.failed(from, failure)) {
				return false;
			}
			if (this.movedFrom == null) {
				this.movedFrom = new java.util.HashSet<>();
			}
			this.movedFrom.add(from);
			PooledKey next = pool.choose(null, this.movedFrom);
			if (next == null) {
				return false;
			}
			from.movedAway();
			AiApiResilience.event(this.actual.currentContext(), "aiapi.key.move", () -> "from=" + from.getName()
					+ " to=" + next.getName() + " after=" + failure.getClass().getSimpleName());
			this.key = next;
			nextAttempt();
			return true;
		}

		private void stopObservation(String outcome, @Nullable Throwable error) {
			Observation observation = this.observation;
			if (observation != null) {
				this.observation = null;
				AiApiResilience.stopAttempt(observation, outcome, error);
			}
		}

		// ---- the caller's subscription

		@Override
		public void request(long n) {
			if (!Operators.validate(n)) {
				return;
			}
			Subscription current;
			synchronized (this) {
				this.requested = Operators.addCap(this.requested, n);
				current = this.upstream;
			}
			if (current != null) {
				current.request(n);
			}
		}

		@Override
		public void cancel() {
			if (this.cancelled) {
				return;
			}
			Subscription current;
			synchronized (this) {
				this.cancelled = true;
				current = this.upstream;
			}
			dispose();
			if (current != null) {
				current.cancel();
			}
			CircuitBreaker breaker = this.call.breaker;
			if (breaker != null && PERMISSION.compareAndSet(this, HOLDING, IDLE)) {
				breaker.releasePermission();
			}
			stopObservation("CANCELLED", null);
		}

		private void dispose() {
			Disposable pending = this.pending;
			if (pending != null) {
				pending.dispose();
			}
		}

	}

}
