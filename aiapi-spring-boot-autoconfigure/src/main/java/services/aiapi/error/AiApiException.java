package services.aiapi.error;

import org.springframework.core.NestedRuntimeException;

/**
 * Base of every exception the starter throws: a failed gateway call, a call that never got a response,
 * a request refused before it was sent, or a stream that ended badly.
 *
 * <p>{@link #isRetryable()} says whether sending the same request again may succeed; the starter's own retry
 * consults it, so callers that retry by hand should too.
 */
public abstract class AiApiException extends NestedRuntimeException {

	protected AiApiException(String message) {
		super(message);
	}

	protected AiApiException(String message, Throwable cause) {
		super(message, cause);
	}

	private volatile int attempts = 1;

	/**
	 * Return how many times the request was sent (or tried) before this failure surfaced.
	 * @return the number of attempts, 1 when the call was not retried
	 */
	public int getAttempts() {
		return this.attempts;
	}

	/**
	 * Record how many attempts the call took. Called by the starter's retry.
	 * @param attempts the number of attempts
	 */
	public void setAttempts(int attempts) {
		this.attempts = Math.max(1, attempts);
	}

	@Override
	public String getMessage() {
		String message = super.getMessage();
		return (this.attempts > 1) ? message + " [after " + this.attempts + " attempts]" : message;
	}

	/**
	 * Whether the same request may succeed when sent again (after a wait).
	 * @return {@code true} for transient failures such as 429, most 5xx and connection problems
	 */
	public abstract boolean isRetryable();

}
