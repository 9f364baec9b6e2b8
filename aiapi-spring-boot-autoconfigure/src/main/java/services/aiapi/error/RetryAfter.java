package services.aiapi.error;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Reads how long the server asks a client to wait, from whichever form it used: {@code retry-after-ms},
 * {@code Retry-After} in seconds or as an HTTP date, or {@code data.retry_after} of the documented 429 body.
 * Also parses the reset values of {@code X-RateLimit-Reset-*} headers: epoch seconds (as in the gateway's
 * documentation), plain seconds, or Go-style durations such as {@code 1m30s} (as OpenAI sends).
 */
public final class RetryAfter {

	/** Header some OpenAI-compatible servers send with the wait in milliseconds. */
	public static final String RETRY_AFTER_MS = "retry-after-ms";

	// Values at or above this are epoch seconds (2001-09-09), below it a number of seconds.
	private static final long EPOCH_SECONDS_THRESHOLD = 1_000_000_000L;

	private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

	private RetryAfter() {
	}

	/**
	 * Return the wait the server asked for.
	 * @param headers the response headers
	 * @param error the parsed error body
	 * @param clock the clock to resolve HTTP dates against
	 * @return the wait (never negative), or empty when the response names none
	 */
	public static Optional<Duration> from(HttpHeaders headers, GatewayError error, Clock clock) {
		Duration wait = millis(headers.getFirst(RETRY_AFTER_MS));
		if (wait == null) {
			wait = headerValue(headers.getFirst(HttpHeaders.RETRY_AFTER), clock);
		}
		if (wait == null) {
			wait = seconds(error.dataValue("retry_after"));
		}
		return Optional.ofNullable(wait).map(RetryAfter::notNegative);
	}

	/**
	 * Parse a reset value: epoch seconds, plain seconds or a Go-style duration.
	 * @param value the header value
	 * @param clock the clock to resolve epoch seconds against
	 * @return the time until the reset (never negative), or {@code null} when the value is absent or unreadable
	 */
	public static @Nullable Duration resetValue(@Nullable String value, Clock clock) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.trim();
		try {
			double number = Double.parseDouble(text);
			if (!Double.isFinite(number)) {
				return null;
			}
			if (number >= EPOCH_SECONDS_THRESHOLD) {
				return notNegative(Duration.between(clock.instant(), Instant.ofEpochSecond((long) number)));
			}
			return notNegative(Duration.ofMillis((long) (number * 1000)));
		}
		catch (NumberFormatException ex) {
			return goDuration(text);
		}
	}

	private static @Nullable Duration headerValue(@Nullable String value, Clock clock) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.trim();
		try {
			return Duration.ofSeconds(Long.parseLong(text));
		}
		catch (NumberFormatException ex) {
			// not delta-seconds: an HTTP date, or a fractional number some servers send
		}
		try {
			Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			return Duration.between(clock.instant(), at);
		}
		catch (DateTimeParseException ex) {
			return millisFromSeconds(text);
		}
	}

	private static @Nullable Duration millis(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			double ms = Double.parseDouble(value.trim());
			return Double.isFinite(ms) ? Duration.ofNanos((long) (Math.min(ms, 1e12) * 1_000_000)) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static @Nullable Duration seconds(@Nullable Object value) {
		if (value instanceof Number number) {
			double seconds = number.doubleValue();
			return Double.isFinite(seconds) ? Duration.ofMillis((long) (Math.min(seconds, 1e9) * 1000)) : null;
		}
		if (value instanceof String text) {
			return millisFromSeconds(text.trim());
		}
		return null;
	}

	private static @Nullable Duration millisFromSeconds(String text) {
		try {
			double seconds = Double.parseDouble(text);
			return Double.isFinite(seconds) ? Duration.ofMillis((long) (Math.min(seconds, 1e9) * 1000)) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static @Nullable Duration goDuration(String text) {
		Matcher matcher = GO_DURATION_PART.matcher(text);
		Duration total = Duration.ZERO;
		int end = 0;
		while (matcher.find()) {
			if (matcher.start() != end) {
				return null;
			}
			double amount = Double.parseDouble(matcher.group(1));
			long unitMillis = switch (matcher.group(2)) {
				case "h" -> 3_600_000L;
				case "m" -> 60_000L;
				case "s" -> 1_000L;
				default -> 1L;
			};
			total = total.plusMillis((long) (amount * unitMillis));
			end = matcher.end();
		}
		return (end == text.length() && end > 0) ? total : null;
	}

	private static Duration notNegative(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

}
