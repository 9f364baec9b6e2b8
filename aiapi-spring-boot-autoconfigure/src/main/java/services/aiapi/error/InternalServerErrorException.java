package services.aiapi.error;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * The gateway failed (500). Retryable.
 */
public class InternalServerErrorException extends ServerException {

	static final String HINT = "Temporary gateway failure; retry later and contact support with the request id if it persists";

	public InternalServerErrorException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId) {
		this(attempt, status, headers, error, requestId, HINT);
	}

	protected InternalServerErrorException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId,
			String hint) {
		super(attempt, status, headers, error, requestId, hint);
	}

}
