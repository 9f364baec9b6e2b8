package services.aiapi.metrics;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import services.aiapi.model.ChatCompletionChunk;
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
		public Flux<ChatCompletionChunk> stream(CallInfo call, Flux<ChatCompletionChunk> execution) {
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
	 * Instrument a chat stream.
	 * @param call the call
	 * @param execution the stream itself
	 * @return the instrumented stream
	 */
	Flux<ChatCompletionChunk> stream(CallInfo call, Flux<ChatCompletionChunk> execution);

}
