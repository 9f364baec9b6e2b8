package services.aiapi.error;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * The request was invalid: 400 {@code invalid_request_error}, or a validation failure the gateway reports as 500 {@code invalid_request} or 413. Never retried.
 */
public class BadRequestException extends AiApiResponseException {

	static final String HINT = "Check the request parameters and required fields";

	public BadRequestException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId) {
		this(attempt, status, headers, error, requestId, HINT);
	}

	protected BadRequestException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId,
			String hint) {
		super(attempt, status, headers, error, requestId, false, hint);
	}

}
