package services.aiapi.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the gateway is and which key to call it with: the facts the starter connects with, read once. Unless the
 * application (or a test, or a development-time source such as the test module's simulator) contributes a bean of
 * its own, they come from {@code aiapi.base-url} and {@code aiapi.api-key}.
 */
public interface AiApiConnectionDetails extends ConnectionDetails {

	/**
	 * Return the gateway's base URL: scheme, host, port and an optional path, without {@code /v1}.
	 * @return the base URL
	 */
	String getBaseUrl();

	/**
	 * Return the API key.
	 * @return the key, or {@code null} when none is configured (the starter then refuses to start and says what to
	 * set)
	 */
	@Nullable String getApiKey();

}
