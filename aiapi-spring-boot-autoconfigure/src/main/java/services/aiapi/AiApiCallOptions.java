package services.aiapi;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Options for the calls of one template view ({@code template.withOptions(options)}): extra request headers, a
 * deadline of their own, how many attempts they may take, and the language of the gateway's messages. Every
 * operation of both templates honours them. Immutable; build with {@link #builder()}.
 *
 * <p>A header cannot replace what the starter owns or split a request: {@code Authorization},
 * {@code Proxy-Authorization}, {@code Host}, {@code Content-Length}, {@code Transfer-Encoding},
 * {@code Connection}, {@code Upgrade}, {@code Expect}, {@code TE} and {@code Cookie} are refused, as are names that
 * are not HTTP tokens and values with CR, LF or other control characters. Headers go to the gateway only: every
 * path is checked to stay on {@code aiapi.base-url}'s host.
 */
public final class AiApiCallOptions {

	/** No options: the template's defaults. */
	public static final AiApiCallOptions NONE = new AiApiCallOptions(Map.of(), null, null, null, null, null);

	/** Most attempts a call may be given (the first included). */
	public static final int MAX_ATTEMPTS = 10;

	private static final Set<String> RESERVED = Set.of("authorization", "proxy-authorization", "host",
			"content-length", "transfer-encoding", "connection", "upgrade", "expect", "te", "cookie", "trailer",
			"keep-alive", "proxy-connection");

	private final Map<String, List<String>> headers;

	private final @Nullable Duration timeout;

	private final @Nullable Integer maxAttempts;

	private final @Nullable DataSize maxResponseSize;

	private final @Nullable List<String> fallbacks;

	private final @Nullable String apiKey;

	private AiApiCallOptions(Map<String, List<String>> headers, @Nullable Duration timeout,
			@Nullable Integer maxAttempts, @Nullable DataSize maxResponseSize, @Nullable List<String> fallbacks,
			@Nullable String apiKey) {
		this.apiKey = apiKey;
		this.headers = headers;
		this.timeout = timeout;
		this.maxAttempts = maxAttempts;
		this.maxResponseSize = maxResponseSize;
		this.fallbacks = fallbacks;
	}

	/**
	 * Start building options.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the extra headers.
	 * @return the headers, by name (read-only)
	 */
	public Map<String, List<String>> headers() {
		return this.headers;
	}

	/**
	 * Return the deadline of each whole call (all attempts and waits), instead of {@code aiapi.timeout}.
	 * @return the deadline, or {@code null} for the template's
	 */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	/**
	 * Return how many attempts each call may take (the first included), instead of {@code aiapi.retry.*}.
	 * @return the attempts (1: no retry), or {@code null} for the template's retry
	 */
	public @Nullable Integer maxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * Return the largest response body (and download) of each call, instead of {@code aiapi.max-response-size}.
	 * @return the size, or {@code null} for the template's
	 */
	public @Nullable DataSize maxResponseSize() {
		return this.maxResponseSize;
	}

	/**
	 * Return the models each call falls back to, in order, instead of its model's chain in
	 * {@code aiapi.fallback.chains}.
	 * @return the models (empty: no fallback), or {@code null} for the configured chain
	 */
	public @Nullable List<String> fallbacks() {
		return this.fallbacks;
	}

	/**
	 * Return the name of the key of {@code aiapi.api-keys} each call is sent with, instead of the pool's choice.
	 * @return the key's name, or {@code null} for the pool's choice
	 */
	public @Nullable String apiKey() {
		return this.apiKey;
	}

	/**
	 * Whether these are no options at all.
	 * @return {@code true} for {@link #NONE}'s equivalent
	 */
	public boolean isEmpty() {
		return this.headers.isEmpty() && this.timeout == null && this.maxAttempts == null
				&& this.maxResponseSize == null && this.fallbacks == null && this.apiKey == null;
	}

	@Override
	public String toString() {
		// header values may be secrets of the caller's: names only
		return "AiApiCallOptions[headers=" + this.headers.keySet() + ", timeout=" + this.timeout + ", maxAttempts="
				+ this.maxAttempts + ", maxResponseSize=" + this.maxResponseSize + ", fallbacks=" + this.fallbacks + ", apiKey=" + this.apiKey + "]";
	}

	/**
	 * Builds {@link AiApiCallOptions}.
	 */
	public static final class Builder {

		private final Map<String, List<String>> headers = new LinkedHashMap<>();

		private @Nullable Duration timeout;

		private @Nullable Integer maxAttempts;

		private @Nullable DataSize maxResponseSize;

		private @Nullable List<String> fallbacks;

		private @Nullable String apiKey;

		private Builder() {
		}

		/**
		 * Add a request header (a second value for the same name is sent as a second header).
		 * @param name the name: an HTTP token, not one the starter owns
		 * @param value the value: no CR, LF or other control character
		 * @return this builder
		 * @throws IllegalArgumentException for a reserved or malformed name, or a value that could split the request
		 */
		public Builder header(String name, String value) {
			Assert.hasText(name, "Header name must not be empty");
			Assert.notNull(value, "Header value must not be null");
			for (int i = 0; i < name.length(); i++) {
				Assert.isTrue(isTokenChar(name.charAt(i)), () -> "Header name '" + printable(name)
						+ "' is not an HTTP token");
			}
			Assert.isTrue(!RESERVED.contains(name.toLowerCase(Locale.ROOT)),
					() -> "Header " + name + " is set by the starter (or by the HTTP client) and cannot be set per call");
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				Assert.isTrue(c == '\t' || (c >= 0x20 && c != 0x7f),
						() -> "The value of header " + name + " contains a control character (CR, LF ...)");
			}
			String key = this.headers.keySet()
				.stream()
				.filter((existing) -> existing.equalsIgnoreCase(name))
				.findFirst()
				.orElse(name);
			this.headers.computeIfAbsent(key, (k) -> new java.util.ArrayList<>()).add(value);
			return this;
		}

		/**
		 * Ask for the gateway's messages in a language ({@code Accept-Language}).
		 * @param locale the language
		 * @return this builder
		 */
		public Builder acceptLanguage(Locale locale) {
			Assert.notNull(locale, "Locale must not be null");
			return header("Accept-Language", locale.toLanguageTag());
		}

		/**
		 * Bound each whole call (all attempts and waits) by this deadline instead of {@code aiapi.timeout}; for a
		 * stream, until its first event.
		 * @param timeout a positive duration
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "Timeout must be positive");
			this.timeout = timeout;
			return this;
		}

		/**
		 * Give each call at most this many attempts (the first included) instead of what {@code aiapi.retry.*}
		 * says; what is retried stays the same (never quota, auth or validation; a billable submit not once sent).
		 * @param maxAttempts from 1 (no retry) to {@value AiApiCallOptions#MAX_ATTEMPTS}
		 * @return this builder
		 */
		public Builder maxAttempts(int maxAttempts) {
			Assert.isTrue(maxAttempts >= 1 && maxAttempts <= MAX_ATTEMPTS,
					() -> "maxAttempts must be between 1 and " + MAX_ATTEMPTS + ", was " + maxAttempts);
			this.maxAttempts = maxAttempts;
			return this;
		}

		/**
		 * Retry or not, with the template's number of attempts.
		 * @param retry {@code false} for one attempt only
		 * @return this builder
		 */
		public Builder retry(boolean retry) {
			this.maxAttempts = retry ? null : 1;
			return this;
		}

		/**
		 * Accept response bodies and downloads up to this size instead of {@code aiapi.max-response-size} (a
		 * download of a video, say); past it the call fails with an
		 * {@link services.aiapi.error.InvalidResponseException}.
		 * @param maxResponseSize a positive size
		 * @return this builder
		 */
		public Builder maxResponseSize(DataSize maxResponseSize) {
			Assert.isTrue(maxResponseSize != null && maxResponseSize.toBytes() > 0, "maxResponseSize must be positive");
			this.maxResponseSize = maxResponseSize;
			return this;
		}

		/**
		 * Fall back to these models, in order, instead of the chain {@code aiapi.fallback.chains} gives the call's
		 * model; with none, the calls stay with their model. Applies to the calls that name a model (chat,
		 * Responses, Messages, streamed or not; images, speech and task submissions only while nothing was sent).
		 * @param models the models to try after the call's own
		 * @return this builder
		 */
		public Builder fallbacks(String... models) {
			Assert.notNull(models, "Models must not be null");
			return fallbacks(List.of(models));
		}

		/**
		 * Fall back to these models, in order, instead of the configured chain (see {@link #fallbacks(String...)}).
		 * @param models the models to try after the call's own; empty for none
		 * @return this builder
		 */
		public Builder fallbacks(List<String> models) {
			Assert.notNull(models, "Models must not be null");
			for (String model : models) {
				Assert.hasText(model, "A fallback model must not be empty");
			}
			this.fallbacks = List.copyOf(models);
			return this;
		}

		/**
		 * Send each call with this key of {@code aiapi.api-keys} (a tenant's own, say), never another: its own
		 * limiter and pause apply, and a quota error or 401 fails the call instead of moving it to another key.
		 * @param name the key's name in {@code aiapi.api-keys} (never the key itself)
		 * @return this builder
		 */
		public Builder apiKey(String name) {
			Assert.hasText(name, "Key name must not be empty");
			this.apiKey = name;
			return this;
		}

		/**
		 * Build the options.
		 * @return the options
		 */
		public AiApiCallOptions build() {
			Map<String, List<String>> copy = new LinkedHashMap<>();
			this.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
			return new AiApiCallOptions(java.util.Collections.unmodifiableMap(copy), this.timeout, this.maxAttempts,
					this.maxResponseSize, this.fallbacks, this.apiKey);
		}

		private static boolean isTokenChar(char c) {
			return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
		}

		private static String printable(String name) {
			StringBuilder safe = new StringBuilder();
			for (int i = 0; i < Math.min(name.length(), 64); i++) {
				char c = name.charAt(i);
				safe.append((c < 0x20 || c == 0x7f) ? '?' : c);
			}
			return safe.toString();
		}

	}

}
