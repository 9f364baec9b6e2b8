package services.aiapi.error;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * The gateway, or a proxy in front of it, gave up waiting for the request (408). Retryable.
 */
public class RequestTimeoutException extends RetryableResponseException {

	static final String HINT = "The server timed out waiting for the request; retry, and quote the request id to support if it persists";

	public RequestTimeoutException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error,
			@Nullable String requestId) {
		super(attempt, status, headers, error, requestId, HINT);
	}

}
