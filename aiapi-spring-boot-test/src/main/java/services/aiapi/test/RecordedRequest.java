package services.aiapi.test;

import java.time.Instant;

/**
 * A request the simulator received.
 *
 * @param method the HTTP method
 * @param path the path, without the query
 * @param body the body as text (empty when none)
 * @param authenticated whether it carried a key the simulator knows
 * @param receivedAt when it arrived, by the simulator's clock
 */
public record RecordedRequest(String method, String path, String body, boolean authenticated, Instant receivedAt) {

}
