package services.aiapi;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.util.Assert;

import services.aiapi.http.CallerThread;
import services.aiapi.model.BillingSubscription;
import services.aiapi.model.BillingUsage;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.EmbeddingRequest;
import services.aiapi.model.EmbeddingResponse;
import services.aiapi.model.ModelList;
import services.aiapi.model.VideoTask;
import services.aiapi.model.VideoTaskRequest;
import services.aiapi.model.messages.MessageRequest;
import services.aiapi.model.messages.MessageResponse;
import services.aiapi.model.messages.MessageStreamEvent;
import services.aiapi.model.responses.Response;
import services.aiapi.model.responses.ResponseRequest;
import services.aiapi.model.responses.ResponseStreamEvent;

/**
 * Blocking client of the aiapi.services gateway, delegating to a {@link ReactiveAiApiOperations}. Every call
 * ends: the reactive pipeline beneath applies the read, stream-idle and task timeouts. A single-answer call is
 * made {@linkplain CallerThread on the calling thread} where the connector can (the starter's can, with
 * {@code aiapi.blocking-transport=caller-thread}): no hand-off to an event loop and back.
 */
public class AiApiTemplate implements AiApiOperations {

	private final ReactiveAiApiOperations reactive;

	/**
	 * Create a template.
	 * @param reactive the reactive operations to delegate to
	 */
	public AiApiTemplate(ReactiveAiApiOperations reactive) {
		Assert.notNull(reactive, "ReactiveAiApiOperations must not be null");
		this.reactive = reactive;
	}

	@Override
	public ChatCompletion chat(ChatCompletionRequest request) {
		return CallerThread.block(this.reactive.chat(request));
	}

	@Override
	public <T> T chat(ChatCompletionRequest request, Class<T> type) {
		return CallerThread.block(this.reactive.chat(request, type));
	}

	@Override
	public ChatCompletion chat(String prompt) {
		return CallerThread.block(this.reactive.chat(prompt));
	}

	@Override
	public Stream<ChatCompletionChunk> chatStream(ChatCompletionRequest request) {
		return blocking(this.reactive.chatStream(request));
	}

	@Override
	public void chatStream(ChatCompletionRequest request, Consumer<ChatCompletionChunk> onChunk) {
		Assert.notNull(onChunk, "Consumer must not be null");
		try (Stream<ChatCompletionChunk> chunks = chatStream(request)) {
			chunks.forEach(onChunk);
		}
	}

	@Override
	public Response createResponse(ResponseRequest request) {
		return CallerThread.block(this.reactive.createResponse(request));
	}

	@Override
	public <T> T createResponse(ResponseRequest request, Class<T> type) {
		return CallerThread.block(this.reactive.createResponse(request, type));
	}

	@Override
	public Stream<ResponseStreamEvent> createResponseStream(ResponseRequest request) {
		return blocking(this.reactive.createResponseStream(request));
	}

	@Override
	public MessageResponse createMessage(MessageRequest request) {
		return CallerThread.block(this.reactive.createMessage(request));
	}

	@Override
	public Stream<MessageStreamEvent> createMessageStream(MessageRequest request) {
		return blocking(this.reactive.createMessageStream(request));
	}

	@Override
	public <T> Stream<ServerSentEvent<T>> stream(HttpMethod method, String path, @Nullable Object body,
			Class<T> eventType) {
		return blocking(this.reactive.stream(method, path, body, eventType));
	}

	@Override
	public ModelList listModels() {
		return CallerThread.block(this.reactive.listModels());
	}

	@Override
	public BillingSubscription getBillingSubscription() {
		return CallerThread.block(this.reactive.getBillingSubscription());
	}

	@Override
	public BillingUsage getBillingUsage() {
		return CallerThread.block(this.reactive.getBillingUsage());
	}

	@Override
	public EmbeddingResponse embed(EmbeddingRequest request) {
		return CallerThread.block(this.reactive.embed(request));
	}

	@Override
	public VideoTask submitVideoTask(VideoTaskRequest request) {
		return CallerThread.block(this.reactive.submitVideoTask(request));
	}

	@Override
	public VideoTask getVideoTask(String taskId) {
		return CallerThread.block(this.reactive.getVideoTask(taskId));
	}

	@Override
	public VideoTask awaitVideoTask(String taskId) {
		return CallerThread.block(this.reactive.awaitVideoTask(taskId));
	}

	@Override
	public VideoTask awaitVideoTask(String taskId, Duration pollInterval, Duration timeout) {
		return CallerThread.block(this.reactive.awaitVideoTask(taskId, pollInterval, timeout));
	}

	// Every element that came before an error is delivered before the error is thrown: Reactor's toStream() throws
	// as soon as the error arrives, dropping what it had queued (the last event before an error event, at random).
	// Closing the stream cancels the call.
	private static <T> Stream<T> blocking(Flux<T> flux) {
		return flux.materialize()
			.toStream(1)
			.takeWhile((signal) -> !signal.isOnComplete())
			.map((signal) -> {
				if (signal.isOnError()) {
					throw Exceptions.propagate(signal.getThrowable());
				}
				return signal.get();
			});
	}

	@Override
	public <T> @Nullable T exchange(HttpMethod method, String path, @Nullable Object body, Class<T> responseType) {
		return CallerThread.block(this.reactive.exchange(method, path, body, responseType));
	}

}
