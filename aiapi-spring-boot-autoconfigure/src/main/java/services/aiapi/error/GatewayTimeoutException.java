package services.aiapi.error;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * The upstream provider did not answer the gateway in time (504). Retryable.
 */
public class GatewayTimeoutException extends ServerException {

	static final String HINT = "The upstream provider did not answer in time; retry later or raise the upstream timeout";

	public GatewayTimeoutException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId) {
		this(attempt, status, headers, error, requestId, HINT);
	}

	protected GatewayTimeoutException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId,
			String hint) {
		super(attempt, status, headers, error, requestId, hint);
	}

}
