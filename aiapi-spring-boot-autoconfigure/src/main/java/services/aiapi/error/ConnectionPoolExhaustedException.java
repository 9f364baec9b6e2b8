package services.aiapi.error;


import org.jspecify.annotations.Nullable;


/**
 * Every pooled connection was busy and the call could not wait for one: the wait queue was full
 * ({@code aiapi.pool.max-pending-acquires}) or the wait passed {@code aiapi.pool.pending-acquire-timeout}.
 * Nothing was sent. Raise {@code aiapi.pool.max-connections} or lower the concurrency.
 */
public class ConnectionPoolExhaustedException extends AiApiRequestException {

	/**
	 * Create an exception.
	 * @param detail which bound was met
	 * @param attempt the request that found no connection, and which attempt of its call it was
	 * @param cause the failure
	 */
	public ConnectionPoolExhaustedException(String detail, CallAttempt attempt, @Nullable Throwable cause) {
		super("No connection to the gateway was free (" + detail
				+ "); raise aiapi.pool.max-connections or lower the number of concurrent calls", attempt, cause);
	}

}
