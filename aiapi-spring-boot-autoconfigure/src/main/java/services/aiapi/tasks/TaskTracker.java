package services.aiapi.tasks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import services.aiapi.model.tasks.Task;
import services.aiapi.model.tasks.TaskFamily;
import services.aiapi.model.tasks.TaskHandle;

/**
 * The tasks this instance submitted and awaits: the ones in flight (for the {@code aiapi} endpoint), and each
 * submission and finish told to listeners (metrics). A task awaited twice at once is one task in flight.
 */
public final class TaskTracker {

	private final Clock clock;

	private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Create a tracker.
	 * @param clock the clock times to completion are read on
	 */
	public TaskTracker(Clock clock) {
		Assert.notNull(clock, "Clock must not be null");
		this.clock = clock;
	}

	/**
	 * Listen to submissions and finishes.
	 * @param listener the listener
	 */
	public void addListener(Listener listener) {
		this.listeners.add(listener);
	}

	/**
	 * A task was submitted.
	 * @param handle the task
	 */
	public void submitted(TaskHandle handle) {
		this.listeners.forEach((listener) -> listener.onSubmitted(handle.family()));
	}

	/**
	 * This instance starts awaiting a task.
	 * @param handle the task
	 */
	public void awaiting(TaskHandle handle) {
		this.inFlight.computeIfAbsent(key(handle), (k) -> new InFlight(handle, this.clock.instant()));
	}

	/**
	 * A poll of an awaited task came back.
	 * @param task the task as polled
	 */
	public void polled(Task task) {
		InFlight current = this.inFlight.get(key(task.handle()));
		if (current != null) {
			current.last = task;
			current.polls++;
		}
	}

	/**
	 * This instance stops awaiting a task: it finished, the wait ended, or the caller left.
	 * @param handle the task
	 * @param last the task as last polled, or {@code null}
	 */
	public void stopped(TaskHandle handle, @Nullable Task last) {
		InFlight removed = this.inFlight.remove(key(handle));
		if (last != null && last.isDone()) {
			Duration took = Duration.between(handle.submittedAt(), this.clock.instant());
			int polls = (removed != null) ? removed.polls : 0;
			String outcome = last.state().name().toLowerCase(java.util.Locale.ROOT);
			this.listeners.forEach((listener) -> listener.onFinished(handle.family(), outcome,
					took.isNegative() ? Duration.ZERO : took, polls));
		}
	}

	/**
	 * Return how many tasks this instance awaits now.
	 * @return the count
	 */
	public int inFlightCount() {
		return this.inFlight.size();
	}

	/**
	 * Describe the tasks in flight for the endpoint.
	 * @return each task's family, id, model, state, progress, polls and since when it is awaited
	 */
	public List<Map<String, Object>> describeInFlight() {
		List<Map<String, Object>> tasks = new ArrayList<>();
		for (InFlight task : this.inFlight.values()) {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("family", task.handle.family().tagValue());
			map.put("id", task.handle.id());
			map.put("model", task.handle.model());
			map.put("submittedAt", task.handle.submittedAt().toString());
			map.put("awaitedSince", task.since.toString());
			Task last = task.last;
			map.put("state", (last != null) ? last.state().name() : "NOT_POLLED");
			map.put("progress", (last != null) ? last.progress() : null);
			map.put("polls", task.polls);
			tasks.add(map);
		}
		return tasks;
	}

	private static String key(TaskHandle handle) {
		return handle.family().name() + ":" + handle.id();
	}

	private static final class InFlight {

		final TaskHandle handle;

		final Instant since;

		volatile @Nullable Task last;

		volatile int polls;

		InFlight(TaskHandle handle, Instant since) {
			this.handle = handle;
			this.since = since;
		}

	}

	/**
	 * Told of submissions and finishes.
	 */
	public interface Listener {

		/**
		 * A task was submitted.
		 * @param family its family
		 */
		void onSubmitted(TaskFamily family);

		/**
		 * An awaited task finished.
		 * @param family its family
		 * @param outcome {@code succeeded}, {@code failed} or {@code cancelled}
		 * @param timeToCompletion from its submission to the poll that found it finished
		 * @param polls how many polls it took
		 */
		void onFinished(TaskFamily family, String outcome, Duration timeToCompletion, int polls);

	}

}
