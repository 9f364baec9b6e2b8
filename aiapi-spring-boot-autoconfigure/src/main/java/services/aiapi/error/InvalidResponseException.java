package services.aiapi.error;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * The gateway answered with a success status, but the body could not be read as the expected JSON: empty,
 * truncated, HTML from a proxy, or larger than {@code aiapi.max-response-size}. The raw text is kept (bounded).
 * Not retried: the request may have been processed and charged.
 */
public class InvalidResponseException extends AiApiResponseException {

	static final String HINT = "The response could not be read; check the base URL points at the gateway and quote the request id to support";

	public InvalidResponseException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error,
			@Nullable String requestId, @Nullable Throwable cause) {
		super(attempt, status, headers, error, requestId, false, HINT);
		if (cause != null) {
			initCause(cause);
		}
	}

}
