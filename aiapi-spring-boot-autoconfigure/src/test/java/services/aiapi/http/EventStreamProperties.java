package services.aiapi.http;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.ClientResponse;

import services.aiapi.error.AiApiErrorTranslator;
import services.aiapi.error.AiApiException;
import services.aiapi.error.InternalServerErrorException;
import services.aiapi.error.InvalidResponseException;
import services.aiapi.error.RateLimitExceededException;
import services.aiapi.error.ServiceUnavailableException;
import services.aiapi.error.StreamTruncatedException;
import services.aiapi.model.messages.MessageAccumulator;
import services.aiapi.model.responses.ResponseAccumulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event streams of the Responses and Messages APIs, of any text, cut anywhere, with an error event of any
 * dialect put anywhere, delivered in pieces cut anywhere: a whole stream gives back exactly the text that was
 * sent; an error event ends it with the exception its type stands for; a cut one ends with
 * {@link StreamTruncatedException} (keeping a prefix of the text) or, cut inside an event's JSON,
 * {@link InvalidResponseException}. Every hostile response ends typed, read as either dialect, as raw events or
 * as a download under any size limit. Nothing escapes and nothing hangs.
 */
class EventStreamProperties {

	private static final Duration BOUND = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ResponseReader reader = new ResponseReader(
			new AiApiErrorTranslator(Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofSeconds(1)), 1 << 20,
			Duration.ofSeconds(5), Duration.ofSeconds(5));

	enum Fault {

		NONE, CUT, OPENAI_RATE_LIMIT, ANTHROPIC_OVERLOADED, RESPONSES_ERROR, RESPONSE_FAILED

	}

	@Provide
	Arbitrary<List<String>> words() {
		return Arbitraries.of(" a", " bc", "d", " \u00e9t\u00e9", " \u6771\u4eac", " \ud83c\udf27", "\"q\"", "\\", " \n",
				" data: x", " event: y")
			.list()
			.ofMinSize(1)
			.ofMaxSize(30);
	}

	@Property
	void aResponsesStreamEndsWhole(@ForAll("words") List<String> words, @ForAll Fault fault,
			@ForAll @IntRange(min = 0, max = 40) int at, @ForAll long seed) {
		List<String> events = responsesEvents(words);
		byte[] body = faulty(events, fault, at, seed);
		ResponseAccumulator accumulator = new ResponseAccumulator();
		Throwable failure = read(body, seed, EventDialect.responses(JSON), accumulator::accept);
		check(words, fault, failure, accumulator.text(), accumulator.isComplete());
		if (failure == null) {
			assertThat(accumulator.response().outputText()).isEqualTo(String.join("", words));
			assertThat(accumulator.response().usage().outputTokens()).isEqualTo(words.size());
		}
	}

	@Property
	void aMessagesStreamEndsWhole(@ForAll("words") List<String> words, @ForAll Fault fault,
			@ForAll @IntRange(min = 0, max = 40) int at, @ForAll long seed) {
		List<String> events = messagesEvents(words);
		byte[] body = faulty(events, fault, at, seed);
		MessageAccumulator accumulator = new MessageAccumulator();
		Throwable failure = read(body, seed, EventDialect.messages(JSON), accumulator::accept);
		check(words, fault, failure, accumulator.text(), accumulator.isComplete());
		if (failure == null) {
			assertThat(accumulator.message().text()).isEqualTo(String.join("", words));
			assertThat(accumulator.message().stopReason()).isEqualTo("end_turn");
			assertThat(accumulator.message().usage().inputTokens()).isEqualTo(7);
			assertThat(accumulator.message().usage().outputTokens()).isEqualTo(words.size());
		}
	}

	@Property
	void anyHostileResponseEndsTypedReadAsAnyDialect(
			@ForAll(supplier = HostileResponses.Responses.class) HostileResponses.Response response,
			@ForAll @IntRange(min = 0, max = 3) int dialect) {
		EventDialect<?> read = switch (dialect) {
			case 0 -> EventDialect.responses(JSON);
			case 1 -> EventDialect.messages(JSON);
			case 2 -> EventDialect.of(JsonNode.class);
			default -> EventDialect.of(String.class);
		};
		Throwable failure = null;
		try {
			this.reader.readEvents(ResponseReaderProperties.clientResponse(response), read, Schedulers.parallel())
				.then()
				.block(BOUND);
		}
		catch (Throwable ex) {
			failure = ex;
		}
		if (failure == null) {
			assertThat(response.status()).as("only a 2xx may succeed").isBetween(200, 299);
			return;
		}
		assertThat(failure).isInstanceOf(AiApiException.class);
		assertThat(failure.getMessage()).isNotBlank();
	}

	@Property
	void anyHostileResponseEndsTypedReadAsADownload(
			@ForAll(supplier = HostileResponses.Responses.class) HostileResponses.Response response,
			@ForAll @IntRange(min = 1, max = 1 << 20) int maxSize) {
		long[] received = new long[1];
		Throwable failure = null;
		try {
			this.reader.readBinary(ResponseReaderProperties.clientResponse(response), maxSize, Schedulers.parallel())
				.doOnNext((buffer) -> {
					received[0] += buffer.readableByteCount();
					org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
				})
				.then()
				.block(BOUND);
		}
		catch (Throwable ex) {
			failure = ex;
		}
		if (failure == null) {
			assertThat(response.status()).as("only a 2xx may succeed").isBetween(200, 299);
			assertThat(received[0]).isLessThanOrEqualTo(maxSize);
			return;
		}
		assertThat(failure).isInstanceOf(AiApiException.class);
		assertThat(failure.getMessage()).isNotBlank();
	}

