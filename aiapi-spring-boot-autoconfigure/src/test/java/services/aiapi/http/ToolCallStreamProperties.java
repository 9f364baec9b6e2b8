package services.aiapi.http;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
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
 * Streamed tool calls of any number, names and arguments (any Unicode, escapes), cut into deltas anywhere, in
 * OpenAI's shape or a looser provider's, written raw or escaped, and delivered by the network in pieces cut
 * anywhere: the accumulator gives back exactly the calls that were sent.
 */
class ToolCallStreamProperties {

	private static final JsonMapper RAW = JsonMapper.builder().build();

	private static final JsonMapper ESCAPED = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

	private final ResponseReader reader = new ResponseReader(
			new AiApiErrorTranslator(Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofSeconds(1)), 1 << 20,
			Duration.ofSeconds(5), Duration.ofSeconds(5));

	record Call(String id, String name, String arguments) {
	}

	@Provide
	Arbitrary<List<Call>> calls() {
		// whole characters: a lone surrogate cannot travel in UTF-8, so the 🌧 comes as one token of two chars
		Arbitrary<String> arguments = Arbitraries
			.of("{", "}", "\"", ":", ",", "[", "]", " ", "a", "xyz", "0", "189", "\\", "\u00e9", "\u00fc", "\u6771\u4eac",
					"\ud83c\udf27", "\n", "\t")
			.list()
			.ofMaxSize(80)
			.map((tokens) -> String.join("", tokens));
		Arbitrary<String> names = Arbitraries.strings().withChars("abcdefghij_-0123").ofMinLength(1).ofMaxLength(64);
		return Arbitraries.integers()
			.between(1, 4)
			.flatMap((count) -> names.list().ofSize(count).flatMap((nameList) -> arguments.list()
				.ofSize(count)
				.map((argList) -> {
					List<Call> calls = new ArrayList<>();
					for (int i = 0; i < count; i++) {
						calls.add(new Call("call_" + i, nameList.get(i), argList.get(i)));
					}
					return calls;
				})));
	}

	@Property
	void theCallsThatWereSentAreTheCallsThatArrive(@ForAll("calls") List<Call> calls,
			@ForAll @IntRange(min = 1, max = 9) int piecesPerCall, @ForAll boolean loose, @ForAll boolean escaped,
			@ForAll long cutSeed) {
		byte[] body = sse(calls, piecesPerCall, loose, escaped ? ESCAPED : RAW, cutSeed);
		java.util.Random random = new java.util.Random(cutSeed);
		List<byte[]> pieces = new ArrayList<>();
		for (int start = 0; start < body.length;) {
			int end = Math.min(body.length, start + 1 + random.nextInt(Math.max(1, body.length / 3)));
			pieces.add(Arrays.copyOfRange(body, start, end));
			start = end;
		}
		ClientResponse response = ClientResponse.create(HttpStatus.OK)
			.header("Content-Type", "text/event-stream")
			.body(Flux.fromIterable(pieces).map(DefaultDataBufferFactory.sharedInstance::wrap))
			.build();
		ChatCompletion completion = this.reader.readStream(response, Schedulers.parallel())
			.collect(ChatCompletionAccumulator::new, ChatCompletionAccumulator::add)
			.map(ChatCompletionAccumulator::completion)
			.block(Duration.ofSeconds(10));
		assertThat(completion.toolCalls()).extracting(ToolCall::id, ToolCall::name, ToolCall::arguments)
			.containsExactlyElementsOf(calls.stream()
				.map((call) -> org.assertj.core.groups.Tuple.tuple(call.id(), call.name(), call.arguments()))
				.toList());
		assertThat(completion.finishReason()).isEqualTo("tool_calls");
	}

	// each call's arguments cut into pieces at random character positions (a surrogate pair may be cut: the
	// escaped writer carries each half as its own \\u escape, the raw one keeps the pair whole)
	private static byte[] sse(List<Call> calls, int piecesPerCall, boolean loose, JsonMapper writer, long seed) {
		java.util.Random random = new java.util.Random(seed ^ 0x5DEECE66DL);
		StringBuilder body = new StringBuilder();
		for (int index = 0; index < calls.size(); index++) {
			Call call = calls.get(index);
			String arguments = call.arguments();
			List<String> fragments = new ArrayList<>();
			int start = 0;
			for (int p = 1; p < piecesPerCall && start < arguments.length(); p++) {
				int cut = start + random.nextInt(arguments.length() - start + 1);
				if (writer == RAW && cut > 0 && cut < arguments.length()
						&& Character.isHighSurrogate(arguments.charAt(cut - 1))) {
					cut++;
				}
				fragments.add(arguments.substring(start, cut));
				start = cut;
			}
			fragments.add(arguments.substring(start));
			for (int f = 0; f < fragments.size(); f++) {
				boolean first = f == 0;
				ObjectNode delta = RAW.createObjectNode();
				ObjectNode part = delta.putArray("tool_calls").addObject();
				if (!loose) {
					part.put("index", index);
				}
				ObjectNode function = RAW.createObjectNode();
				if (first || loose) {
					part.put("id", call.id()).put("type", "function");
					function.put("name", call.name());
				}
				function.put("arguments", fragments.get(f));
				part.set("function", function);
				ObjectNode chunk = RAW.createObjectNode().put("id", "c1").put("object", "chat.completion.chunk");
				ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
				choice.set("delta", delta);
				choice.putNull("finish_reason");
				body.append("data: ").append(writer.writeValueAsString(chunk)).append("\n\n");
			}
		}
		body.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},")
			.append("\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n");
		return body.toString().getBytes(StandardCharsets.UTF_8);
	}

}
