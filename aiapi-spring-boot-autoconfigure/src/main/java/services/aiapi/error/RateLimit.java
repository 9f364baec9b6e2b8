package services.aiapi.error;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The rate-limit figures a response advertised in its {@code X-RateLimit-*} headers. Stock gateways send none,
 * so every figure may be absent.
 *
 * @param limitRequests {@code X-RateLimit-Limit-Requests}
 * @param remainingRequests {@code X-RateLimit-Remaining-Requests}
 * @param resetRequests time until {@code X-RateLimit-Reset-Requests}
 * @param limitTokens {@code X-RateLimit-Limit-Tokens}
 * @param remainingTokens {@code X-RateLimit-Remaining-Tokens}
 * @param resetTokens time until {@code X-RateLimit-Reset-Tokens}
 */
public record RateLimit(@Nullable Long limitRequests, @Nullable Long remainingRequests,
		@Nullable Duration resetRequests, @Nullable Long limitTokens, @Nullable Long remainingTokens,
		@Nullable Duration resetTokens) {

	/**
	 * Read the figures from response headers.
	 * @param headers the response headers
	 * @param clock the clock to resolve epoch-second reset values against
	 * @return the figures, or empty when the response carries no {@code X-RateLimit-*} header
	 */
	public static Optional<RateLimit> from(HttpHeaders headers, Clock clock) {
		RateLimit rateLimit = new RateLimit(number(headers, "X-RateLimit-Limit-Requests"),
				number(headers, "X-RateLimit-Remaining-Requests"),
				RetryAfter.resetValue(headers.getFirst("X-RateLimit-Reset-Requests"), clock),
				number(headers, "X-RateLimit-Limit-Tokens"), number(headers, "X-RateLimit-Remaining-Tokens"),
				RetryAfter.resetValue(headers.getFirst("X-RateLimit-Reset-Tokens"), clock));
		boolean any = rateLimit.limitRequests != null || rateLimit.remainingRequests != null
				|| rateLimit.resetRequests != null || rateLimit.limitTokens != null
				|| rateLimit.remainingTokens != null || rateLimit.resetTokens != null;
		return any ? Optional.of(rateLimit) : Optional.empty();
	}

	private static @Nullable Long number(HttpHeaders headers, String name) {
		String value = headers.getFirst(name);
		if (value == null) {
			return null;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
