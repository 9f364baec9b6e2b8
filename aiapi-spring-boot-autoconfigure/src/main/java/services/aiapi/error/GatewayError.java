package services.aiapi.error;

import org.jspecify.annotations.Nullable;

/**
 * What could be read from an error body, whatever shape it came in.
 *
 * @param code the gateway's machine-readable code, normalised to a string ({@code null} when none was sent)
 * @param message the human-readable message ({@code null} when none could be read)
 * @param type the error type of OpenAI-style bodies, such as {@code invalid_request_error}
 * @param param the request parameter the error is about, when the gateway names one
 * @param data additional information ({@code data} of documented bodies), as plain Java maps, lists and values
 * @param rawBody the body as text, cut to a bounded length
 * @param bodyTruncated whether {@code rawBody} was cut
 */
public record GatewayError(@Nullable String code, @Nullable String message, @Nullable String type,
		@Nullable String param, @Nullable Object data, String rawBody, boolean bodyTruncated) {

	static GatewayError empty() {
		return new GatewayError(null, null, null, null, null, "", false);
	}

	/**
	 * Return a value of {@link #data()} when it is a JSON object.
	 * @param name the property name
	 * @return the value, or {@code null}
	 */
	public @Nullable Object dataValue(String name) {
		return (this.data instanceof java.util.Map<?, ?> map) ? map.get(name) : null;
	}

}
