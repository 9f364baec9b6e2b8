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

	public ClientRateLimitedException(String reason, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		super("Call rejected by the client-side rate limiter: " + reason
				+ "; lower the call rate or raise aiapi.rate-limiter.timeout-duration", cause);
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
