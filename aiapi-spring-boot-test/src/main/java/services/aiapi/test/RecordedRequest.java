package services.aiapi.test;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * A request the simulator received.
 *
 * @param method the HTTP method
 * @param path the path, without the query
 * @param body the body as text (empty when none)
 * @param authenticated whether it carried a key the simulator knows
 * @param receivedAt when it arrived, by the simulator's clock
 * @param key the key it carried (a test's own key: the simulator is a test server), or {@code null}
 */
public record RecordedRequest(String method, String path, String body, boolean authenticated, Instant receivedAt,
		@Nullable String key) {

	/**
	 * Return the model the request's JSON body names.
	 * @return the model, or {@code null} when the body names none
	 */
	public @Nullable String model() {
		java.util.regex.Matcher matcher = MODEL.matcher(this.body);
		return matcher.find() ? matcher.group(1) : null;
	}

	private static final java.util.regex.Pattern MODEL = java.util.regex.Pattern
		.compile("\"model\"\\s*:\\s*\"([^\"]*)\"");

	@Override
	public String toString() {
		// a test's key, but still: never printed in full
		return "RecordedRequest[" + this.method + " " + this.path + ", authenticated=" + this.authenticated
				+ ", receivedAt=" + this.receivedAt + "]";
	}

}
