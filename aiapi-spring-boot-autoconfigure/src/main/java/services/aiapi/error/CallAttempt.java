package services.aiapi.error;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

import org.springframework.http.HttpMethod;

/**
 * Which request an exception is about: its method and URI, and which attempt of its call it was. The translator
 * gives it to every exception it creates, which keeps it in final fields: an exception is complete once it is
 * thrown.
 *
 * @param method the request method, when known
 * @param uri the request URI, when known
 * @param attempt the attempt of the call, counting from 1
 */
public record CallAttempt(@Nullable HttpMethod method, @Nullable URI uri, int attempt) {

	/**
	 * Key under which the starter's retry puts the number of the current attempt (an {@code Integer}) in the
	 * Reactor context of each attempt.
	 */
	public static final String CONTEXT_KEY = CallAttempt.class.getName() + ".attempt";

	/** Nothing known: a first attempt of an unknown request. */
	public static final CallAttempt UNKNOWN = new CallAttempt(null, null, 1);

	public CallAttempt {
		attempt = Math.max(1, attempt);
	}

	/**
	 * Return the attempt a Reactor context is in.
	 * @param method the request method, when known
	 * @param uri the request URI, when known
	 * @param context the context of the attempt
	 * @return the attempt, the first when the context names none
	 */
	public static CallAttempt of(@Nullable HttpMethod method, @Nullable URI uri, ContextView context) {
		return new CallAttempt(method, uri, context.getOrDefault(CONTEXT_KEY, 1));
	}

}
