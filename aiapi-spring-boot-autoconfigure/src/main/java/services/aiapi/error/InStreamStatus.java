package services.aiapi.error;

import java.util.Locale;
import java.util.Map;

/**
 * The HTTP status an error event inside a stream stands for. A stream's status line says 200 before its first
 * event; an error that follows is typed by its code or type instead: Anthropic's error types
 * ({@code overloaded_error}, {@code rate_limit_error} ...), the Responses API's error codes
 * ({@code rate_limit_exceeded}, {@code server_error} ...) and OpenAI's error types.
 */
final class InStreamStatus {

	private static final Map<String, Integer> STATUSES = Map.ofEntries(Map.entry("invalid_request_error", 400),
			Map.entry("invalid_request", 400), Map.entry("invalid_prompt", 400), Map.entry("bad_request", 400),
			Map.entry("authentication_error", 401), Map.entry("permission_error", 403),
			Map.entry("not_found_error", 404), Map.entry("request_too_large", 413),
			Map.entry("rate_limit_error", 429), Map.entry("rate_limit_exceeded", 429),
			Map.entry("api_error", 500), Map.entry("server_error", 500), Map.entry("internal_error", 500),
			Map.entry("upstream_error", 502), Map.entry("overloaded_error", 503),
			Map.entry("server_is_overloaded", 503), Map.entry("service_unavailable", 503),
			Map.entry("timeout_error", 504));

	private InStreamStatus() {
	}

	/**
	 * Return the status an error stands for.
	 * @param error the error of an event
	 * @return the status, or {@code 0} when neither its code nor its type names one
	 */
	static int of(GatewayError error) {
		Integer status = lookup(error.code());
		if (status == null) {
			status = lookup(error.type());
		}
		return (status != null) ? status : 0;
	}

	private static Integer lookup(String name) {
		if (name == null) {
			return null;
		}
		if (name.length() == 3 && Character.isDigit(name.charAt(0))) {
			try {
				int status = Integer.parseInt(name);
				return (status >= 400 && status < 600) ? status : null;
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return STATUSES.get(name.toLowerCase(Locale.ROOT));
	}

}
