package services.aiapi.resilience;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import services.aiapi.MutableClock;
import reactor.test.StepVerifier;

import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.BadRequestException;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.error.RateLimitExceededException;
import services.aiapi.error.ServiceUnavailableException;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.VideoTaskRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retry waits, measured in virtual time against a scripted gateway.
 */
class RetryVirtualTimeTests {

	private static final Duration VERIFY = Duration.ofSeconds(5);

	private static final String RATE_LIMITED = "{\"code\":\"rate_limit_exceeded\",\"message\":\"slow down\",\"data\":null}";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

	private final ScriptedGateway gateway = new ScriptedGateway();

	private StepVerifier.FirstStep<ChatCompletion> chat() {
		return StepVerifier.withVirtualTime(() -> this.gateway
			.template(ScriptedGateway.resilience(ScriptedGateway.settings(), this.clock), this.clock)
			.chat("Hi"));
	}

	private void succeedsAfterExactly(Duration wait) {
		chat().expectSubscription()
			.expectNoEvent(wait.minusMillis(1))
			.thenAwait(Duration.ofMillis(1))
			.assertNext((completion) -> assertThat(completion.content()).isEqualTo("ok"))
			.expectComplete()
			.verify(VERIFY);
		assertThat(this.gateway.calls()).isEqualTo(2);
	}

	@Test
	void retryAfterSeconds() {
		this.gateway.respond(429, RATE_LIMITED, "Retry-After", "5").respond(200, ScriptedGateway.completion());
		succeedsAfterExactly(Duration.ofSeconds(5));
	}

	@Test
	void retryAfterHttpDate() {
		String in7Seconds = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(this.clock.instant().plusSeconds(7).atOffset(ZoneOffset.UTC));
		this.gateway.respond(429, RATE_LIMITED, "Retry-After", in7Seconds).respond(200, ScriptedGateway.completion());
		succeedsAfterExactly(Duration.ofSeconds(7));
	}

	@Test
	void retryAfterMilliseconds() {
		this.gateway.respond(429, RATE_LIMITED, "retry-after-ms", "2500", "Retry-After", "60")
			.respond(200, ScriptedGateway.completion());
		succeedsAfterExactly(Duration.ofMillis(2500));
	}

	@Test
	void dataRetryAfter() {
		this.gateway
			.respond(429, "{\"code\":\"rate_limit_exceeded\",\"message\":\"slow down\",\"data\":{\"retry_after\":3}}")
			.respond(200, ScriptedGateway.completion());
		succeedsAfterExactly(Duration.ofSeconds(3));
	}

	@Test
	void resetHeaderWhenNoRequestsRemain() {
		long reset = this.clock.instant().plusSeconds(12).getEpochSecond();
		this.gateway
			.respond(429, RATE_LIMITED, "X-RateLimit-Remaining-Requests", "0", "X-RateLimit-Reset-Requests",
					Long.toString(reset))
			.respond(200, ScriptedGateway.completion());
		succeedsAfterExactly(Duration.ofSeconds(12));
	}

