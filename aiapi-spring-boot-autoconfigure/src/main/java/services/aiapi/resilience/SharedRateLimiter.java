package services.aiapi.resilience;

import java.time.Instant;
import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * A client-side rate limit shared by every instance that calls the gateway with the same key (see
 * {@code aiapi.rate-limiter.shared.*}). When one is set on {@link AiApiResilience}, each attempt of a call-limited
 * operation takes a permit from it instead of from the instance's own limiter; when it cannot answer in time (its
 * store slow or down), the instance's own limiter applies, so trouble with the store never stops calls.
 */
public interface SharedRateLimiter {

	/**
	 * Take a permit for one request, waiting for it up to the permit timeout.
	 * @return {@code true} once a shared permit was taken (send now); {@code false} when the shared limiter is not
	 * available and the local limiter applies; an error {@link services.aiapi.error.ClientRateLimitedException}
	 * when no permit comes within the permit timeout
	 */
	Mono<Boolean> permit();

	/**
	 * The gateway advertised its limit per period ({@code X-RateLimit-Limit-Requests}).
	 * @param limit the requests per period
	 */
	void limitAdvertised(long limit);

	/**
	 * The gateway said no request may be sent before a time ({@code X-RateLimit-Remaining-Requests: 0} until its
	 * reset, or a 429's {@code Retry-After}): hold every instance until then.
	 * @param until the time
	 */
	void pauseUntil(Instant until);

	/**
	 * Return the limiter's state for the {@code aiapi} endpoint and health details.
	 * @return the state; never the key
	 */
	Map<String, Object> state();

	/**
	 * Return how many calls took their permit from the local limiter because the shared store could not answer in
	 * time.
	 * @return the count
	 */
	long getFallbacks();

	/**
	 * Return whether permits come from the shared store now.
	 * @return {@code false} while falling back to the local limiter
	 */
	boolean isActive();

}
