package services.aiapi.metrics;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import services.aiapi.error.AiApiRequestException;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.CircuitBreakerOpenException;
import services.aiapi.error.ClientRateLimitedException;
import services.aiapi.error.RequestValidationException;
import services.aiapi.error.StreamTruncatedException;

/**
 * Low-cardinality tag values for a call's outcome and error code.
 */
final class CallOutcome {

	static final String NONE = "none";

	// Codes from the gateway's documentation and the gateway software; anything else is tagged "other".
	private static final Set<String> KNOWN_CODES = Set.of("invalid_request_error", "invalid_request",
			"content_filtered", "prompt_blocked", "sensitive_words_detected", "invalid_api_key", "quota_not_enough",
			"insufficient_user_quota", "pre_consume_token_quota_failed", "insufficient_quota", "model_not_found",
			"task_not_found", "task_not_exist", "rate_limit_exceeded", "api_not_implemented");

	private CallOutcome() {
	}

	static String outcome(@Nullable Throwable error) {
		if (error == null) {
			return "SUCCESS";
		}
		if (error instanceof RequestValidationException) {
			// refused before it was sent: not a gateway error
			return "REJECTED";
		}
		if (error instanceof AiApiResponseException response) {
			int status = response.getStatusCode().value();
			return (status >= 500) ? "SERVER_ERROR" : (status >= 400) ? "CLIENT_ERROR" : "INVALID_RESPONSE";
		}
		if (error instanceof AiApiRequestException) {
			return "TRANSPORT_ERROR";
		}
		if (error instanceof CircuitBreakerOpenException || error instanceof ClientRateLimitedException) {
			return "REJECTED";
		}
		if (error instanceof StreamTruncatedException) {
			return "TRUNCATED";
		}
		return "UNKNOWN";
	}

	static String errorCode(@Nullable Throwable error) {
		if (error == null) {
			return NONE;
		}
		if (error instanceof AiApiResponseException response) {
			String code = response.getErrorCode();
			if (code == null) {
				return "http_" + response.getStatusCode().value();
			}
			return KNOWN_CODES.contains(code) ? code : "other";
		}
		return error.getClass().getSimpleName();
	}

}
