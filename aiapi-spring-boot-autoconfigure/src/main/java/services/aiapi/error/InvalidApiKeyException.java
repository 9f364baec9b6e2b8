package services.aiapi.error;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * The gateway refused the API key (401): invalid, missing, expired, disabled, or a malformed {@code Authorization} header. Never retried.
 */
public class InvalidApiKeyException extends AiApiResponseException {

	static final String HINT = "Check aiapi.api-key: the key from the Tokens page, not deleted or disabled, sent as exactly 'Authorization: Bearer <key>'";

	public InvalidApiKeyException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId) {
		this(attempt, status, headers, error, requestId, HINT);
	}

	protected InvalidApiKeyException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId,
			String hint) {
		super(attempt, status, headers, error, requestId, false, hint);
	}

}
