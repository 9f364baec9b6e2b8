package services.aiapi.http;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * A gateway API key, normalised the way the gateway's "common mistakes" demand: surrounding whitespace and a
 * pasted {@code Bearer } prefix removed; inner whitespace or control characters refused. Its
 * {@link #toString()} never shows the key.
 */
public final class ApiKey {

	private static final String BEARER = "bearer ";

	private final String value;

	private ApiKey(String value) {
		this.value = value;
	}

	/**
	 * Normalise and check a key.
	 * @param raw the key as configured
	 * @return the key
	 * @throws IllegalArgumentException when the key is missing or malformed; the message never contains the key
	 */
	public static ApiKey of(@Nullable String raw) {
		if (raw == null || raw.isBlank()) {
			throw new IllegalArgumentException("no API key is configured");
		}
		String key = raw.strip();
		if (key.equalsIgnoreCase(BEARER.strip())) {
			throw new IllegalArgumentException("the API key holds only the word 'Bearer'");
		}
		if (key.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			key = key.substring(BEARER.length()).strip();
		}
		if (key.isEmpty()) {
			throw new IllegalArgumentException("the API key holds only the word 'Bearer'");
		}
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
				throw new IllegalArgumentException("the API key contains whitespace at position " + (i + 1)
						+ " of " + key.length() + "; a key is a single token");
			}
			if (Character.isISOControl(c) || c > 0x7e) {
				throw new IllegalArgumentException("the API key contains a control or non-ASCII character at position "
						+ (i + 1) + " of " + key.length());
			}
		}
		return new ApiKey(key);
	}

	/**
	 * Return the value of the {@code Authorization} header.
	 * @return {@code Bearer <key>}
	 */
	String authorizationHeader() {
		return "Bearer " + this.value;
	}

	/**
	 * Return what sends this key as {@code Authorization: Bearer <key>} with every request of a {@code WebClient}
	 * it is the default request of, set as the request is written, so that no filter or request log sees it.
	 * @return the default request
	 */
	public Consumer<WebClient.RequestHeadersSpec<?>> authentication() {
		return new BearerAuthentication(this);
	}

	/**
	 * Return the key masked to its last four characters, for display in diagnostics.
	 * @return such as {@code ****cdef}
	 */
	public String masked() {
		return (this.value.length() <= 8) ? "****" : "****" + this.value.substring(this.value.length() - 4);
	}

	@Override
	public String toString() {
		return "ApiKey[" + masked() + "]";
	}

}
