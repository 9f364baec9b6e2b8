package services.aiapi.error;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * The gateway answered with an error that may go away when the same request is sent again after a wait: a 429
 * ({@link RateLimitExceededException}), a 5xx other than 501 ({@link ServerException}) or a 408
 * ({@link RequestTimeoutException}). With {@link AiApiRequestException} (no answer at all) it makes the
 * retryable branch of the hierarchy, so a caller that retries by hand can catch it:
 * {@code catch (RetryableResponseException | AiApiRequestException ex)}. Every other exception of the starter is
 * not retryable.
 */
public abstract class RetryableResponseException extends AiApiResponseException {

	protected RetryableResponseException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error,
			@Nullable String requestId, String hint) {
		super(attempt, status, headers, error, requestId, true, hint);
	}

	/**
	 * Always {@code true}: the same request may succeed after a wait.
	 * @return {@code true}
	 */
	@Override
	public final boolean isRetryable() {
		return true;
	}

}
