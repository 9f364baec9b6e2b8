package services.aiapi.error;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * The upstream provider behind the gateway failed or was unreachable (502). Retryable.
 */
public class BadGatewayException extends ServerException {

	static final String HINT = "The upstream provider is unavailable; retry later";

	public BadGatewayException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId) {
		this(attempt, status, headers, error, requestId, HINT);
	}

	protected BadGatewayException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId,
			String hint) {
		super(attempt, status, headers, error, requestId, hint);
	}

}
