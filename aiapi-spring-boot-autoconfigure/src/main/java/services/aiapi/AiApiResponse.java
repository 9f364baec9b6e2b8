package services.aiapi;

import java.time.Clock;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

import services.aiapi.error.AiApiErrorTranslator;
import services.aiapi.error.RateLimit;
import services.aiapi.http.ResponseCapture;

/**
 * An answer together with what its response said about it: the gateway's request id ({@code X-Oneapi-Request-Id},
 * to quote to support), the rate-limit state of the key ({@code X-RateLimit-*}, when the gateway sends them), how
 * many attempts the call took, how long it took, and the response headers. Get one with
 * {@code template.withResponse((api) -> api.chat(request))}; the plain methods stay as they are.
 *
 * @param <T> the answer's type
 * @param value the answer
 * @param requestId the gateway's request id, or {@code null} when the response had none
 * @param rateLimit the key's rate-limit state, or {@code null} when the response had no such headers
 * @param attempts how many attempts the call took (1 when it succeeded at once)
 * @param elapsed how long the call took, waits and retries included
 * @param headers the response headers (read-only)
 * @param model the model that answered: the request's own, or the one of its fallback chain that served it
 * ({@code null} for calls that name no model)
 */
public record AiApiResponse<T>(T value, @Nullable String requestId, @Nullable RateLimit rateLimit, int attempts,
		Duration elapsed, HttpHeaders headers, @Nullable String model) {

	static <T> AiApiResponse<T> of(T value, ResponseCapture capture, Clock clock) {
		HttpHeaders headers = capture.headers();
		return new AiApiResponse<>(value, AiApiErrorTranslator.requestId(headers, null),
				RateLimit.from(headers, clock).orElse(null), capture.attempts(),
				Duration.ofNanos(System.nanoTime() - capture.started()), headers, capture.model());
	}

	@Override
	public String toString() {
		return "AiApiResponse[requestId=" + this.requestId + ", model=" + this.model + ", attempts=" + this.attempts + ", elapsed="
				+ this.elapsed + ", rateLimit=" + this.rateLimit + ", value=" + this.value + "]";
	}

}
