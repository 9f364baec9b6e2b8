package services.aiapi;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.BadGatewayException;
import services.aiapi.error.InvalidResponseException;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.error.StreamTruncatedException;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static services.aiapi.GatewayTestSupport.chatCompletions;

/**
 * Chat streaming against WireMock: the normal stream with its usage chunk, pings, errors before and inside the
 * stream, truncation and stalls.
 */
class StreamingIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	static String chunk(String content, String finishReason) {
		return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gemini-2.5-flash\","
				+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":"
				+ ((finishReason != null) ? "\"" + finishReason + "\"" : "null") + "}]}";
	}

	static final String ROLE_CHUNK = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gemini-2.5-flash\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}";

	static final String USAGE_CHUNK = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gemini-2.5-flash\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}";

	private static void stubStream(String body) {
		gateway.stubFor(chatCompletions()
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body)));
	}

	private static ChatCompletionRequest request() {
		return ChatCompletionRequest.ofUser("Tell me a story").build();
	}

	@Test
	void normalStreamWithPingsAndUsageChunk() {
		stubStream(": PING\n\n" + "data: " + ROLE_CHUNK + "\n\n" + "data:" + chunk("Once", null) + "\n\n" + ": PING\n\n"
				+ "data: " + chunk(" upon", null) + "\r\n\r\n" + "data: " + chunk(" a time", "stop") + "\n\n" + "data: "
				+ USAGE_CHUNK + "\n\n" + "data: [DONE]\n\n");
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			ReactiveAiApiTemplate template = context.getBean(ReactiveAiApiTemplate.class);
			StepVerifier.create(template.chatStream(request()))
				.assertNext((c) -> assertThat(c.choices().get(0).delta().role()).isEqualTo("assistant"))
				.assertNext((c) -> assertThat(c.content()).isEqualTo("Once"))
				.assertNext((c) -> assertThat(c.content()).isEqualTo(" upon"))
				.assertNext((c) -> assertThat(c.finishReason()).isEqualTo("stop"))
				.assertNext((c) -> {
					assertThat(c.choices()).isEmpty();
					assertThat(c.usage().totalTokens()).isEqualTo(7);
				})
				.expectComplete()
				.verify(TIMEOUT);
		});
		gateway.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
			.withHeader("Accept", com.github.tomakehurst.wiremock.client.WireMock.containing("text/event-stream"))
			.withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
			.withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true")))
			.withRequestBody(matchingJsonPath("$.model", equalTo("gemini-2.5-flash"))));
	}

	@Test
	void blockingStreamCollectsTheAnswer() {
		stubStream("data: " + chunk("Hello", null) + "\n\ndata: " + chunk(" world", "stop") + "\n\ndata: [DONE]\n\n");
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			try (var chunks = template.chatStream(request())) {
				assertThat(chunks.map(ChatCompletionChunk::content).collect(Collectors.joining()))
					.isEqualTo("Hello world");
			}
			StringBuilder text = new StringBuilder();
			template.chatStream(request(), (c) -> text.append(c.content()));
			assertThat(text).hasToString("Hello world");
		});
	}

	@Test
	void jsonErrorLabelledAsEventStreamIsAnError() {
		gateway.stubFor(chatCompletions().willReturn(aResponse().withStatus(403)
			.withHeader("Content-Type", "text/event-stream")
			.withBody("{\"error\":{\"message\":\"user quota is not enough\",\"type\":\"new_api_error\",\"code\":\"insufficient_user_quota\"}}")));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			StepVerifier.create(context.getBean(ReactiveAiApiTemplate.class).chatStream(request()))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(QuotaExceededException.class,
						(quota) -> assertThat(quota.getStatusCode().value()).isEqualTo(403)))
				.verify(TIMEOUT);
		});
	}

	@Test
	void errorInsideTheStream() {
		stubStream("data: " + chunk("Hel", null) + "\n\n"
				+ "data: {\"error\":{\"message\":\"upstream provider failed\",\"type\":\"upstream_error\",\"code\":502}}\n\n");
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			StepVerifier.create(context.getBean(ReactiveAiApiTemplate.class).chatStream(request()))
				.assertNext((c) -> assertThat(c.content()).isEqualTo("Hel"))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(BadGatewayException.class,
						(bad) -> assertThat(bad.getGatewayMessage()).isEqualTo("upstream provider failed")))
				.verify(TIMEOUT);
		});
	}

	@Test
	void rawErrorLineWithoutDataPrefix() {
		stubStream("{\"error\":{\"message\":\"quota\",\"type\":\"new_api_error\",\"code\":\"insufficient_user_quota\"}}\n");
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			StepVerifier.create(context.getBean(ReactiveAiApiTemplate.class).chatStream(request()))
				.expectError(QuotaExceededException.class)
				.verify(TIMEOUT);
		});
	}

	@Test
	void streamEndingWithDoneButNoFinishReasonIsTruncated() {
		stubStream("data: " + ROLE_CHUNK + "\n\ndata: " + chunk("The answer is", null) + "\n\ndata: " + chunk(" forty", null)
				+ "\n\ndata: [DONE]\n\n");
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			StreamTruncatedException ex = catchThrowableOfType(StreamTruncatedException.class,
					() -> template.chatStream(request(), (c) -> {
					}));
			assertThat(ex.getReceivedContent()).isEqualTo("The answer is forty");
			assertThat(ex.getReceivedChunks()).isEqualTo(3);
			assertThat(ex.isRetryable()).isFalse();
		});
	}

	@Test
	void streamCutWithoutDoneIsTruncated() {
		stubStream("data: " + chunk("partial", null) + "\n\n");
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			StepVerifier.create(context.getBean(ReactiveAiApiTemplate.class).chatStream(request()))
				.expectNextCount(1)
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(StreamTruncatedException.class,
						(t) -> assertThat(t.getReceivedContent()).isEqualTo("partial")))
				.verify(TIMEOUT);
		});
	}

	@Test
	void malformedChunkIsAnInvalidResponse() {
		stubStream("data: " + chunk("ok", null) + "\n\ndata: {\"id\":\"c1\",\"choices\":[{\"delta\n\n");
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			StepVerifier.create(context.getBean(ReactiveAiApiTemplate.class).chatStream(request()))
				.expectNextCount(1)
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(InvalidResponseException.class,
						(invalid) -> assertThat(invalid.getResponseBodyAsString()).contains("\"delta")))
				.verify(TIMEOUT);
		});
	}

	@Test
	void stallPastTheIdleTimeoutFails() {
		// 4 chunks dribbled over 3 s: the first arrives at once, then 1 s of silence each
		gateway.stubFor(chatCompletions().willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream")
			.withBody("data: " + chunk("a", null) + "\n\ndata: " + chunk("b", null) + "\n\ndata: " + chunk("c", "stop")
					+ "\n\ndata: [DONE]\n\n")
			.withChunkedDribbleDelay(4, 3000)));
		GatewayTestSupport.contextRunner(gateway, "aiapi.stream-idle-timeout=300ms").run((context) -> {
			List<String> received = new java.util.ArrayList<>();
			StepVerifier.create(context.getBean(ReactiveAiApiTemplate.class).chatStream(request()))
				.thenConsumeWhile((c) -> received.add(c.content()))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(AiApiTimeoutException.class,
						(timeout) -> {
							assertThat(timeout.getPhase()).isEqualTo(AiApiTimeoutException.Phase.STREAM_IDLE);
							assertThat(timeout.getTimeout()).isEqualTo(Duration.ofMillis(300));
							assertThat(timeout.getMessage()).contains("aiapi.stream-idle-timeout");
						}))
				.verify(TIMEOUT);
			assertThat(String.join("", received)).isNotEqualTo("abc");
		});
	}

	@Test
	void consecutiveStreamsReuseOneConnection() {
		// a gateway that ends the response a moment after [DONE], as a server flushing its last chunk separately
		AtomicInteger connections = new AtomicInteger();
		String events = "data: " + chunk("Hello", "stop") + "\n\ndata: [DONE]\n\n";
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.doOnChannelInit((observer, channel, address) -> connections.incrementAndGet())
			.route((routes) -> routes.post("/v1/chat/completions",
					(request, response) -> request.receive()
						.then(response.header("Content-Type", "text/event-stream")
							.sendString(Flux.just(events).concatWith(Mono.delay(Duration.ofMillis(20)).then(Mono.empty())))
							.then())))
			.bindNow();
		try {
			GatewayTestSupport.contextRunner(gateway, "aiapi.base-url=http://127.0.0.1:" + server.port())
				.run((context) -> {
					AiApiTemplate template = context.getBean(AiApiTemplate.class);
					for (int i = 0; i < 5; i++) {
						StringBuilder text = new StringBuilder();
						template.chatStream(request(), (c) -> text.append(c.content()));
						assertThat(text).hasToString("Hello");
					}
				});
		}
		finally {
			server.disposeNow();
		}
		// read to its end, each response left its connection in the pool: a cancelled one would be closed (5).
		// The pool takes a released connection back on its event loop, just after the caller saw the end, so the
		// next stream may find it still busy and open a second one; never more.
		assertThat(connections.get()).isBetween(1, 2);
	}

}
