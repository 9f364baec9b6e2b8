package services.aiapi.error;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * Every pooled connection was busy and the call could not wait for one: the wait queue was full
 * ({@code aiapi.pool.max-pending-acquires}) or the wait passed {@code aiapi.pool.pending-acquire-timeout}.
 * Nothing was sent. Raise {@code aiapi.pool.max-connections} or lower the concurrency.
 */
public class ConnectionPoolExhaustedException extends AiApiRequestException {

	public ConnectionPoolExhaustedException(String detail, @Nullable HttpMethod method, @Nullable URI uri,
			@Nullable Throwable cause) {
		super("No connection to the gateway was free (" + detail
				+ "); raise aiapi.pool.max-connections or lower the number of concurrent calls", method, uri, cause);
	}

}
