package services.aiapi.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Fails a stream that stays silent too long, at the cost of one timestamp per element: a single timer task is
 * re-armed only when it fires (as Netty's read-timeout handler does), instead of one timer per element as
 * Reactor's {@code timeout} operator schedules.
 */
final class IdleWatchdog {

	private final long firstTimeoutNanos;

	private final long idleTimeoutNanos;

	private final Scheduler scheduler;

	private final Sinks.One<String> expiry = Sinks.one();

	private volatile long lastSignalNanos;

	private volatile boolean seenElement;

	private volatile boolean done;

	private volatile Disposable task = () -> {
	};

	private IdleWatchdog(Duration firstTimeout, Duration idleTimeout, Scheduler scheduler) {
		this.firstTimeoutNanos = firstTimeout.toNanos();
		this.idleTimeoutNanos = idleTimeout.toNanos();
		this.scheduler = scheduler;
	}

	/**
	 * Guard a stream.
	 * @param source the stream
	 * @param firstTimeout the longest wait for the first element
	 * @param idleTimeout the longest wait between two elements
	 * @param scheduler the scheduler that keeps time
	 * @return the stream, failing with a {@link TimeoutException} when a wait is exceeded
	 */
	static Flux<String> guard(Flux<String> source, Duration firstTimeout, Duration idleTimeout, Scheduler scheduler) {
		return Flux.defer(() -> new IdleWatchdog(firstTimeout, idleTimeout, scheduler).watch(source));
	}

	private Flux<String> watch(Flux<String> source) {
		Flux<String> watched = source.doOnSubscribe((subscription) -> {
			this.lastSignalNanos = now();
			arm(this.firstTimeoutNanos);
		}).doOnNext((element) -> {
			this.lastSignalNanos = now();
			if (!this.seenElement) {
				// the first element ends the (longer) wait for a response: from now on, the idle timeout counts
				this.seenElement = true;
				this.task.dispose();
				arm(this.idleTimeoutNanos);
			}
		}).doFinally((signal) -> {
			this.done = true;
			this.task.dispose();
			this.expiry.tryEmitEmpty();
		});
		// the expiry only ever fails (or completes after the end): no merge queue on the element path
		return watched.takeUntilOther(this.expiry.asMono());
	}

	private void arm(long delayNanos) {
		if (!this.done) {
			this.task = this.scheduler.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
		}
	}

	private void check() {
		if (this.done) {
			return;
		}
		long limit = this.seenElement ? this.idleTimeoutNanos : this.firstTimeoutNanos;
		long silent = now() - this.lastSignalNanos;
		if (silent >= limit) {
			this.expiry.tryEmitError(new TimeoutException("No element within " + Duration.ofNanos(limit)));
		}
		else {
			arm(limit - silent);
		}
	}

	private long now() {
		return this.scheduler.now(TimeUnit.NANOSECONDS);
	}

}
