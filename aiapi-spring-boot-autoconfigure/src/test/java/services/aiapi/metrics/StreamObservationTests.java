package services.aiapi.metrics;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.tck.TestObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import services.aiapi.http.AiApiOperation;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.Usage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream's observation, one subscriber between the stream and its caller: the first chunk reported once, the
 * usage of the usage chunk on success, one outcome whatever ends the stream.
 */
class StreamObservationTests {

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final ObservedCallInstrumentation instrumentation = new ObservedCallInstrumentation(this.registry,
			List.of(new AiApiCallListener() {
				@Override
				public void onSuccess(CallInfo call, Duration duration, @Nullable Usage usage) {
					StreamObservationTests.this.events.add("success " + ((usage != null) ? usage.totalTokens() : null));
				}

				@Override
				public void onError(CallInfo call, Duration duration, Throwable error) {
					StreamObservationTests.this.events.add("error " + error.getMessage());
				}

				@Override
				public void onFirstChunk(CallInfo call, Duration sinceStart) {
					StreamObservationTests.this.events.add("first");
				}
			}));

	private final CallInfo call = new CallInfo(AiApiOperation.CHAT_STREAM, "gpt-4o-mini", 2);

	private static ChatCompletionChunk chunk(@Nullable Usage usage) {
		return new ChatCompletionChunk("c", "chat.completion.chunk", 1L, "gpt-4o-mini", List.of(), usage);
	}

	@Test
	void aStreamReportsItsFirstChunkOnceAndItsUsageOnSuccess() {
		Usage usage = new Usage(3, 4, 7);
		StepVerifier.create(this.instrumentation.stream(this.call, Flux.just(chunk(null), chunk(null), chunk(usage)),
				ChatCompletionChunk::usage))
			.expectNextCount(3)
			.verifyComplete();
		assertThat(this.events).containsExactly("first", "success 7");
		assertThat(this.registry).hasSingleObservationThat().hasBeenStarted().hasBeenStopped();
	}

	@Test
	void anOpenStreamDoesNotHoldItsCallersRequest() throws InterruptedException {
		// measured: with the request kept for its whole life, each open stream held ~0.4 KB more (its messages)
		Object request = new Object();
		WeakReference<Object> held = new WeakReference<>(request);
		Sinks.Many<ChatCompletionChunk> chunks = Sinks.many().unicast().onBackpressureBuffer();
		List<ChatCompletionChunk> seen = new CopyOnWriteArrayList<>();
		Disposable open = this.instrumentation
			.stream(new CallInfo(AiApiOperation.CHAT_STREAM, "gpt-4o-mini", 2, "gpt-4o-mini", request),
					chunks.asFlux(), ChatCompletionChunk::usage)
			.subscribe(seen::add);
		request = null;
		chunks.tryEmitNext(chunk(null));
		for (int i = 0; i < 50 && held.get() != null; i++) {
			System.gc();
			Thread.sleep(20);
		}
		assertThat(held.get()).as("the caller's request, while the stream is open").isNull();
		assertThat(seen).hasSize(1);
		assertThat(open.isDisposed()).isFalse();
		chunks.tryEmitComplete();
		assertThat(this.events).containsExactly("first", "success null");
	}

	@Test
	void aStreamThatReportsItsUsageInPartsIsRecordedWhole() {
		// the Messages API reports the input tokens at the start and the output tokens at the end
		StepVerifier
			.create(this.instrumentation.stream(this.call,
					Flux.just(chunk(new Usage(12, 1, null)), chunk(null), chunk(new Usage(null, 30, null))),
					ChatCompletionChunk::usage))
			.expectNextCount(3)
			.verifyComplete();
		assertThat(this.events).containsExactly("first", "success 42");
	}

	@Test
	void aFailedStreamReportsOneError() {
		StepVerifier
			.create(this.instrumentation.stream(this.call,
					Flux.just(chunk(null)).concatWith(Flux.error(new IllegalStateException("cut"))),
					ChatCompletionChunk::usage))
			.expectNextCount(1)
			.verifyErrorMessage("cut");
		assertThat(this.events).containsExactly("first", "error cut");
		assertThat(this.registry).hasSingleObservationThat().hasBeenStopped();
	}

	@Test
	void aCancelledStreamEndsItsObservationWithoutSuccessOrError() {
		StepVerifier.create(this.instrumentation.stream(this.call,
				Flux.just(chunk(null), chunk(null)).concatWith(Flux.never()), ChatCompletionChunk::usage))
			.expectNextCount(2)
			.thenCancel()
			.verify();
		assertThat(this.events).containsExactly("first");
		assertThat(this.registry).hasSingleObservationThat().hasBeenStopped();
	}

	@Test
	void theStreamSeesItsObservationInTheContext() {
		StepVerifier.create(this.instrumentation.stream(this.call, Flux.deferContextual((context) -> Flux.just(chunk(
				new Usage(context.hasKey(io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor.KEY)
						? 1 : 0, 0, 0)))), ChatCompletionChunk::usage))
			.assertNext((chunk) -> assertThat(chunk.usage().promptTokens()).isEqualTo(1))
			.verifyComplete();
	}

}
