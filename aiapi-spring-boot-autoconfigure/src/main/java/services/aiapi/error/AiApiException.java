package services.aiapi.error;

import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedRuntimeException;

/**
 * Base of every exception the starter throws: a failed gateway call, a call that never got a response,
 * a request refused before it was sent, or a stream that ended badly.
 *
 * <p>{@link #isRetryable()} says whether sending the same request again may succeed; the starter's own retry
 * consults it, so callers that retry by hand should too.
 */
public abstract class AiApiException extends NestedRuntimeException {

	private final int attempts;

	/**
	 * Create an exception that surfaced after the given number of attempts, its cause left unset (for subclasses
	 * that set it with {@code initCause}).
	 * @param message the message
	 * @param attempts how many times the request was sent (or tried)
	 */
	protected AiApiException(String message, int attempts) {
		super(describe(message, attempts));
		this.attempts = Math.max(1, attempts);
	}

	/**
	 * Create an exception that surfaced after the given number of attempts.
	 * @param message the message
	 * @param cause the cause, or {@code null}
	 * @param attempts how many times the request was sent (or tried)
	 */
	protected AiApiException(String message, @Nullable Throwable cause, int attempts) {
		super(describe(message, attempts), cause);
		this.attempts = Math.max(1, attempts);
	}

	private static String describe(String message, int attempts) {
		return (attempts > 1) ? message + " [after " + attempts + " attempts]" : message;
	}

	/**
	 * Return how many times the request was sent (or tried) before this failure surfaced.
	 * @return the number of attempts, 1 when the call was not retried
	 */
	public int getAttempts() {
		return this.attempts;
	}

	/**
	 * Whether the same request may succeed when sent again (after a wait).
	 * @return {@code true} for transient failures such as 429, most 5xx and connection problems
	 */
	public abstract boolean isRetryable();

}
