package services.aiapi.error;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The starter's own rate limiter held the call back longer than {@code aiapi.rate-limiter.timeout-duration}: the
 * application is calling faster than {@code aiapi.rate-limiter.limit-for-period} (or than the limit the gateway
 * advertised). Nothing was sent.
 */
public class ClientRateLimitedException extends AiApiException {

	private final @Nullable Duration retryAfter;

	/**
	 * Create an exception for a call held back before its first attempt was sent.
	 * @param reason why
	 * @param retryAfter how long until a permit is expected, when known
	 * @param cause the limiter's refusal, if any
	 */
	public ClientRateLimitedException(String reason, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		this(reason, retryAfter, cause, 1);
	}

	/**
	 * Create an exception for a call whose attempt {@code attempts} was held back.
	 * @param reason why
	 * @param retryAfter how long until a permit is expected, when known
	 * @param cause the limiter's refusal, if any
	 * @param attempts the attempts made, this one included
	 */
	public ClientRateLimitedException(String reason, @Nullable Duration retryAfter, @Nullable Throwable cause,
			int attempts) {
		super("Call rejected by the client-side rate limiter: " + reason
				+ "; lower the call rate or raise aiapi.rate-limiter.timeout-duration", cause, attempts);
		this.retryAfter = retryAfter;
	}

	/**
	 * Return how long until a permit is expected, when known.
	 * @return the wait
	 */
	public Optional<Duration> getRetryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
