package services.aiapi.resilience;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.github.resilience4j.core.IntervalFunction;

import services.aiapi.error.AiApiException;
import services.aiapi.error.AiApiRequestException;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.ConnectionPoolExhaustedException;
import services.aiapi.error.RateLimit;
import services.aiapi.error.RetryAfter;

/**
 * Decides whether a failure is retried and how long to wait first. Retried: what the exception calls retryable
 * (429 not about quota, most 5xx, connection failures and timeouts). The server's wait wins over backoff:
 * {@code retry-after-ms}, {@code Retry-After}, {@code data.retry_after}, or {@code X-RateLimit-Reset-Requests}
 * when no requests remain. A server wait longer than {@code maxRetryAfter} is not slept: the call fails at once.
 */
final class RetryPolicy {

	private final ResilienceSettings.Retry settings;

	private final Clock clock;

	private final IntervalFunction backoff;

	RetryPolicy(ResilienceSettings.Retry settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
		this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.waitDuration(), settings.multiplier(),
				settings.randomizationFactor(), settings.maxWaitDuration());
	}

	boolean shouldRetry(Throwable failure, boolean taskSubmission) {
		if (!(failure instanceof AiApiException exception) || !exception.isRetryable()) {
			return false;
		}
		if (taskSubmission && failure instanceof AiApiRequestException && !neverSent(failure)
				&& !this.settings.retryTaskSubmissionOnTimeout()) {
			return false;
		}
		return serverWait(failure).map((wait) -> wait.compareTo(this.settings.maxRetryAfter()) <= 0).orElse(true);
	}

	long waitMillis(int attempt, Throwable failure) {
		return serverWait(failure).map(Duration::toMillis).orElseGet(() -> this.backoff.apply(attempt));
	}

	Optional<Duration> serverWait(Throwable failure) {
		if (!(failure instanceof AiApiResponseException response)) {
			return Optional.empty();
		}
		Optional<Duration> retryAfter = RetryAfter.from(response.getResponseHeaders(), response.getGatewayError(),
				this.clock);
		if (retryAfter.isPresent()) {
			return retryAfter;
		}
		return RateLimit.from(response.getResponseHeaders(), this.clock)
			.filter((limit) -> limit.remainingRequests() != null && limit.remainingRequests() <= 0)
			.map(RateLimit::resetRequests);
	}

	// A submission that certainly never reached the gateway cannot have been charged.
	static boolean neverSent(Throwable failure) {
		if (failure instanceof ConnectionPoolExhaustedException) {
			return true;
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
				return true;
			}
		}
		return false;
	}

}
