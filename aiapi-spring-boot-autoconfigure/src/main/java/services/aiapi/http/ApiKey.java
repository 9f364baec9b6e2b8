package services.aiapi.http;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * A gateway API key, normalised the way the gateway's "common mistakes" demand: surrounding whitespace, quotes and
 * a pasted {@code Bearer } prefix removed; inner whitespace or control characters, and an unresolved
 * {@code ${…}} placeholder, refused. Its
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
		String key = unquoted(raw.strip());
		if (key.startsWith("${") && key.endsWith("}")) {
			// Boot leaves a placeholder whose variable is unset as it is: it would go out as the key
			throw new IllegalArgumentException("the API key is the unresolved placeholder " + key
					+ ": the variable or property it names is not set");
		}
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
			if (c == '"' || c == '\'') {
				throw new IllegalArgumentException("the API key contains a quote at position " + (i + 1) + " of "
						+ key.length() + "; write the key alone, or quoted once in YAML");
			}
		}
		return new ApiKey(key);
	}

	// A key pasted with its quotes ("sk-…" or 'sk-…', as in a YAML file written twice over) loses them.
	private static String unquoted(String key) {
		if (key.length() >= 2 && (key.charAt(0) == '"' || key.charAt(0) == '\'')
				&& key.charAt(key.length() - 1) == key.charAt(0)) {
			return key.substring(1, key.length() - 1).strip();
		}
		return key;
	}

	/**
	 * Return what sends, with every request of a {@code WebClient}, the key of a pool each request was given
	 * ({@link AiApiRequestAttributes#API_KEY}), else the preferred one, set as the request is written.
	 * @param preferred the key a request without one is sent with
	 * @return the default request
	 */
	public static Consumer<WebClient.RequestHeadersSpec<?>> pooledAuthentication(
			java.util.function.Supplier<ApiKey> preferred) {
		return new PooledAuthentication(preferred);
	}

	/**
	 * Replace every occurrence of this key in a text, such as a gateway's error message that echoes it, with its
	 * {@link #masked() masked} form.
	 * @param text the text, or {@code null}
	 * @return the text without the key
	 */
	public @Nullable String redact(@Nullable String text) {
		return (text != null && text.contains(this.value)) ? text.replace(this.value, masked()) : text;
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
