package services.aiapi.benchmarks;

/**
 * One way of calling the gateway, as the benchmarks exercise it. Every method makes one complete call and
 * returns something derived from the whole response, so nothing can be optimised away.
 */
interface BenchClient extends AutoCloseable {

	/**
	 * One chat completion, decoded to a typed object.
	 * @return the answer's length
	 */
	int chat();

	/**
	 * One streamed chat completion, every chunk decoded.
	 * @return the number of chunks received
	 */
	int stream();

	/**
	 * The first chunk of a stream; the rest is cancelled.
	 * @return the first chunk's content length
	 */
	int firstChunk();

	/**
	 * A call the stub answers with 429, turned into the client's exception, without retries.
	 * @return a value derived from the exception
	 */
	int rateLimited();

	/**
	 * One chat completion without blocking, for clients built for it; {@code null} for blocking clients.
	 * @return the answer's length, or {@code null}
	 */
	default reactor.core.publisher.@org.jspecify.annotations.Nullable Mono<Integer> chatAsync() {
		return null;
	}

	/**
	 * One streamed chat completion without blocking; {@code null} for blocking clients.
	 * @return the number of chunks, or {@code null}
	 */
	default reactor.core.publisher.@org.jspecify.annotations.Nullable Mono<Integer> streamAsync() {
		return null;
	}

	@Override
	default void close() {
	}

}
