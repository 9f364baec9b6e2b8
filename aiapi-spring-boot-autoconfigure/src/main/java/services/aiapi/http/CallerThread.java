package services.aiapi.http;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Marks a call whose caller blocks for its answer: the starter's connector may then send the request and read
 * the answer on the calling thread itself (Apache HttpClient 5), instead of handing the exchange to an event loop
 * and waiting to be woken up again. Only the transport changes: the call goes through the same pipeline, reader,
 * translator and resilience as any other. An attempt that starts on a non-blocking thread (a retry after its
 * backoff, a call that waited for a rate-limit permit) uses the event loop.
 */
public final class CallerThread {

	private static final Object KEY = CallerThread.class;

	private CallerThread() {
	}

	/**
	 * Subscribe to a call on this thread and wait for its answer, letting the transport use this thread.
	 * @param <T> the answer's type
	 * @param call the call
	 * @return the answer, or {@code null} for an empty call
	 */
	public static <T> @Nullable T block(Mono<T> call) {
		return call.contextWrite((context) -> context.put(KEY, Boolean.TRUE)).block();
	}

	static boolean isMarked(ContextView context) {
		return context.hasKey(KEY);
	}

}
