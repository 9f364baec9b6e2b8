package services.aiapi.error;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * The key may not do this (403): insufficient permissions or restricted model access. Never retried.
 */
public class PermissionDeniedException extends AiApiResponseException {

	static final String HINT = "Check the key's permissions and whether it may use this model";

	public PermissionDeniedException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId) {
		this(attempt, status, headers, error, requestId, HINT);
	}

	protected PermissionDeniedException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId,
			String hint) {
		super(attempt, status, headers, error, requestId, false, hint);
	}

}
