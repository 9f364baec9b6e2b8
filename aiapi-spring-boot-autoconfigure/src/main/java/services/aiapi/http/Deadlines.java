package services.aiapi.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * Deadlines for whole calls, timed by one shared task per scheduler ({@link WatchdogTimer}) instead of a task per
 * call as Reactor's {@code timeout} operator schedules: scheduling and cancelling a task for every call woke the
 * scheduler's worker thread through the kernel each time, about half of what a call through the in-memory
 * transport cost. Deadlines fire on time; virtual-time tests see them at their exact time.
 */
final class Deadlines {

	// the timer of Schedulers.parallel() as it is now
	private final WatchdogTimer.PerScheduler timers = new WatchdogTimer.PerScheduler();

	/**
	 * Fail a call that has not ended within a timeout.
	 * @param <T> the result type
	 * @param call the call
	 * @param timeout the longest it may take from its subscription
	 * @param error what it fails with when the timeout passes
	 * @return the bounded call
	 */
	public <T> Mono<T> bound(Mono<T> call, Duration timeout, Supplier<? extends Throwable> error) {
		return new Mono<>() {
			@Override
			public void subscribe(CoreSubscriber<? super T> actual) {
				call.subscribe(new Deadline<>(actual, Deadlines.this.timers.get(Schedulers.parallel()), timeout, error));
			}
		};
	}

	/**
	 * Fail a stream whose first element has not come within a timeout; after it, the stream is not bounded.
	 * @param <T> the element type
	 * @param call the stream
	 * @param timeout the longest wait for the first element from the subscription
	 * @param error what it fails with when the timeout passes
	 * @return the bounded stream
	 */
	public <T> Flux<T> boundFirst(Flux<T> call, Duration timeout, Supplier<? extends Throwable> error) {
		return new Flux<>() {
			@Override
			public void subscribe(CoreSubscriber<? super T> actual) {
				call.subscribe(new Deadline<>(actual, Deadlines.this.timers.get(Schedulers.parallel()), timeout, error));
			}
		};
	}

	private static final long MAX_NANOS = Duration.ofDays(365).toNanos();

	/**
	 * One call's deadline, as the one subscriber between the call and its caller. It is watched from the
	 * subscription until the first element (a single result's, or a stream's first) or the end; whichever comes
	 * first, the deadline or that signal, wins, so the caller never sees an element and then the timeout.
	 */
	private static final class Deadline<T> implements CoreSubscriber<T>, Subscription, WatchdogTimer.Watched {

		private static final int WAITING = 0;

		private static final int EXPIRED = 1;

		private static final int ANSWERED = 2;

		@SuppressWarnings("rawtypes")
		private static final AtomicIntegerFieldUpdater<Deadline> STATE = AtomicIntegerFieldUpdater
			.newUpdater(Deadline.class, "state");

		private final CoreSubscriber<? super T> actual;

		private final WatchdogTimer timer;

		private final long timeoutNanos;

		private final Supplier<? extends Throwable> error;

		private long deadline;

		private @Nullable Subscription upstream;

		private volatile int state;

		Deadline(CoreSubscriber<? super T> actual, WatchdogTimer timer, Duration timeout,
				Supplier<? extends Throwable> error) {
			this.actual = actual;
			this.timer = timer;
			// a deadline beyond a year is as good as none, and never overflows
			this.timeoutNanos = Math.min(timeout.toNanos(), MAX_NANOS);
			this.error = error;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				this.deadline = this.timer.now() + this.timeoutNanos;
				this.actual.onSubscribe(this);
				if (this.state == WAITING) {
					this.timer.watch(this);
				}
			}
		}

		@Override
		public void onNext(T element) {
			if (this.state == ANSWERED || STATE.compareAndSet(this, WAITING, ANSWERED)) {
				this.timer.unwatch(this);
				this.actual.onNext(element);
			}
		}

		@Override
		public void onError(Throwable failure) {
			if (this.state == ANSWERED || STATE.compareAndSet(this, WAITING, ANSWERED)) {
				this.timer.unwatch(this);
				this.actual.onError(failure);
			}
		}

		@Override
		public void onComplete() {
			if (this.state == ANSWERED || STATE.compareAndSet(this, WAITING, ANSWERED)) {
				this.timer.unwatch(this);
				this.actual.onComplete();
			}
		}

		@Override
		public void request(long n) {
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.request(n);
			}
		}

		@Override
		public void cancel() {
			STATE.compareAndSet(this, WAITING, ANSWERED);
			this.timer.unwatch(this);
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.cancel();
			}
		}

		@Override
		public long deadline() {
			return this.deadline;
		}

		@Override
		public long tolerance() {
			return 0;
		}

		@Override
		public void expire() {
			if (STATE.compareAndSet(this, WAITING, EXPIRED)) {
				Subscription upstream = this.upstream;
				if (upstream != null) {
					upstream.cancel();
				}
				this.actual.onError(this.error.get());
			}
		}

	}

}
