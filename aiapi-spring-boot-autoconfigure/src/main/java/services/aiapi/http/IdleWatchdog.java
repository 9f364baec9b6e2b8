package services.aiapi.http;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Fails a stream that stays silent too long, at the cost of one timestamp per element: the stream's deadline is
 * computed from its last signal when the {@link WatchdogTimer} it shares with every other stream looks at it (as
 * Netty's read-timeout handler re-arms only when it fires), instead of a timer per element as Reactor's
 * {@code timeout} operator schedules, or even a timer per stream.
 */
final class IdleWatchdog implements WatchdogTimer.Watched {

	private final long firstTimeoutNanos;

	private final long idleTimeoutNanos;

	private final WatchdogTimer timer;

	private final Sinks.One<Object> expiry = Sinks.one();

	private volatile long lastSignalNanos;

	private volatile boolean seenElement;

	private volatile boolean done;

	// set once the stream's content is complete: what follows is drained, for the connection's sake, not awaited
	private volatile long finishingNanos = -1;

	IdleWatchdog(Duration firstTimeout, Duration idleTimeout, WatchdogTimer timer) {
		this.firstTimeoutNanos = firstTimeout.toNanos();
		this.idleTimeoutNanos = idleTimeout.toNanos();
		this.timer = timer;
	}

	/**
	 * Watch a stream.
	 * @param source the stream
	 * @return the stream, failing with a {@link TimeoutException} when a wait is exceeded, or completing when
	 * {@link #finishing draining} takes too long
	 */
	<T> Flux<T> watch(Flux<T> source) {
		Flux<T> watched = source.doOnSubscribe((subscription) -> {
			this.lastSignalNanos = this.timer.now();
			this.timer.watch(this);
		}).doOnNext((element) -> {
			if (this.finishingNanos >= 0) {
				return;
			}
			this.lastSignalNanos = this.timer.now();
			if (!this.seenElement) {
				// the first element ends the (longer) wait for a response: from now on, the idle timeout counts
				this.seenElement = true;
				if (this.idleTimeoutNanos < this.firstTimeoutNanos) {
					this.timer.deadlineMoved(this);
				}
			}
		}).doFinally((signal) -> {
			this.done = true;
			this.timer.unwatch(this);
			this.expiry.tryEmitEmpty();
		});
		// the expiry fails, ends a drain, or completes after the end: no merge queue on the element path
		return watched.takeUntilOther(this.expiry.asMono());
	}

	/**
	 * The stream's content is complete: wait at most {@code grace} more for the source to end (a response read to
	 * its end leaves its connection reusable, a cancelled one is closed), then complete instead of failing.
	 * @param grace the longest wait for the end
	 */
	void finishing(Duration grace) {
		if (this.done) {
			// the source has ended already ([DONE] was its last line, with no blank line after it)
			return;
		}
		this.lastSignalNanos = this.timer.now();
		this.finishingNanos = grace.toNanos();
		this.timer.deadlineMoved(this);
	}

	/** The time by which the next element is due, on the timer's clock. */
	@Override
	public long deadline() {
		return this.lastSignalNanos + currentLimit();
	}

	/**
	 * How late past its {@link #deadline()} this watchdog may be looked at: none for a timeout, which fires on
	 * time, the grace itself for draining, so that many draining streams share one timer task.
	 */
	@Override
	public long tolerance() {
		return Math.max(this.finishingNanos, 0);
	}

	/** Called by the timer once the deadline has passed. */
	@Override
	public void expire() {
		if (this.done) {
			return;
		}
		if (this.finishingNanos >= 0) {
			this.expiry.tryEmitEmpty();
		}
		else {
			this.expiry.tryEmitError(new TimeoutException("No element within " + Duration.ofNanos(currentLimit())));
		}
	}

	private long currentLimit() {
		long finishing = this.finishingNanos;
		return (finishing >= 0) ? finishing : this.seenElement ? this.idleTimeoutNanos : this.firstTimeoutNanos;
	}

}
