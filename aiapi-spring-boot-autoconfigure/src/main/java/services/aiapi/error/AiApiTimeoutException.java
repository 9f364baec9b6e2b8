package services.aiapi.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;


/**
 * A timeout passed before the gateway answered: connecting ({@code aiapi.connect-timeout}), waiting for the
 * response ({@code aiapi.read-timeout}), between two chunks of a stream ({@code aiapi.stream-idle-timeout}), or for
 * the whole call ({@code aiapi.timeout}).
 */
public class AiApiTimeoutException extends AiApiRequestException {

	/**
	 * What was being waited for.
	 */
	public enum Phase {

		/** Opening the connection. */
		CONNECT,

		/** Waiting for the response or the next bytes of it. */
		READ,

		/** Waiting for the next chunk of a stream. */
		STREAM_IDLE,

		/** The whole call, all attempts and waits included ({@code aiapi.timeout}). */
		CALL

	}

	private final Phase phase;

	private final @Nullable Duration timeout;

	/**
	 * Create an exception.
	 * @param phase what was being waited for
	 * @param timeout the timeout that passed, when known
	 * @param attempt the request that timed out, and which attempt of its call it was
	 * @param cause the failure
	 */
	public AiApiTimeoutException(Phase phase, @Nullable Duration timeout, CallAttempt attempt,
			@Nullable Throwable cause) {
		super(describe(phase, timeout), attempt, cause);
		this.phase = phase;
		this.timeout = timeout;
	}

	private static String describe(Phase phase, @Nullable Duration timeout) {
		String after = (timeout != null) ? " after " + timeout.toMillis() + " ms" : "";
		return switch (phase) {
			case CONNECT -> "Timed out connecting to the gateway" + after
					+ "; check the network, firewall and aiapi.base-url (aiapi.connect-timeout)";
			case READ -> "Timed out waiting for the gateway's response" + after
					+ "; the docs recommend 30-60 s (aiapi.read-timeout)";
			case STREAM_IDLE -> "The stream went silent" + after + " (aiapi.stream-idle-timeout)";
			case CALL -> "The call did not complete" + ((timeout != null) ? " within " + timeout.toMillis() + " ms" : "")
					+ ", all attempts and waits included (aiapi.timeout)";
		};
	}

	/**
	 * Return what was being waited for.
	 * @return the phase
	 */
	public Phase getPhase() {
		return this.phase;
	}

	/**
	 * Return the timeout that passed.
	 * @return the timeout, or {@code null} when unknown
	 */
	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

}
