package services.aiapi.error;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * The gateway throttled the call (429, not about quota). Retryable after {@link #getRetryAfter()} when the
 * server named a wait, else after an exponential backoff.
 */
public class RateLimitExceededException extends RetryableResponseException {

	static final String HINT = "Reduce the request rate or retry after the advertised wait";

	private final @Nullable Duration retryAfter;

	private final @Nullable RateLimit rateLimit;

	public RateLimitExceededException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error,
			@Nullable String requestId, @Nullable Duration retryAfter, @Nullable RateLimit rateLimit) {
		super(attempt, status, headers, error, requestId, hint(retryAfter));
		this.retryAfter = retryAfter;
		this.rateLimit = rateLimit;
	}

	private static String hint(@Nullable Duration retryAfter) {
		return (retryAfter != null) ? HINT + " (the server asked for " + retryAfter.toMillis() + " ms)" : HINT;
	}

	/**
	 * Return the wait the server asked for, from {@code retry-after-ms}, {@code Retry-After} (seconds or HTTP
	 * date) or {@code data.retry_after}.
	 * @return the wait, or empty when the server named none
	 */
	public Optional<Duration> getRetryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	/**
	 * Return the {@code X-RateLimit-*} figures of the response.
	 * @return the figures, or empty when the response carried none
	 */
	public Optional<RateLimit> getRateLimit() {
		return Optional.ofNullable(this.rateLimit);
	}

}
