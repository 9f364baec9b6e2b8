package services.aiapi.error;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * The async task does not exist or has expired: {@code task_not_found}, or {@code task_not_exist} sent with 400. Never retried.
 */
public class TaskNotFoundException extends NotFoundException {

	static final String HINT = "Check the task id; tasks expire after their validity period";

	public TaskNotFoundException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId) {
		this(attempt, status, headers, error, requestId, HINT);
	}

	protected TaskNotFoundException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId,
			String hint) {
		super(attempt, status, headers, error, requestId, hint);
	}

}
