package services.aiapi.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generators of what a hostile gateway may send: the four error body shapes and a completion, with fields of the
 * wrong type, huge or unicode strings, nulls and numbers as codes, cut at any byte; HTML, plain text, binary,
 * deeply nested JSON and empty bodies; any status from 100 to 599; odd content types and header values.
 */
final class HostileResponses {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private HostileResponses() {
	}

	/**
	 * One response of a hostile gateway.
	 *
	 * @param status the status
	 * @param body the body
	 * @param contentType the content type, empty for none
	 * @param headers further headers
	 */
	record Response(int status, byte[] body, String contentType, Map<String, String> headers) {

		@Override
		public String toString() {
			return "Response[status=" + this.status + ", contentType=" + this.contentType + ", headers=" + this.headers
					+ ", body=" + new String(this.body, 0, Math.min(this.body.length, 300), StandardCharsets.UTF_8)
					+ ((this.body.length > 300) ? "… (" + this.body.length + " bytes)" : "") + "]";
		}

	}

	/** Any response, with any status from 100 to 599. */
	static final class Responses implements ArbitrarySupplier<Response> {

		@Override
		public Arbitrary<Response> get() {
			return Combinators.combine(statuses(), bodies(), contentTypes(), headers()).as(Response::new);
		}

	}

	/** Any response a server can end an exchange with: 1xx are interim answers. */
	static final class FinalResponses implements ArbitrarySupplier<Response> {

		@Override
		public Arbitrary<Response> get() {
			return new Responses().get().filter((response) -> response.status() >= 200);
		}

	}

	static Arbitrary<byte[]> bodies() {
		Arbitrary<byte[]> json = Arbitraries.oneOf(shapeA(), shapeB(), shapeC(), shapeD(), completion())
			.map((value) -> MAPPER.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
		Arbitrary<byte[]> truncated = Combinators.combine(json, Arbitraries.doubles().between(0, 1))
			.as((bytes, cut) -> java.util.Arrays.copyOf(bytes, (int) (bytes.length * cut)));
		Arbitrary<byte[]> other = Arbitraries.oneOf(
				Arbitraries.strings().ofMaxLength(300).map(HostileResponses::utf8),
				Arbitraries.bytes().array(byte[].class).ofMaxSize(2000),
				Arbitraries.integers().between(1, 20_000).map((depth) -> utf8("[".repeat(depth) + "]".repeat(depth))),
				Arbitraries.integers().between(1, 20_000).map((depth) -> utf8("{\"error\":".repeat(depth))),
				Arbitraries.integers().between(1, 100_000).map((n) -> utf8("<".repeat(n))),
				Arbitraries.strings().withChars("<>/titlebody \"{}:").ofMaxLength(5000).map(HostileResponses::utf8),
				Arbitraries.just(new byte[0]),
				Arbitraries.strings().withChars("data: {}[DONE]\n\r:").ofMaxLength(500).map(HostileResponses::utf8));
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, json), net.jqwik.api.Tuple.of(3, truncated),
				net.jqwik.api.Tuple.of(3, other));
	}

	static Arbitrary<Integer> statuses() {
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(100, 599)),
				net.jqwik.api.Tuple.of(3, Arbitraries.of(200, 400, 401, 403, 404, 413, 429, 500, 501, 502, 503, 504)));
	}

	static Arbitrary<String> contentTypes() {
		return Arbitraries.of("application/json", "text/event-stream", "text/html; charset=utf-8", "text/plain",
				"application/octet-stream", "application/json; charset=iso-8859-1", "");
	}

	static Arbitrary<Map<String, String>> headers() {
		Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("9223372036854775807", "-1", "1e20", "3e16", "NaN",
				"Infinity", "0", "0.5", "1m30s", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
				"99999999999999999999999", "", " "), Arbitraries.strings().ascii().ofMaxLength(40)
					.filter((text) -> text.chars().noneMatch((c) -> c < 0x20 || c == 0x7f)));
		Arbitrary<String> name = Arbitraries.of("Retry-After", "retry-after-ms", "X-RateLimit-Limit-Requests",
				"X-RateLimit-Remaining-Requests", "X-RateLimit-Reset-Requests", "X-RateLimit-Reset-Tokens",
				"X-Oneapi-Request-Id");
		return Arbitraries.maps(name, value).ofMaxSize(5);
	}

	private static Arbitrary<Object> anyValue() {
		return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.strings().ofMaxLength(50),
				Arbitraries.strings().withChars("ab\"\\\u4e2d\ud83d\ude00").ofMinLength(1000).ofMaxLength(70_000),
				Arbitraries.integers().map(Object.class::cast), Arbitraries.doubles().map(Object.class::cast),
				Arbitraries.of(true, false).map(Object.class::cast), Arbitraries.just(List.of(1, "x")),
				Arbitraries.just(Map.of("retry_after", "soon")), Arbitraries.of(429, 503, 404, 200).map(Object.class::cast),
				Arbitraries.of("quota_not_enough", "model_not_found", "rate_limit_exceeded", "invalid_request", "",
						"503", "content_filtered")
					.map(Object.class::cast));
	}

	private static Arbitrary<Object> shapeA() {
		return Combinators.combine(anyValue(), anyValue(), anyValue(), anyValue())
			.as((message, type, code, param) -> map("error", map("message", message, "type", type, "code", code,
					"param", param)));
	}

	private static Arbitrary<Object> shapeB() {
		return Combinators.combine(anyValue(), anyValue(), anyValue())
			.as((code, message, data) -> map("code", code, "message", message, "data", data));
	}

	private static Arbitrary<Object> shapeC() {
		return Combinators.combine(anyValue(), anyValue())
			.as((description, code) -> map("description", description, "type", "upstream_error", "code", code));
	}

	private static Arbitrary<Object> shapeD() {
		return Combinators.combine(anyValue(), anyValue())
			.as((type, message) -> map("type", "error", "error", map("type", type, "message", message)));
	}

	private static Arbitrary<Object> completion() {
		return Combinators.combine(contents(), anyValue(), anyValue(), toolCalls(), anyValue())
			.as((content, finish, usage, toolCalls, reasoning) -> map("id", "c", "object", "chat.completion",
					"choices",
					List.of(map("index", 0, "message",
							map("role", "assistant", "content", content, "tool_calls", toolCalls,
									"reasoning_content", reasoning),
							"finish_reason", finish)),
					"usage", usage));
	}

	// a content string, or parts of every kind and of none
	private static Arbitrary<Object> contents() {
		Arbitrary<Object> part = Combinators.combine(anyValue(), anyValue(), anyValue())
			.as((type, text, url) -> map("type", type, "text", text, "image_url", map("url", url)));
		return Arbitraries.oneOf(anyValue(), part.list().ofMaxSize(3).map(Object.class::cast));
	}

	// tool calls whose every field may be of the wrong type, and lists that are not lists of calls
	private static Arbitrary<Object> toolCalls() {
		Arbitrary<Object> call = Combinators.combine(anyValue(), anyValue(), anyValue(), anyValue())
			.as((index, id, name, arguments) -> map("index", index, "id", id, "type", "function", "function",
					map("name", name, "arguments", arguments)));
		return Arbitraries.oneOf(anyValue(), call.list().ofMaxSize(3).map(Object.class::cast));
	}

	private static Map<String, Object> map(Object... pairs) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], pairs[i + 1]);
		}
		return map;
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
