package services.aiapi.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.util.Assert;

/**
 * One exact answer for the simulator to give instead of its own, whatever the request: a status, headers and a
 * body as bytes on the wire, such as a 200 that carries an error or a stream with an error event in the middle.
 *
 * @param status the HTTP status
 * @param headers the headers
 * @param body the body, exactly as sent
 */
public record ScriptedResponse(int status, Map<String, String> headers, String body) {

	public ScriptedResponse {
		Assert.isTrue(status >= 100 && status <= 599, "Status must be between 100 and 599");
		headers = Map.copyOf(headers);
	}

	/**
	 * A JSON answer.
	 * @param status the HTTP status
	 * @param json the body
	 * @return the response
	 */
	public static ScriptedResponse json(int status, String json) {
		return new ScriptedResponse(status, Map.of("Content-Type", "application/json"), json);
	}

	/**
	 * A 200 stream of server-sent events, one {@code data:} event per element, nothing added (no {@code [DONE]}
	 * unless given).
	 * @param events the events' data, such as a chunk's JSON or {@code [DONE]}
	 * @return the response
	 */
	public static ScriptedResponse events(List<String> events) {
		StringBuilder body = new StringBuilder();
		events.forEach((event) -> body.append("data: ").append(event).append("\n\n"));
		return new ScriptedResponse(200, Map.of("Content-Type", "text/event-stream"), body.toString());
	}

	/**
	 * This response with one more header.
	 * @param name the header name
	 * @param value the value
	 * @return a new response
	 */
	public ScriptedResponse withHeader(String name, String value) {
		Map<String, String> more = new LinkedHashMap<>(this.headers);
		more.put(name, value);
		return new ScriptedResponse(this.status, more, this.body);
	}

}
