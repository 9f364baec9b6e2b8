package services.aiapi.sample;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import services.aiapi.error.AiApiException;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.BadRequestException;
import services.aiapi.error.CircuitBreakerOpenException;
import services.aiapi.error.ClientRateLimitedException;
import services.aiapi.error.NotFoundException;
import services.aiapi.error.InvalidApiKeyException;
import services.aiapi.error.PermissionDeniedException;
import services.aiapi.error.RateLimitExceededException;
import services.aiapi.error.RequestValidationException;

/**
 * Turns the starter's exceptions into RFC 9457 problem details. A gateway 401/403 is this server's configuration
 * problem, not the end user's, so it is reported as 502/503 rather than passed on.
 */
@RestControllerAdvice
class GatewayErrorHandler {

	@ExceptionHandler(AiApiException.class)
	ResponseEntity<ProblemDetail> handle(AiApiException ex) {
		HttpStatus status = statusFor(ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setType(URI.create("https://aiapi.services/errors/" + ex.getClass().getSimpleName()));
		problem.setTitle(ex.getClass().getSimpleName());
		problem.setProperty("retryable", ex.isRetryable());
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
		if (ex instanceof AiApiResponseException responseException) {
			problem.setProperty("code", responseException.getErrorCode());
			problem.setProperty("requestId", responseException.getRequestId());
		}
		if (ex instanceof RequestValidationException invalid) {
			problem.setProperty("param", invalid.getParam());
		}
		Optional<Duration> retryAfter = (ex instanceof RateLimitExceededException rateLimited)
				? rateLimited.getRetryAfter() : (ex instanceof ClientRateLimitedException clientLimited)
						? clientLimited.getRetryAfter() : Optional.empty();
		retryAfter.ifPresent((wait) -> response.header(HttpHeaders.RETRY_AFTER,
				String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000))));
		return response.body(problem);
	}

	private static HttpStatus statusFor(AiApiException ex) {
		if (ex instanceof RateLimitExceededException || ex instanceof ClientRateLimitedException) {
			return HttpStatus.TOO_MANY_REQUESTS;
		}
		if (ex instanceof InvalidApiKeyException || ex instanceof PermissionDeniedException
				|| ex instanceof CircuitBreakerOpenException) {
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		if (ex instanceof NotFoundException) {
			return HttpStatus.NOT_FOUND;
		}
		if (ex instanceof BadRequestException || ex instanceof RequestValidationException) {
			return HttpStatus.BAD_REQUEST;
		}
		return HttpStatus.BAD_GATEWAY;
	}

}
