package services.aiapi.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import services.aiapi.error.AiApiException;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.BadRequestException;
import services.aiapi.error.CircuitBreakerOpenException;
import services.aiapi.error.ClientRateLimitedException;
import services.aiapi.error.InvalidApiKeyException;
import services.aiapi.error.NotFoundException;
import services.aiapi.error.PermissionDeniedException;
import services.aiapi.error.RateLimitExceededException;
import services.aiapi.error.RequestValidationException;
import services.aiapi.error.TaskTimeoutException;

/**
 * Answers an {@link AiApiException} that reaches a controller, in Spring MVC or WebFlux, with an RFC 9457 problem
 * detail instead of a bare 500. The status says whose problem it is: the gateway's 401/403 (a key or quota of this
 * server's) is the server's, so 503; its 429 stays 429, and {@code Retry-After} is passed on whenever a wait is
 * known; the caller's bad input is 400; an unknown model or task is 404; the starter's own breaker or limiter
 * holding calls back is 503; timeouts are 504; any other gateway failure is 502. The body carries the exception's
 * class as {@code title}, its message as {@code detail}, and {@code code}, {@code requestId}, {@code retryable}
 * and {@code param} when known. Never the API key: exception messages never hold it.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 100)
public class AiApiProblemDetailsHandler {

	private final Clock clock;

	/**
	 * Create a handler.
	 * @param clock the clock a breaker's probe time is turned into a wait with
	 */
	public AiApiProblemDetailsHandler(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Answer a failure of the gateway client.
	 * @param ex the failure
	 * @return the problem detail
	 */
	@ExceptionHandler(AiApiException.class)
	public ResponseEntity<ProblemDetail> handle(AiApiException ex) {
		ProblemDetail problem = problemDetail(ex);
		// named, not negotiated: a streaming endpoint (text/event-stream) that fails before its first element is
		// answered as a problem, not with the problem inside an SSE event
		ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		retryAfter(ex).ifPresent((wait) -> response.header(HttpHeaders.RETRY_AFTER,
				String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000))));
		return response.body(problem);
	}

	/**
	 * Return the problem detail a failure is answered with: its status, the exception's class as {@code title},
	 * its message as {@code detail}, and {@code retryable}, {@code code}, {@code requestId} and {@code param} when
	 * known.
	 * @param ex the failure
	 * @return the problem detail
	 */
	public ProblemDetail problemDetail(AiApiException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(statusFor(ex), ex.getMessage());
		problem.setTitle(ex.getClass().getSimpleName());
		problem.setProperty("retryable", ex.isRetryable());
		if (ex instanceof AiApiResponseException response) {
			problem.setProperty("code", response.getErrorCode());
			problem.setProperty("requestId", response.getRequestId());
		}
		if (ex instanceof RequestValidationException invalid) {
			problem.setProperty("param", invalid.getParam());
		}
		return problem;
	}

	/**
	 * Return the status a failure is answered with.
	 * @param ex the failure
	 * @return the status
	 */
	protected HttpStatus statusFor(AiApiException ex) {
		if (ex instanceof RateLimitExceededException) {
			return HttpStatus.TOO_MANY_REQUESTS;
		}
		if (ex instanceof InvalidApiKeyException || ex instanceof PermissionDeniedException
				|| ex instanceof CircuitBreakerOpenException || ex instanceof ClientRateLimitedException) {
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		if (ex instanceof BadRequestException || ex instanceof RequestValidationException) {
			return HttpStatus.BAD_REQUEST;
		}
		if (ex instanceof NotFoundException) {
			return HttpStatus.NOT_FOUND;
		}
		if (ex instanceof AiApiTimeoutException || ex instanceof TaskTimeoutException) {
			return HttpStatus.GATEWAY_TIMEOUT;
		}
		return HttpStatus.BAD_GATEWAY;
	}

	private Optional<Duration> retryAfter(AiApiException ex) {
		if (ex instanceof RateLimitExceededException rateLimited) {
			return rateLimited.getRetryAfter();
		}
		if (ex instanceof ClientRateLimitedException limited) {
			return limited.getRetryAfter();
		}
		if (ex instanceof CircuitBreakerOpenException open) {
			return untilProbe(open.getProbeAllowedAt());
		}
		return Optional.empty();
	}

	private Optional<Duration> untilProbe(@Nullable Instant probeAllowedAt) {
		if (probeAllowedAt == null) {
			return Optional.empty();
		}
		Duration wait = Duration.between(this.clock.instant(), probeAllowedAt);
		return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
	}

}
