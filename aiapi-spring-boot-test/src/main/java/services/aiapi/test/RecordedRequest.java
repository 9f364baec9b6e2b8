package services.aiapi.test;

/**
 * A request the simulator received.
 *
 * @param method the HTTP method
 * @param path the path, without the query
 * @param body the body as text (empty when none)
 * @param authenticated whether it carried a key the simulator knows
 */
public record RecordedRequest(String method, String path, String body, boolean authenticated) {

}
