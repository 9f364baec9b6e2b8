package services.aiapi.error;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * The model does not exist or is not available to this key: {@code model_not_found}, also when the gateway sends it with 503. Never retried.
 */
public class ModelNotFoundException extends NotFoundException {

	static final String HINT = "Check the model name against GET /v1/models";

	public ModelNotFoundException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId) {
		this(attempt, status, headers, error, requestId, HINT);
	}

	protected ModelNotFoundException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId,
			String hint) {
		super(attempt, status, headers, error, requestId, hint);
	}

}
