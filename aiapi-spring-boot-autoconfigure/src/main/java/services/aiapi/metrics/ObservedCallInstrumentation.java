package services.aiapi.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Function;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import org.springframework.util.Assert;

import services.aiapi.http.AiApiOperation;
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

	private final @Nullable String serverAddress;

	private volatile @Nullable SpanContent content;

	/**
	 * Put prompt and completion text on the calls' spans, redacted (off unless set).
	 * @param content the capture, or {@code null} for none
	 */
	public void setSpanContent(@Nullable SpanContent content) {
		this.content = content;
	}

	public ObservedCallInstrumentation(ObservationRegistry registry, List<AiApiCallListener> listeners) {
		this(registry, listeners, null);
	}

	/**
	 * Create the instrumentation.
	 * @param registry the observation registry
	 * @param listeners told of each call's outcome (meters, logs)
	 * @param serverAddress the gateway's host, for the spans' {@code server.address}, or {@code null}
	 */
	public ObservedCallInstrumentation(ObservationRegistry registry, List<AiApiCallListener> listeners,
			@Nullable String serverAddress) {
		Assert.notNull(registry, "ObservationRegistry must not be null");
		this.registry = registry;
		this.listeners = List.copyOf(listeners);
		this.serverAddress = serverAddress;
	}

	@Override
	public <T> Mono<T> call(CallInfo call, Mono<T> execution, Function<T, @Nullable Usage> usage) {
		return new Mono<>() {
			@Override
			public void subscribe(CoreSubscriber<? super T> actual) {
				execution.subscribe(subscriber(call, usage, actual, false));
			}
		};
	}

	/**
	 * One call's observation as one subscriber between the call and its caller (rather than a chain of
	 * {@code doOn…} operators and a {@code contextWrite}): the outcome is recorded before the signal travels on,
	 * so a caller reacting to it cannot race the meters. A single answer ends the call with its first value; a
	 * stream reports its first chunk, keeps the last usage it saw and ends with its completion (a subscriber
	 * rather than four peeking operators, their flags and a context write: some 0.5 KiB less per open stream).
	 */
	private static final class CallSubscriber<T> implements CoreSubscriber<T>, Subscription {

		@SuppressWarnings("rawtypes")
		private static final AtomicIntegerFieldUpdater<CallSubscriber> ENDED = AtomicIntegerFieldUpdater
			.newUpdater(CallSubscriber.class, "ended");

		private final ObservedCallInstrumentation instrumentation;

		private final CallInfo call;

		private final Function<T, @Nullable Usage> usage;

		private final CoreSubscriber<? super T> actual;

		private final Context context;

		private final Observation observation;

		private final long started = System.nanoTime();

		private @Nullable Subscription upstream;

		private final boolean stream;

		// a stream's: whether its first chunk is still to come, and the last usage it reported (signals are serial)
		private boolean first = true;

		private @Nullable Usage seen;

		// a stream's last element, and its last that said why it finished: read for the span once it completes
		private @Nullable Object last;

		private @Nullable Object finished;

		private volatile int ended;

		CallSubscriber(ObservedCallInstrumentation instrumentation, CallInfo call, Function<T, @Nullable Usage> usage,
				CoreSubscriber<? super T> actual, Context context, Observation observation, boolean stream) {
			this.instrumentation = instrumentation;
			this.call = call;
			this.usage = usage;
			this.actual = actual;
			this.context = context;
			this.observation = observation;
			this.stream = stream;
		}

		@Override
		public Context currentContext() {
			return this.context;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				this.actual.onSubscribe(this);
			}
		}

		@Override
		public void onNext(T value) {
			if (this.stream) {
				if (this.first) {
					this.first = false;
					this.instrumentation.firstChunk(this.call, this.observation, this.started);
				}
				Usage usage = this.usage.apply(value);
				if (usage != null) {
					this.seen = usage.over(this.seen);
				}
				// kept for the span's response attributes only: nothing to keep (or check per chunk) without an observation
				if (!this.observation.isNoop()) {
					this.last = value;
					if (GenAiSpanAttributes.finishes(value)) {
						this.finished = value;
					}
				}
				this.actual.onNext(value);
				return;
			}
			// a single answer ends the call: a blocking caller returns with it, and cancels rather than waits for
			// the completion that follows
			if (ENDED.compareAndSet(this, 0, 1)) {
				Usage usage = this.usage.apply(value);
				if (!this.observation.isNoop()) {
					this.observation.highCardinalityKeyValues(GenAiSpanAttributes.response(value, usage));
					SpanContent content = this.instrumentation.content;
					String completion = (content != null) ? content.completion(value) : null;
					if (completion != null) {
						this.observation.highCardinalityKeyValue("gen_ai.completion", completion);
					}
				}
				this.instrumentation.succeeded(this.call, this.observation, this.started, usage);
			}
			this.actual.onNext(value);
		}

		@Override
		public void onError(Throwable error) {
			if (ENDED.compareAndSet(this, 0, 1)) {
				this.instrumentation.failed(this.call, this.observation, this.started, error);
			}
			this.actual.onError(error);
		}

		@Override
		public void onComplete() {
			if (ENDED.compareAndSet(this, 0, 1)) {
				if (this.last != null && !this.observation.isNoop()) {
					if (this.finished != null && this.finished != this.last) {
						this.observation.highCardinalityKeyValues(GenAiSpanAttributes.response(this.finished, null));
					}
					this.observation.highCardinalityKeyValues(GenAiSpanAttributes.response(this.last, this.seen));
				}
				this.instrumentation.succeeded(this.call, this.observation, this.started, this.seen);
			}
			this.actual.onComplete();
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
			if (ENDED.compareAndSet(this, 0, 1)) {
				this.instrumentation.cancelled(this.observation);
			}
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.cancel();
			}
		}

	}

	@Override
	public <T> Flux<T> stream(CallInfo call, Flux<T> execution, Function<T, @Nullable Usage> usage) {
		return new Flux<>() {
			@Override
			public void subscribe(CoreSubscriber<? super T> actual) {
				execution.subscribe(subscriber(call, usage, actual, true));
			}
		};
	}

	// the call's observation started (a child of the caller's, if any) and carried in the context it runs in
	private <T> CallSubscriber<T> subscriber(CallInfo call, Function<T, @Nullable Usage> usage,
			CoreSubscriber<? super T> actual, boolean stream) {
		Context context = actual.currentContext();
		Observation observation = start(call, context.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
		// the request is read once, for the span's attributes: the subscriber lives as long as the call (an open stream:
		// minutes)
		return new CallSubscriber<>(this, call.withoutRequest(), usage, actual,
				observation.isNoop() ? context : context.put(ObservationThreadLocalAccessor.KEY, observation),
				observation, stream);
	}

	private void firstChunk(CallInfo call, Observation observation, long started) {
		Duration sinceStart = Duration.ofNanos(System.nanoTime() - started);
		if (!observation.isNoop()) {
			observation.highCardinalityKeyValue("aiapi.time_to_first_chunk_ms", Long.toString(sinceStart.toMillis()));
			observation.event(Observation.Event.of("aiapi.first_chunk", "aiapi.first_chunk after " + sinceStart.toMillis()
					+ " ms"));
		}
		this.listeners.forEach((listener) -> listener.onFirstChunk(call, sinceStart));
	}

	private Observation start(CallInfo call, @Nullable Observation parent) {
		if (this.registry.isNoop()) {
			return Observation.NOOP;
		}
		Names names = this.names.computeIfAbsent(new NameKey(call.operation(), call.modelTag()),
				(key) -> new Names(key, GenAiSpanAttributes.fixed(call, this.serverAddress)));
		Observation observation = Observation.createNotStarted(OBSERVATION_NAME, this.registry)
			.contextualName(names.contextualName)
			.lowCardinalityKeyValues(names.keyValues)
			.highCardinalityKeyValues(names.spanValues);
		KeyValues request = GenAiSpanAttributes.request(call);
		if (request != null) {
			observation.highCardinalityKeyValues(request);
		}
		SpanContent content = this.content;
		if (content != null) {
			String prompt = content.prompt(call.request());
			if (prompt != null) {
				observation.highCardinalityKeyValue("gen_ai.prompt", prompt);
			}
		}
		if (parent != null) {
			observation.parentObservation(parent);
		}
		return observation.start();
	}

	private void succeeded(CallInfo call, Observation observation, long started, @Nullable Usage usage) {
		observation.lowCardinalityKeyValues(SUCCESS).stop();
		Duration duration = Duration.ofNanos(System.nanoTime() - started);
		this.listeners.forEach((listener) -> listener.onSuccess(call, duration, usage));
	}

	private void failed(CallInfo call, Observation observation, long started, @Nullable Throwable error) {
		observation.lowCardinalityKeyValue("outcome", CallOutcome.outcome(error))
			.lowCardinalityKeyValue("error.code", CallOutcome.errorCode(error));
		if (error != null) {
			observation.highCardinalityKeyValue("error.type", error.getClass().getSimpleName());
			observation.error(error);
		}
		observation.stop();
		Duration duration = Duration.ofNanos(System.nanoTime() - started);
		this.listeners.forEach((listener) -> listener.onError(call, duration, error));
	}

	private void cancelled(Observation observation) {
		observation.lowCardinalityKeyValues(CANCELLED).stop();
	}

	private static final KeyValues SUCCESS = KeyValues.of("outcome", CallOutcome.outcome(null), "error.code",
			CallOutcome.NONE);

	private static final KeyValues CANCELLED = KeyValues.of("outcome", "CANCELLED", "error.code", CallOutcome.NONE);

	// made once per operation and model tag (a bounded set), not on every call
	private final Map<NameKey, Names> names = new ConcurrentHashMap<>();

	private record NameKey(AiApiOperation operation, String modelTag) {
	}

	private static final class Names {

		final String contextualName;

		final KeyValues keyValues;

		final KeyValues spanValues;

		Names(NameKey key, KeyValues spanValues) {
			this.contextualName = "aiapi " + key.operation().tagValue();
			this.keyValues = KeyValues.of("operation", key.operation().tagValue(), "model", key.modelTag());
			this.spanValues = spanValues;
		}

	}

}
