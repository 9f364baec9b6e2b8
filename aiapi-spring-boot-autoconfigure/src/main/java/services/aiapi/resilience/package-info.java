/**
 * Retry, rate limiter and circuit breakers around every gateway call, and the policy that honours the server's
 * requested waits.
 */
@NullMarked
package services.aiapi.resilience;

import org.jspecify.annotations.NullMarked;
