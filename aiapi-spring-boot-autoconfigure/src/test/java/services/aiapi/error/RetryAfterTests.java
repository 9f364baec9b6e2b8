package services.aiapi.error;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

	private static final GatewayError NO_DATA = new GatewayError(null, null, null, null, null, "", false);

	private static HttpHeaders headers(String name, String value) {
		HttpHeaders headers = new HttpHeaders();
		headers.add(name, value);
		return headers;
	}

	@Test
	void secondsHeader() {
		assertThat(RetryAfter.from(headers("Retry-After", "60"), NO_DATA, CLOCK)).contains(Duration.ofSeconds(60));
	}

	@Test
	void httpDateHeader() {
		assertThat(RetryAfter.from(headers("Retry-After", "Wed, 25 Nov 2026 12:00:30 GMT"), NO_DATA, CLOCK))
			.contains(Duration.ofSeconds(30));
	}

	@Test
	void httpDateInThePastIsZero() {
		assertThat(RetryAfter.from(headers("Retry-After", "Wed, 25 Nov 2026 11:00:00 GMT"), NO_DATA, CLOCK))
			.contains(Duration.ZERO);
	}

	@Test
	void millisecondsHeaderWins() {
		HttpHeaders headers = headers("retry-after-ms", "1500.5");
		headers.add("Retry-After", "60");
		assertThat(RetryAfter.from(headers, NO_DATA, CLOCK)).contains(Duration.ofNanos(1_500_500_000));
	}

	@Test
	void dataRetryAfter() {
		GatewayError error = new GatewayError("rate_limit_exceeded", "slow down", null, null, Map.of("retry_after", 12),
				"", false);
		assertThat(RetryAfter.from(HttpHeaders.EMPTY, error, CLOCK)).contains(Duration.ofSeconds(12));
	}

	@Test
	void garbageAndAbsenceGiveNothing() {
		assertThat(RetryAfter.from(headers("Retry-After", "soon"), NO_DATA, CLOCK)).isEmpty();
		assertThat(RetryAfter.from(HttpHeaders.EMPTY, NO_DATA, CLOCK)).isEmpty();
		assertThat(RetryAfter.from(headers("retry-after-ms", "NaN"), NO_DATA, CLOCK)).isEmpty();
	}

	@Test
	void absurdValuesAreKeptForTheCallerToCap() {
		assertThat(RetryAfter.from(headers("Retry-After", "86400"), NO_DATA, CLOCK)).contains(Duration.ofDays(1));
		assertThat(RetryAfter.from(headers("Retry-After", "-5"), NO_DATA, CLOCK)).contains(Duration.ZERO);
	}

	@Test
	void resetValuesInEveryForm() {
		assertThat(RetryAfter.resetValue("1795608060", CLOCK)).isEqualTo(Duration.ofSeconds(60));
		assertThat(RetryAfter.resetValue("1640995200", CLOCK)).isEqualTo(Duration.ZERO);
		assertThat(RetryAfter.resetValue("20", CLOCK)).isEqualTo(Duration.ofSeconds(20));
		assertThat(RetryAfter.resetValue("6m0s", CLOCK)).isEqualTo(Duration.ofMinutes(6));
		assertThat(RetryAfter.resetValue("1m30.5s", CLOCK)).isEqualTo(Duration.ofMillis(90_500));
		assertThat(RetryAfter.resetValue("250ms", CLOCK)).isEqualTo(Duration.ofMillis(250));
		assertThat(RetryAfter.resetValue("later", CLOCK)).isNull();
		assertThat(RetryAfter.resetValue(null, CLOCK)).isNull();
	}

	@Test
	void rateLimitHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-RateLimit-Limit-Requests", "60");
		headers.add("X-RateLimit-Remaining-Requests", "0");
		headers.add("X-RateLimit-Reset-Requests", "1795608060");
		RateLimit rateLimit = RateLimit.from(headers, CLOCK).orElseThrow();
		assertThat(rateLimit.limitRequests()).isEqualTo(60);
		assertThat(rateLimit.remainingRequests()).isZero();
		assertThat(rateLimit.resetRequests()).isEqualTo(Duration.ofSeconds(60));
		assertThat(RateLimit.from(HttpHeaders.EMPTY, CLOCK)).isEmpty();
	}

}
