package services.aiapi.http;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;

import services.aiapi.error.AiApiErrorTranslator;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionAccumulator;
import services.aiapi.model.ToolCall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streamed tool calls put together whole, whatever the cut: argument fragments split at every character (between
 * the halves of a surrogate pair too), and the event stream split by the network at every byte (inside multi-byte
 * characters too).
 */
class ToolCallStreamTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// a split between the halves of a surrogate pair can only travel escaped: every non-ASCII char as a \\u escape
	private static final JsonMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

	// two-, three- and four-byte UTF-8 characters, and JSON escapes
	private static final String ARGUMENTS = "{\"city\":\"Zürich 東京 🌧\",\"note\":\"a \\\"quoted\\\" word\"}";

	private final ResponseReader reader = new ResponseReader(
			new AiApiErrorTranslator(Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofSeconds(1)), 1 << 20,
			Duration.ofSeconds(5), Duration.ofSeconds(5));

	@Test
	void argumentsSplitAtEveryCharacterAreJoinedWhole() {
		for (int cut = 0; cut <= ARGUMENTS.length(); cut++) {
			List<String> fragments = List.of(ARGUMENTS.substring(0, cut), ARGUMENTS.substring(cut));
			ChatCompletion completion = read(List.of(sse(fragments, false, true, ESCAPING)));
			assertThat(completion.toolCalls()).as("cut at %d", cut).hasSize(2);
			assertThat(completion.toolCalls().get(0).arguments()).as("cut at %d", cut).isEqualTo(ARGUMENTS);
			assertThat(completion.toolCalls().get(0).name()).isEqualTo("get_weather");
			assertThat(completion.toolCalls().get(0).id()).isEqualTo("call_1");
			assertThat(completion.toolCalls().get(1).arguments()).isEqualTo("{\"q\":\"second\"}");
			assertThat(completion.finishReason()).isEqualTo("tool_calls");
		}
	}

	@Test
	void anEventStreamSplitAtEveryByteGivesTheSameCalls() {
		byte[] body = sse(List.of(ARGUMENTS.substring(0, 7), ARGUMENTS.substring(7, 19), ARGUMENTS.substring(19)),
				false, true, JSON);
		for (int cut = 1; cut < body.length; cut++) {
			ChatCompletion completion = read(
					List.of(Arrays.copyOfRange(body, 0, cut), Arrays.copyOfRange(body, cut, body.length)));
			assertThat(completion.toolCalls().get(0).arguments()).as("cut at byte %d", cut).isEqualTo(ARGUMENTS);
			assertThat(completion.toolCalls().get(1).name()).isEqualTo("search");
		}
	}

	@Test
	void aProviderThatRepeatsIdAndNameOnEveryDeltaOrOmitsTheIndexStillGivesWholeCalls() {
		byte[] body = sse(List.of(ARGUMENTS.substring(0, 10), ARGUMENTS.substring(10)), true, false, JSON);
		ChatCompletion completion = read(List.of(body));
		assertThat(completion.toolCalls()).extracting(ToolCall::name).containsExactly("get_weather", "search");
		assertThat(completion.toolCalls()).extracting(ToolCall::arguments)
			.containsExactly(ARGUMENTS, "{\"q\":\"second\"}");
	}

	private ChatCompletion read(List<byte[]> pieces) {
		ClientResponse response = ClientResponse.create(HttpStatus.OK)
			.header("Content-Type", "text/event-stream")
			.body(Flux.fromIterable(pieces).map(DefaultDataBufferFactory.sharedInstance::wrap))
			.build();
		return this.reader.readStream(response, Schedulers.parallel())
			.collect(ChatCompletionAccumulator::new, ChatCompletionAccumulator::add)
			.map(ChatCompletionAccumulator::completion)
			.block(Duration.ofSeconds(5));
	}

	// the first call's arguments in the given fragments, then a second call; OpenAI's shape (id, type and name on
	// the first delta only, every delta indexed) or a looser provider's (all repeated, no index)
	private static byte[] sse(List<String> fragments, boolean repeatAndOmitIndex, boolean withRole,
			JsonMapper writer) {
		List<String> events = new ArrayList<>();
		if (withRole) {
			events.add(delta(writer, JSON.createObjectNode().put("role", "assistant").putNull("content")));
		}
		for (int i = 0; i < fragments.size(); i++) {
			events.add(delta(writer, call(repeatAndOmitIndex ? null : 0, (i == 0 || repeatAndOmitIndex) ? "call_1" : null,
					(i == 0 || repeatAndOmitIndex) ? "get_weather" : null, fragments.get(i))));
		}
		events.add(delta(writer, call(repeatAndOmitIndex ? null : 1, "call_2", "search", "")));
		events.add(delta(writer, call(repeatAndOmitIndex ? null : 1, repeatAndOmitIndex ? "call_2" : null,
				repeatAndOmitIndex ? "search" : null, "{\"q\":\"second\"}")));
		StringBuilder body = new StringBuilder();
		for (String event : events) {
			body.append("data: ").append(event).append("\n\n");
		}
		body.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},")
			.append("\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n");
		return body.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static ObjectNode call(Integer index, String id, String name, String arguments) {
		ObjectNode delta = JSON.createObjectNode();
		ObjectNode call = delta.putArray("tool_calls").addObject();
		if (index != null) {
			call.put("index", index);
		}
		if (id != null) {
			call.put("id", id).put("type", "function");
		}
		ObjectNode function = call.putObject("function");
		if (name != null) {
			function.put("name", name);
		}
		function.put("arguments", arguments);
		return delta;
	}

	private static String delta(JsonMapper writer, ObjectNode delta) {
		ObjectNode chunk = JSON.createObjectNode().put("id", "c1").put("object", "chat.completion.chunk");
		ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
		choice.set("delta", delta);
		choice.putNull("finish_reason");
		return writer.writeValueAsString(chunk);
	}

}
