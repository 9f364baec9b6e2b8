package services.aiapi.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * Times every {@link Watched} deadline of one scheduler (stream watchdogs and call deadlines) with a single pending task, armed for the earliest deadline
 * among them. A stream that starts or ends touches only a concurrent set: its deadline is never earlier than the
 * pending one in steady traffic, so it schedules nothing. Scheduling a task per stream, as one timer per watchdog
 * did, wakes the scheduler's sleeping worker thread through the kernel for most streams (a new earliest task
 * signals it), which cost more than the rest of the watchdog together.
 * <p>
 * When the task fires it expires every watchdog whose deadline has passed and re-arms for the next one; deadlines
 * only move later as lines arrive, except when a stream's first line switches it from the longer wait for a
 * response to the idle timeout, and when its content is complete and only the end of the response is awaited,
 * which {@link #deadlineMoved} handles. A timeout fires at its deadline, as with a timer per stream, not on the next
 * tick of a wheel; the end of a drain (a server that keeps the response open after its last event) may come up to
 * its grace late, so that the drains of many streams share one task.
 */
final class WatchdogTimer {

	/**
	 * The timer of the scheduler a caller uses now: the same one while the scheduler stays the same, a new one
	 * when it changes (a test's virtual clock is a new scheduler, and gets a timer of its own).
	 */
	static final class PerScheduler {

		private volatile @Nullable WatchdogTimer timer;

		WatchdogTimer get(Scheduler scheduler) {
			WatchdogTimer current = this.timer;
			if (current == null || current.scheduler() != scheduler) {
				current = new WatchdogTimer(scheduler);
				this.timer = current;
			}
			return current;
		}

	}

	/**
	 * Something with a deadline: looked at when its deadline (plus its tolerance) has passed.
	 */
	interface Watched {

		/** The time, on the timer's clock, by which it expires. */
		long deadline();

		/** How late past its deadline it may be looked at. */
		long tolerance();

		/** Called once the deadline has passed. */
		void expire();

	}

	private static final long NONE = Long.MAX_VALUE;

	private final Scheduler scheduler;

	private final Set<Watched> watched = ConcurrentHashMap.newKeySet();

	private final Object lock = new Object();

	// the deadline the pending task is armed for (NONE: no task); written under the lock, read without it
	private volatile long armedFor = NONE;

	// guarded by the lock: the pending task, and its identity (a cancelled task may already be running)
	private Disposable pending = Disposables.disposed();

	private Object generation = new Object();

	WatchdogTimer(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	Scheduler scheduler() {
		return this.scheduler;
	}

	long now() {
		return this.scheduler.now(TimeUnit.NANOSECONDS);
	}

	void watch(Watched watchdog) {
		// added before armedFor is read: a firing task either sees the watchdog or re-arms before we read
		this.watched.add(watchdog);
		deadlineMoved(watchdog);
	}

	void unwatch(Watched watchdog) {
		this.watched.remove(watchdog);
	}

	void deadlineMoved(Watched watchdog) {
		// a watchdog that tolerates lateness is looked at by a task armed within its tolerance, or by its own
		long latest = watchdog.deadline() + watchdog.tolerance();
		if (latest >= this.armedFor) {
			return;
		}
		synchronized (this.lock) {
			if (latest < this.armedFor) {
				arm(latest);
			}
		}
	}

	// holds the lock
	private void arm(long deadline) {
		this.pending.dispose();
		Object armed = new Object();
		this.generation = armed;
		this.armedFor = deadline;
		this.pending = this.scheduler.schedule(() -> fire(armed), Math.max(0, deadline - now()), TimeUnit.NANOSECONDS);
	}

	private void fire(Object armed) {
		List<Watched> expired = null;
		synchronized (this.lock) {
			if (armed != this.generation) {
				return;
			}
			this.armedFor = NONE;
			this.pending = Disposables.disposed();
			long now = now();
			long next = NONE;
			for (Watched watchdog : this.watched) {
				long deadline = watchdog.deadline();
				if (deadline <= now) {
					if (expired == null) {
						expired = new ArrayList<>();
					}
					expired.add(watchdog);
				}
				else {
					next = Math.min(next, deadline + watchdog.tolerance());
				}
			}
			if (next != NONE) {
				arm(next);
			}
		}
		if (expired != null) {
			for (Watched watchdog : expired) {
				this.watched.remove(watchdog);
				watchdog.expire();
			}
		}
	}

}
