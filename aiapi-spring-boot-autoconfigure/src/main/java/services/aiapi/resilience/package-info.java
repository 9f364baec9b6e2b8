/**
 * Retry, rate limiter and circuit breakers around every gateway call, and the policy that honours the server's
 * requested waits.
 */
package services.aiapi.resilience;
