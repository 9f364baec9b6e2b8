package services.aiapi.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import services.aiapi.model.tasks.TaskFamily;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.tasks.TaskTracker;

/**
 * Meters of async tasks: {@code aiapi.tasks.submitted{family}}, {@code aiapi.tasks.finished{family, outcome}},
 * {@code aiapi.tasks.duration{family, outcome}} (time to completion, from submission), {@code aiapi.tasks.polls
 * {family}} (polls per awaited task) and {@code aiapi.tasks.in-flight} (tasks this instance awaits now).
 */
public class TaskMeterBinder implements MeterBinder {

	private final AiApiResilience resilience;

	public TaskMeterBinder(AiApiResilience resilience) {
		this.resilience = resilience;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		TaskTracker tracker = this.resilience.getTaskTracker();
		Gauge.builder("aiapi.tasks.in-flight", tracker, TaskTracker::inFlightCount)
			.description("Async tasks this instance awaits now")
			.register(registry);
		tracker.addListener(new TaskTracker.Listener() {

			@Override
			public void onSubmitted(TaskFamily family) {
				Counter.builder("aiapi.tasks.submitted")
					.description("Async tasks submitted (each charged by the gateway)")
					.tag("family", family.tagValue())
					.register(registry)
					.increment();
			}

			@Override
			public void onFinished(TaskFamily family, String outcome, Duration timeToCompletion, int polls) {
				Counter.builder("aiapi.tasks.finished")
					.description("Awaited async tasks that finished, by outcome")
					.tag("family", family.tagValue())
					.tag("outcome", outcome)
					.register(registry)
					.increment();
				Timer.builder("aiapi.tasks.duration")
					.description("Time from a task's submission to the poll that found it finished")
					.tag("family", family.tagValue())
					.tag("outcome", outcome)
					.register(registry)
					.record(timeToCompletion);
				DistributionSummary.builder("aiapi.tasks.polls")
					.description("Polls an awaited task took")
					.tag("family", family.tagValue())
					.register(registry)
					.record(polls);
			}

		});
	}

}