	@Test
	void absurdRetryAfterFailsAtOnceCarryingTheWait() {
		this.gateway.respond(429, RATE_LIMITED, "Retry-After", "7200");
		chat().expectSubscription()
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimitExceededException.class,
					(limited) -> {
						assertThat(limited.getRetryAfter()).contains(Duration.ofHours(2));
						assertThat(limited.getAttempts()).isEqualTo(1);
					}))
			.verify(VERIFY);
		assertThat(this.gateway.calls()).isEqualTo(1);
	}

	@Test
	void emptyBody429BacksOffExponentiallyThenSurfacesWithAttemptCount() {
		this.gateway.respond(4, 429, "");
		// 1 s, 2 s, 4 s with 20 % jitter: at least 5.6 s, at most 8.4 s in all
		chat().expectSubscription()
			.expectNoEvent(Duration.ofMillis(5600))
			.thenAwait(Duration.ofMillis(2800))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimitExceededException.class,
					(limited) -> {
						assertThat(limited.getAttempts()).isEqualTo(4);
						assertThat(limited.getMessage()).endsWith("[after 4 attempts]");
					}))
			.verify(VERIFY);
		assertThat(this.gateway.calls()).isEqualTo(4);
	}

	@Test
	void theWaitsOfOneCallAddUpToAtMostMaxTotalWait() {
		// issue 22, defect 1: four attempts behind Retry-After 7 took 21 s; with the default budget of 10 s of
		// waiting, one retry is made (7 s), the next would pass the budget and is not
		this.gateway.respond(4, 429, RATE_LIMITED, "Retry-After", "7");
		ResilienceSettings defaults = ResilienceSettings.defaults();
		StepVerifier
			.withVirtualTime(() -> this.gateway.template(ScriptedGateway.resilience(defaults, this.clock), this.clock)
				.chat("Hi"))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(6999))
			.thenAwait(Duration.ofMillis(1))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RateLimitExceededException.class,
					(limited) -> assertThat(limited.getAttempts()).isEqualTo(2)))
			.verify(VERIFY);
		assertThat(this.gateway.calls()).isEqualTo(2);
		assertThat(defaults.retry().maxTotalWait()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void quotaIsNeverRetriedWhateverTheStatus() {
		this.gateway.respond(429, "{\"error\":{\"message\":\"quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}");
		chat().expectSubscription().expectError(QuotaExceededException.class).verify(VERIFY);
		assertThat(this.gateway.calls()).isEqualTo(1);
	}

	@Test
	void badRequestIsNotRetried() {
		this.gateway.respond(400, "{\"code\":\"invalid_request_error\",\"message\":\"bad\",\"data\":null}");
		chat().expectSubscription().expectError(BadRequestException.class).verify(VERIFY);
		assertThat(this.gateway.calls()).isEqualTo(1);
	}

	@Test
	void serverErrorsAreRetriedUpToMaxAttempts() {
		this.gateway.respond(4, 503, "{\"error\":{\"message\":\"busy\",\"type\":\"new_api_error\",\"code\":\"\"}}");
		chat().expectSubscription()
			.thenAwait(Duration.ofSeconds(10))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ServiceUnavailableException.class,
					(unavailable) -> assertThat(unavailable.getAttempts()).isEqualTo(4)))
			.verify(VERIFY);
	}

	@Test
	void readTimeoutIsRetriedForChat() {
		this.gateway.readTimeout().respond(200, ScriptedGateway.completion());
		chat().expectSubscription().thenAwait(Duration.ofSeconds(2)).expectNextCount(1).expectComplete().verify(VERIFY);
		assertThat(this.gateway.calls()).isEqualTo(2);
	}

	@Test
	void readTimeoutIsNeverRetriedForTaskSubmission() {
		this.gateway.readTimeout();
		StepVerifier
			.withVirtualTime(() -> this.gateway
				.template(ScriptedGateway.resilience(ScriptedGateway.settings(), this.clock), this.clock)
				.submitVideoTask(VideoTaskRequest.of("sora-2", "a cat")))
			.expectSubscription()
			.expectError(AiApiTimeoutException.class)
			.verify(VERIFY);
		assertThat(this.gateway.calls()).isEqualTo(1);
	}

	@Test
	void refusedConnectionIsRetriedForTaskSubmissionSinceNothingWasSent() {
		this.gateway.connectionRefused().respond(200, "{\"id\":\"task_1\",\"status\":\"queued\"}");
		StepVerifier
			.withVirtualTime(() -> this.gateway
				.template(ScriptedGateway.resilience(ScriptedGateway.settings(), this.clock), this.clock)
				.submitVideoTask(VideoTaskRequest.of("sora-2", "a cat")))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(2))
			.assertNext((task) -> assertThat(task.id()).isEqualTo("task_1"))
			.expectComplete()
			.verify(VERIFY);
	}

}
