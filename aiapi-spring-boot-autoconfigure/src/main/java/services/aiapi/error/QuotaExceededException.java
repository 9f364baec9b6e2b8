package services.aiapi.error;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * The account has no quota left: {@code quota_not_enough}, {@code insufficient_user_quota}, {@code pre_consume_token_quota_failed} or {@code insufficient_quota}, whatever the status. Never retried: waiting does not add balance.
 */
public class QuotaExceededException extends PermissionDeniedException {

	static final String HINT = "Check the account balance in the dashboard, top up or upgrade the plan";

	public QuotaExceededException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId) {
		this(attempt, status, headers, error, requestId, HINT);
	}

	protected QuotaExceededException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error, @Nullable String requestId,
			String hint) {
		super(attempt, status, headers, error, requestId, hint);
	}

}
