package services.aiapi.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.Usage;

/**
 * Puts each logical call in a Micrometer {@link Observation} named {@value #OBSERVATION_NAME} (a timer, and a span
 * whose children are the HTTP attempts) and tells the {@link AiApiCallListener}s how it went.
 */
public class ObservedCallInstrumentation implements AiApiCallInstrumentation {

	/** Name of the observation, and so of the timer, of each logical call. */
	public static final String OBSERVATION_NAME = "aiapi.client.calls";

	private final ObservationRegistry registry;

	private final List<AiApiCallListener> listeners;

	public ObservedCallInstrumentation(ObservationRegistry registry, List<AiApiCallListener> listeners) {
		Assert.notNull(registry, "ObservationRegistry must not be null");
		this.registry = registry;
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public <T> Mono<T> call(CallInfo call, Mono<T> execution, Function<T, @Nullable Usage> usage) {
		return Mono.deferContextual((context) -> {
			Observation observation = start(call, context.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
			long started = System.nanoTime();
			AtomicReference<@Nullable Usage> seen = new AtomicReference<>();
			AtomicBoolean ended = new AtomicBoolean();
			// callbacks run before the signal travels downstream, so a caller reacting to it cannot race them
			return execution.doOnNext((result) -> seen.set(usage.apply(result)))
				.doOnEach((signal) -> {
					if (signal.isOnComplete() && ended.compareAndSet(false, true)) {
						succeeded(call, observation, started, seen.get());
					}
					else if (signal.isOnError() && ended.compareAndSet(false, true)) {
						failed(call, observation, started, signal.getThrowable());
					}
				})
				.doOnCancel(() -> {
					if (ended.compareAndSet(false, true)) {
						cancelled(observation);
					}
				})
				.contextWrite((ctx) -> ctx.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	@Override
	public Flux<ChatCompletionChunk> stream(CallInfo call, Flux<ChatCompletionChunk> execution) {
		return Flux.deferContextual((context) -> {
			Observation observation = start(call, context.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
			long started = System.nanoTime();
			AtomicBoolean first = new AtomicBoolean(true);
			AtomicBoolean ended = new AtomicBoolean();
			AtomicReference<@Nullable Usage> seen = new AtomicReference<>();
			return execution.doOnNext((chunk) -> {
				if (first.compareAndSet(true, false)) {
					Duration sinceStart = Duration.ofNanos(System.nanoTime() - started);
					this.listeners.forEach((listener) -> listener.onFirstChunk(call, sinceStart));
				}
				if (chunk.usage() != null) {
					seen.set(chunk.usage());
				}
			}).doOnComplete(() -> {
				if (ended.compareAndSet(false, true)) {
					succeeded(call, observation, started, seen.get());
				}
			}).doOnError((error) -> {
				if (ended.compareAndSet(false, true)) {
					failed(call, observation, started, error);
				}
			}).doOnCancel(() -> {
				if (ended.compareAndSet(false, true)) {
					cancelled(observation);
				}
			})
				.contextWrite((ctx) -> ctx.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	private Observation start(CallInfo call, @Nullable Observation parent) {
		Observation observation = Observation.createNotStarted(OBSERVATION_NAME, this.registry)
			.contextualName("aiapi " + call.operation().tagValue())
			.lowCardinalityKeyValue("operation", call.operation().tagValue())
			.lowCardinalityKeyValue("model", call.modelTag());
		if (parent != null) {
			observation.parentObservation(parent);
		}
		return observation.start();
	}

	private void succeeded(CallInfo call, Observation observation, long started, @Nullable Usage usage) {
		observation.lowCardinalityKeyValue("outcome", CallOutcome.outcome(null))
			.lowCardinalityKeyValue("error.code", CallOutcome.NONE)
			.stop();
		Duration duration = Duration.ofNanos(System.nanoTime() - started);
		this.listeners.forEach((listener) -> listener.onSuccess(call, duration, usage));
	}

	private void failed(CallInfo call, Observation observation, long started, @Nullable Throwable error) {
		observation.lowCardinalityKeyValue("outcome", CallOutcome.outcome(error))
			.lowCardinalityKeyValue("error.code", CallOutcome.errorCode(error));
		if (error != null) {
			observation.error(error);
		}
		observation.stop();
		Duration duration = Duration.ofNanos(System.nanoTime() - started);
		this.listeners.forEach((listener) -> listener.onError(call, duration, error));
	}

	private void cancelled(Observation observation) {
		observation.lowCardinalityKeyValue("outcome", "CANCELLED")
			.lowCardinalityKeyValue("error.code", CallOutcome.NONE)
			.stop();
	}

}
