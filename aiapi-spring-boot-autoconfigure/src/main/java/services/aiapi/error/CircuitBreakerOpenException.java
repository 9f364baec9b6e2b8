package services.aiapi.error;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The circuit breaker for this model is open: recent calls failed often enough that the starter fails fast
 * instead of sending more. Nothing was sent. Not retried now; the breaker lets a probe through at
 * {@link #getProbeAllowedAt()}.
 */
public class CircuitBreakerOpenException extends AiApiException {

	private final String breaker;

	private final @Nullable Instant probeAllowedAt;

	/**
	 * Create an exception for a call whose first attempt found the breaker open.
	 * @param breaker the breaker's name
	 * @param probeAllowedAt when a probe is let through, when known
	 * @param cause Resilience4j's refusal
	 */
	public CircuitBreakerOpenException(String breaker, @Nullable Instant probeAllowedAt, Throwable cause) {
		this(breaker, probeAllowedAt, cause, 1);
	}

	/**
	 * Create an exception for a call whose attempt {@code attempts} found the breaker open.
	 * @param breaker the breaker's name
	 * @param probeAllowedAt when a probe is let through, when known
	 * @param cause Resilience4j's refusal
	 * @param attempts the attempts made, this one included
	 */
	public CircuitBreakerOpenException(String breaker, @Nullable Instant probeAllowedAt, Throwable cause,
			int attempts) {
		super("Circuit breaker '" + breaker + "' is open after repeated gateway failures; not calling"
				+ ((probeAllowedAt != null) ? " until " + probeAllowedAt + ", when a probe call is let through"
						: " until a probe call succeeds")
				+ " (aiapi.circuit-breaker.*)", cause, attempts);
		this.breaker = breaker;
		this.probeAllowedAt = probeAllowedAt;
	}

	/**
	 * Return the breaker's name: the model, or {@code no-model} for calls that name none.
	 * @return the name
	 */
	public String getBreaker() {
		return this.breaker;
	}

	/**
	 * Return when the breaker lets a probe call through.
	 * @return the instant, or {@code null} when unknown
	 */
	public @Nullable Instant getProbeAllowedAt() {
		return this.probeAllowedAt;
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
