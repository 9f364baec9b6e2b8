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

	/**
	 * Whether the same request may succeed when sent again (after a wait).
	 * @return {@code true} for transient failures such as 429, most 5xx and connection problems
	 */
	public abstract boolean isRetryable();

}
