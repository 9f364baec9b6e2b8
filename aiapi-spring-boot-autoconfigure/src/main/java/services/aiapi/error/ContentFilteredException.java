package services.aiapi.error;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * The gateway or the model's provider rejected the content: {@code content_filtered}, {@code prompt_blocked} or
 * {@code sensitive_words_detected}, whatever the status (the gateway's word filter sends 500). Never retried:
 * the same input is rejected again.
 */
public class ContentFilteredException extends BadRequestException {

	static final String HINT = "Change the input to avoid content the usage policy forbids";

	public ContentFilteredException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error,
			@Nullable String requestId) {
		super(attempt, status, headers, error, requestId, HINT);
	}

	/**
	 * Return why the content was rejected: {@code data.reason} when the gateway sent one, else the error code.
	 * @return the reason
	 */
	public String getReason() {
		Object reason = getGatewayError().dataValue("reason");
		if (reason != null) {
			return reason.toString();
		}
		return (getErrorCode() != null) ? getErrorCode() : "content_filtered";
	}

}
