package services.aiapi.http;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

import services.aiapi.error.AiApiErrorTranslator;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.InvalidResponseException;
import services.aiapi.error.StreamTruncatedException;
import services.aiapi.model.ChatCompletionChunk;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat completion chunks through the one event reader ({@link EventStreamDecoder} in the chat dialect): joined
 * data lines, ignored fields, {@code [DONE]}, in-stream errors, truncation, silence and the drain after the end.
 */
class ChatEventDecodingTests {

	private final EventStreamDecoder decoder = new EventStreamDecoder(JsonMapper.builder().build(),
			new AiApiErrorTranslator(Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofSeconds(1)));

	private static String chunk(String content, String finish) {
		return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":"
				+ ((finish != null) ? "\"" + finish + "\"" : "null") + "}]}";
	}

	private Flux<ChatCompletionChunk> decode(Flux<String> lines) {
		return this.decoder.decode(lines, EventDialect.chat(), (name, id, chunk) -> chunk,
				org.springframework.http.HttpStatus.OK, HttpHeaders.EMPTY,
				services.aiapi.error.CallAttempt.UNKNOWN, Duration.ofSeconds(60), Duration.ofSeconds(30),
				Schedulers.parallel());
	}

	@Test
	void multiLineDataIsJoined() {
		Flux<String> lines = Flux.just("data: {\"choices\":[{\"index\":0,", "data: \"delta\":{\"content\":\"x\"},",
				"data: \"finish_reason\":\"stop\"}]}", "", "data: [DONE]", "");
		StepVerifier.create(decode(lines))
			.assertNext((c) -> assertThat(c.finishReason()).isEqualTo("stop"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void eventFieldsAndUnknownLinesAreIgnoredAndDoneStopsReading() {
		Flux<String> lines = Flux.just("event: message", "id: 1", "retry: 100", chunk("a", "stop"), "", "data: [DONE]",
				"", chunk("after-done", null), "");
		StepVerifier.create(decode(lines))
			.assertNext((c) -> assertThat(c.content()).isEqualTo("a"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void nullOrNonObjectEventIsUnreadable() {
		for (String event : new String[] { "null", "42", "\"text\"" }) {
			StepVerifier.create(decode(Flux.just("data: " + event, "")))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(InvalidResponseException.class))
				.verify(Duration.ofSeconds(5));
		}
	}

	@Test
	void errorEventAfterChunksIsTheGatewaysTypedError() {
		Flux<String> lines = Flux.just(chunk("Hel", null), "", chunk("lo", null), "",
				"data: {\"error\":{\"message\":\"upstream overloaded\",\"type\":\"server_error\",\"code\":\"upstream_error\"}}",
				"");
		StepVerifier.create(decode(lines))
			.expectNextCount(2)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(AiApiResponseException.class,
					(error) -> assertThat(error.getErrorCode()).isEqualTo("upstream_error")))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void emptyStreamIsTruncated() {
		StepVerifier.create(decode(Flux.empty()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(StreamTruncatedException.class,
					(t) -> assertThat(t.getReceivedChunks()).isZero()))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void idleTimeoutInVirtualTime() {
		TestPublisher<String> lines = TestPublisher.create();
		StepVerifier.withVirtualTime(() -> decode(lines.flux()))
			.expectSubscription()
			.then(() -> lines.next(chunk("a", null), ""))
			.assertNext((c) -> assertThat(c.content()).isEqualTo("a"))
			.then(() -> lines.next(": PING"))
			.thenAwait(Duration.ofSeconds(29))
			.then(() -> lines.next(chunk("b", null), ""))
			.assertNext((c) -> assertThat(c.content()).isEqualTo("b"))
			.thenAwait(Duration.ofSeconds(30))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(AiApiTimeoutException.class,
					(timeout) -> {
						assertThat(timeout.getPhase()).isEqualTo(AiApiTimeoutException.Phase.STREAM_IDLE);
						assertThat(timeout.getTimeout()).isEqualTo(Duration.ofSeconds(30));
					}))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void firstLineWaitsForTheReadTimeout() {
		TestPublisher<String> lines = TestPublisher.create();
		StepVerifier.withVirtualTime(() -> decode(lines.flux()))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(59))
			.then(() -> lines.next(chunk("late", "stop"), "", "data: [DONE]", "").complete())
			.assertNext((c) -> assertThat(c.content()).isEqualTo("late"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		StepVerifier.withVirtualTime(() -> decode(TestPublisher.<String>create().flux()))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(60))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(AiApiTimeoutException.class,
					(timeout) -> assertThat(timeout.getPhase()).isEqualTo(AiApiTimeoutException.Phase.READ)))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void theResponseIsReadToItsEndAfterDoneSoItsConnectionCanBeReused() {
		AtomicBoolean cancelled = new AtomicBoolean();
		Flux<String> lines = Flux.just(chunk("Hi", "stop"), "", "data: [DONE]", "", ": trailing comment",
				"data: {not json", "").doOnCancel(() -> cancelled.set(true));
		StepVerifier.create(decode(lines))
			.assertNext((c) -> assertThat(c.content()).isEqualTo("Hi"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		// what follows [DONE] is read and dropped, not parsed; a cancelled response would cost its connection
		assertThat(cancelled).isFalse();
	}

	@Test
	void aResponseLeftOpenAfterDoneCompletesAfterTheGrace() {
		TestPublisher<String> lines = TestPublisher.create();
		StepVerifier.withVirtualTime(() -> decode(lines.flux()))
			.expectSubscription()
			.then(() -> lines.next(chunk("Hi", "stop"), "", "data: [DONE]", ""))
			.assertNext((c) -> assertThat(c.content()).isEqualTo("Hi"))
			.expectNoEvent(EventStreamDecoder.DRAIN_GRACE.minusMillis(1))
			.thenAwait(EventStreamDecoder.DRAIN_GRACE.multipliedBy(2))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		lines.assertCancelled();
	}

	@Test
	void aFailureWhileDrainingAfterDoneIsNotTheCallersFailure() {
		Flux<String> lines = Flux.concat(Flux.just(chunk("Hi", "stop"), "", "data: [DONE]", ""),
				Flux.error(new IllegalStateException("connection reset")));
		StepVerifier.create(decode(lines))
			.assertNext((c) -> assertThat(c.content()).isEqualTo("Hi"))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

}