	private <T> Throwable read(byte[] body, long seed, EventDialect<T> dialect, java.util.function.Consumer<T> sink) {
		Random random = new Random(seed);
		List<byte[]> pieces = new ArrayList<>();
		for (int start = 0; start < body.length;) {
			int end = Math.min(body.length, start + 1 + random.nextInt(Math.max(1, body.length / 4)));
			pieces.add(Arrays.copyOfRange(body, start, end));
			start = end;
		}
		ClientResponse response = ClientResponse.create(HttpStatus.OK)
			.header("Content-Type", "text/event-stream")
			.body(Flux.fromIterable(pieces).map(DefaultDataBufferFactory.sharedInstance::wrap))
			.build();
		try {
			this.reader.readEvents(response, dialect, Schedulers.parallel())
				.map(ServerSentEvent::data)
				.doOnNext(sink)
				.then()
				.block(BOUND);
			return null;
		}
		catch (Throwable ex) {
			return ex;
		}
	}

	private static void check(List<String> words, Fault fault, Throwable failure, String text, boolean complete) {
		String whole = String.join("", words);
		if (failure == null) {
			assertThat(complete).isTrue();
			assertThat(text).isEqualTo(whole);
			return;
		}
		assertThat(failure).isInstanceOf(AiApiException.class);
		assertThat(failure.getMessage()).isNotBlank();
		assertThat(whole).startsWith(text);
		switch (fault) {
			case NONE -> throw new AssertionError("a whole stream failed", failure);
			case CUT -> assertThat(failure).isInstanceOfAny(StreamTruncatedException.class,
					InvalidResponseException.class);
			case OPENAI_RATE_LIMIT -> assertThat(failure).isInstanceOf(RateLimitExceededException.class);
			case ANTHROPIC_OVERLOADED -> assertThat(failure).isInstanceOf(ServiceUnavailableException.class);
			case RESPONSES_ERROR, RESPONSE_FAILED -> assertThat(failure).isInstanceOf(InternalServerErrorException.class);
		}
		if (failure instanceof StreamTruncatedException truncated) {
			assertThat(whole).startsWith(truncated.getReceivedContent());
		}
	}

	// the events with a fault: the body cut at a byte, or an error event before event number "at"
	private static byte[] faulty(List<String> events, Fault fault, int at, long seed) {
		int position = Math.min(at, events.size() - 1);
		List<String> faulty = new ArrayList<>(events);
		String error = switch (fault) {
			case OPENAI_RATE_LIMIT -> "data: {\"error\":{\"message\":\"slow down\",\"type\":\"upstream_error\",\"code\":\"rate_limit_exceeded\"}}\n\n";
			case ANTHROPIC_OVERLOADED -> "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
			case RESPONSES_ERROR -> "event: error\ndata: {\"type\":\"error\",\"code\":\"server_error\",\"message\":\"boom\",\"param\":null}\n\n";
			case RESPONSE_FAILED -> "event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"id\":\"r\",\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"boom\"}}}\n\n";
			default -> null;
		};
		if (error != null) {
			faulty.add(position, error);
		}
		byte[] body = String.join("", faulty).getBytes(StandardCharsets.UTF_8);
		if (fault == Fault.CUT) {
			// anywhere before the completing event's end
			int last = String.join("", events.subList(0, events.size() - 1)).getBytes(StandardCharsets.UTF_8).length;
			int cut = new Random(seed ^ 0x9E3779B97F4A7C15L).nextInt(last + 1);
			body = Arrays.copyOf(body, cut);
		}
		return body;
	}

	private static List<String> responsesEvents(List<String> words) {
		List<String> events = new ArrayList<>();
		events.add(sse("response.created", "{\"type\":\"response.created\",\"sequence_number\":0,"
				+ "\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}"));
		events.add(": keep-alive\n\n");
		events.add(sse("response.output_item.added", "{\"type\":\"response.output_item.added\",\"output_index\":0,"
				+ "\"item\":{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[]}}"));
		for (String word : words) {
			ObjectNode delta = JSON.createObjectNode()
				.put("type", "response.output_text.delta")
				.put("output_index", 0)
				.put("content_index", 0)
				.put("delta", word);
			events.add(sse("response.output_text.delta", delta.toString()));
		}
		events.add(sse("response.future_event_type", "{\"type\":\"response.future_event_type\",\"x\":[1,{}]}"));
		ObjectNode completed = JSON.createObjectNode().put("type", "response.completed");
		ObjectNode response = completed.putObject("response")
			.put("id", "resp_1")
			.put("object", "response")
			.put("status", "completed");
		ObjectNode message = response.putArray("output")
			.addObject()
			.put("type", "message")
			.put("id", "msg_1")
			.put("role", "assistant");
		message.putArray("content").addObject().put("type", "output_text").put("text", String.join("", words));
		response.putObject("usage").put("input_tokens", 7).put("output_tokens", words.size());
		events.add(sse("response.completed", completed.toString()));
		return events;
	}

	private static List<String> messagesEvents(List<String> words) {
		List<String> events = new ArrayList<>();
		events.add(sse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
				+ "\"role\":\"assistant\",\"content\":[],\"model\":\"claude\",\"stop_reason\":null,"
				+ "\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}}"));
		events.add(sse("content_block_start",
				"{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
		for (int i = 0; i < words.size(); i++) {
			if (i % 4 == 3) {
				events.add(sse("ping", "{\"type\":\"ping\"}"));
			}
			ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
			delta.putObject("delta").put("type", "text_delta").put("text", words.get(i));
			events.add(sse("content_block_delta", delta.toString()));
		}
		events.add(sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
		events.add(sse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
				+ "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + words.size() + "}}"));
		events.add(sse("message_stop", "{\"type\":\"message_stop\"}"));
		return events;
	}

	private static String sse(String name, String data) {
		return "event: " + name + "\ndata: " + data + "\n\n";
	}

}
