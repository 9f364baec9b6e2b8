package services.aiapi.http;

import java.time.Duration;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Deadlines for whole calls, timed by one shared task per scheduler ({@link WatchdogTimer}) instead of a task per
 * call as Reactor's {@code timeout} operator schedules: scheduling and cancelling a task for every call woke the
 * scheduler's worker thread through the kernel each time, about half of what a call through the in-memory
 * transport cost. Deadlines fire on time; virtual-time tests see them at their exact time.
 */
public final class Deadlines {

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
		return Mono.defer(() -> {
			Deadline deadline = new Deadline(this.timers.get(Schedulers.parallel()), timeout, error);
			return call.takeUntilOther(deadline.expiry()).doFinally((signal) -> deadline.stop());
		});
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
		return Flux.defer(() -> {
			Deadline deadline = new Deadline(this.timers.get(Schedulers.parallel()), timeout, error);
			return call.doOnNext((element) -> deadline.stop())
				.takeUntilOther(deadline.expiry())
				.doFinally((signal) -> deadline.stop());
		});
	}

	private static final long MAX_NANOS = Duration.ofDays(365).toNanos();

	private static final class Deadline implements WatchdogTimer.Watched {

		private final WatchdogTimer timer;

		private final long deadline;

		private final Supplier<? extends Throwable> error;

		private final Sinks.Empty<Void> expiry = Sinks.empty();

		private volatile boolean stopped;

		Deadline(WatchdogTimer timer, Duration timeout, Supplier<? extends Throwable> error) {
			this.timer = timer;
			// a deadline beyond a year is as good as none, and never overflows
			this.deadline = timer.now() + Math.min(timeout.toNanos(), MAX_NANOS);
			this.error = error;
			timer.watch(this);
		}

		Mono<Void> expiry() {
			return this.expiry.asMono();
		}

		void stop() {
			if (!this.stopped) {
				this.stopped = true;
				this.timer.unwatch(this);
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
			if (!this.stopped) {
				this.stopped = true;
				this.expiry.tryEmitError(this.error.get());
			}
		}

	}

}
