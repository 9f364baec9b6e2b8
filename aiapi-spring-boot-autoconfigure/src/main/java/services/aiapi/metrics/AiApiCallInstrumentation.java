package services.aiapi.metrics;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import services.aiapi.model.Usage;

/**
 * Wraps each logical call of the templates, so it can be observed, measured and logged once, however many
 * attempts it took.
 */
public interface AiApiCallInstrumentation {

	/** Instrumentation that does nothing. */
	AiApiCallInstrumentation NONE = new AiApiCallInstrumentation() {

		@Override
		public <T> Mono<T> call(CallInfo call, Mono<T> execution, Function<T, @Nullable Usage> usage) {
			return execution;
		}

		@Override
		public <T> Flux<T> stream(CallInfo call, Flux<T> execution, Function<T, @Nullable Usage> usage) {
			return execution;
		}

	};

	/**
	 * Instrument a call with a single result.
	 * @param <T> the result type
	 * @param call the call
	 * @param execution the call itself
	 * @param usage reads the token usage from the result
	 * @return the instrumented call
	 */
	<T> Mono<T> call(CallInfo call, Mono<T> execution, Function<T, @Nullable Usage> usage);

	/**
	 * Instrument a stream: a chat stream's chunks, or the events of any other route.
	 * @param <T> the element type
	 * @param call the call
	 * @param execution the stream itself
	 * @param usage reads the token usage an element reports (later elements' fields win, earlier ones fill what
	 * they leave out)
	 * @return the instrumented stream
	 */
	<T> Flux<T> stream(CallInfo call, Flux<T> execution, Function<T, @Nullable Usage> usage);

}
