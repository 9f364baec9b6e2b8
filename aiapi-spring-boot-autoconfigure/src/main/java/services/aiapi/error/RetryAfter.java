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

	/**
	 * Longest wait any header or body value is read as: an absurd value (a {@code Retry-After} of
	 * {@code 9223372036854775807}, a reset at {@code 1e20}) is clamped to this, never thrown, and so exceeds any
	 * configured {@code max-retry-after}.
	 */
	public static final Duration MAX_WAIT = Duration.ofDays(1);

	private static final double MAX_WAIT_SECONDS = MAX_WAIT.toSeconds();

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
		return Optional.ofNullable(wait).map(RetryAfter::bounded);
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
				// against the clock's milliseconds: a whole-second difference would overshoot by up to a second
				return ofSeconds(number - clock.millis() / 1000.0);
			}
			return ofSeconds(number);
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
		if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
			// delta-seconds, however many digits
			return (text.length() > 12) ? MAX_WAIT : ofSeconds(Long.parseLong(text));
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
			return Double.isFinite(ms) ? ofSeconds(ms / 1000) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static @Nullable Duration seconds(@Nullable Object value) {
		if (value instanceof Number number) {
			double seconds = number.doubleValue();
			return Double.isFinite(seconds) ? ofSeconds(seconds) : null;
		}
		if (value instanceof String text) {
			return millisFromSeconds(text.trim());
		}
		return null;
	}

	private static @Nullable Duration millisFromSeconds(String text) {
		try {
			double seconds = Double.parseDouble(text);
			return Double.isFinite(seconds) ? ofSeconds(seconds) : null;
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
			double unitSeconds = switch (matcher.group(2)) {
				case "h" -> 3600;
				case "m" -> 60;
				case "s" -> 1;
				default -> 0.001;
			};
			total = bounded(total.plus(ofSeconds(amount * unitSeconds)));
			end = matcher.end();
		}
		return (end == text.length() && end > 0) ? total : null;
	}

	// A wait of that many seconds, clamped to [0, MAX_WAIT]: never an overflow, whatever the number.
	private static Duration ofSeconds(double seconds) {
		if (!(seconds > 0)) {
			return Duration.ZERO;
		}
		return (seconds >= MAX_WAIT_SECONDS) ? MAX_WAIT : Duration.ofNanos(Math.round(seconds * 1e9));
	}

	private static Duration bounded(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : (duration.compareTo(MAX_WAIT) > 0) ? MAX_WAIT : duration;
	}

}
