package services.aiapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.util.Assert;

import services.aiapi.http.CallerThread;
import services.aiapi.http.ResponseCapture;
import services.aiapi.model.BillingSubscription;
import services.aiapi.model.BillingUsage;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.EmbeddingRequest;
import services.aiapi.model.EmbeddingResponse;
import services.aiapi.model.ModelList;
import services.aiapi.model.MultipartBody;
import services.aiapi.model.VideoTask;
import services.aiapi.model.VideoTaskRequest;
import services.aiapi.model.audio.SpeechRequest;
import services.aiapi.model.audio.Transcription;
import services.aiapi.model.audio.TranscriptionRequest;
import services.aiapi.model.images.ImageEditRequest;
import services.aiapi.model.images.ImageRequest;
import services.aiapi.model.moderation.ModerationRequest;
import services.aiapi.model.moderation.ModerationResponse;
import services.aiapi.model.moderation.RerankRequest;
import services.aiapi.model.moderation.RerankResponse;
import services.aiapi.model.images.ImageResponse;
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

	// set on the view withResponse(...) hands its function: where each call's response metadata is left
	private final @Nullable ResponseCapture capture;

	/**
	 * Create a template.
	 * @param reactive the reactive operations to delegate to
	 */
	public AiApiTemplate(ReactiveAiApiOperations reactive) {
		this(reactive, null);
	}

	private AiApiTemplate(ReactiveAiApiOperations reactive, @Nullable ResponseCapture capture) {
		Assert.notNull(reactive, "ReactiveAiApiOperations must not be null");
		this.reactive = reactive;
		this.capture = capture;
	}

	@Override
	public AiApiTemplate withOptions(AiApiCallOptions options) {
		return new AiApiTemplate(this.reactive.withOptions(options), this.capture);
	}

	@Override
	public <T> AiApiResponse<T> withResponse(Function<AiApiOperations, T> call) {
		Assert.notNull(call, "Call must not be null");
		ResponseCapture capture = new ResponseCapture();
		T value = call.apply(new AiApiTemplate(this.reactive, capture));
		return AiApiResponse.of(value, capture, Clock.systemUTC());
	}

	@Override
	public <T> Stream<T> withStreamResponse(Function<AiApiOperations, Stream<T>> call,
			Consumer<AiApiResponse<T>> onResponse) {
		Assert.notNull(call, "Call must not be null");
		Assert.notNull(onResponse, "Consumer must not be null");
		ResponseCapture capture = new ResponseCapture();
		AtomicBoolean first = new AtomicBoolean(true);
		return call.apply(new AiApiTemplate(this.reactive, capture)).peek((element) -> {
			if (first.compareAndSet(true, false)) {
				onResponse.accept(AiApiResponse.of(element, capture, Clock.systemUTC()));
			}
		});
	}

	// a single-answer call, on the calling thread where the connector can, with the view's capture if any
	private <T> T block(Mono<T> call) {
		return CallerThread.block(captured(call));
	}

	// a single-answer call that sends a body as it is read (an upload) or fetches from another host: on the event
	// loop, since the caller-thread transport writes a request body whole
	private <T> T blockOnEventLoop(Mono<T> call) {
		return captured(call).block();
	}

	// the call, with the view's capture in its context when withResponse(...) made the view
	private <T> Mono<T> captured(Mono<T> call) {
		ResponseCapture capture = this.capture;
		return (capture != null) ? call.contextWrite((context) -> context.put(ResponseCapture.KEY, capture)) : call;
	}

	private <T> Flux<T> captured(Flux<T> call) {
		ResponseCapture capture = this.capture;
		return (capture != null) ? call.contextWrite((context) -> context.put(ResponseCapture.KEY, capture)) : call;
	}

	// Spring's InputStream over buffers: it asks for a few ahead, releases what is left on close, and throws a
	// failure as it came (the typed exception)
	private InputStream inputStream(Flux<DataBuffer> buffers) {
		return DataBufferUtils.subscriberInputStream(captured(buffers), 4);
	}

	@Override
	public ChatCompletion chat(ChatCompletionRequest request) {
		return block(this.reactive.chat(request));
	}

	@Override
	public <T> T chat(ChatCompletionRequest request, Class<T> type) {
		return block(this.reactive.chat(request, type));
	}

	@Override
	public ChatCompletion chat(String prompt) {
		return block(this.reactive.chat(prompt));
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
		return block(this.reactive.createResponse(request));
	}

	@Override
	public <T> T createResponse(ResponseRequest request, Class<T> type) {
		return block(this.reactive.createResponse(request, type));
	}

	@Override
	public Stream<ResponseStreamEvent> createResponseStream(ResponseRequest request) {
		return blocking(this.reactive.createResponseStream(request));
	}

	@Override
	public MessageResponse createMessage(MessageRequest request) {
		return block(this.reactive.createMessage(request));
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
	public ImageResponse generateImage(ImageRequest request) {
		return block(this.reactive.generateImage(request));
	}

	@Override
	public ImageResponse editImage(ImageEditRequest request) {
		return blockOnEventLoop(this.reactive.editImage(request));
	}

	@Override
	public byte[] imageBytes(ImageResponse.Image image) {
		return blockOnEventLoop(this.reactive.imageBytes(image));
	}

	@Override
	public <T> T upload(String path, MultipartBody body, Class<T> responseType) {
		return blockOnEventLoop(this.reactive.upload(path, body, responseType));
	}

	@Override
	public InputStream download(HttpMethod method, String path, @Nullable Object body) {
		return inputStream(this.reactive.download(method, path, body));
	}

	@Override
	public ModerationResponse moderate(ModerationRequest request) {
		return block(this.reactive.moderate(request));
	}

	@Override
	public RerankResponse rerank(RerankRequest request) {
		return block(this.reactive.rerank(request));
	}

	@Override
	public InputStream speech(SpeechRequest request) {
		return inputStream(this.reactive.speech(request));
	}

	@Override
	public services.aiapi.model.tasks.TaskHandle submitTask(services.aiapi.model.tasks.TaskRequest request) {
		return block(this.reactive.submitTask(request));
	}

	@Override
	public services.aiapi.model.tasks.Task getTask(services.aiapi.model.tasks.TaskHandle handle) {
		return block(this.reactive.getTask(handle));
	}

	@Override
	public services.aiapi.model.tasks.Task awaitTask(services.aiapi.model.tasks.TaskHandle handle) {
		return awaitTask(handle, (task) -> {
		});
	}

	@Override
	public services.aiapi.model.tasks.Task awaitTask(services.aiapi.model.tasks.TaskHandle handle,
			java.util.function.Consumer<services.aiapi.model.tasks.Task> onUpdate) {
		org.springframework.util.Assert.notNull(onUpdate, "Consumer must not be null");
		// each update is handed to the waiting thread, in order; the wait ends with the finished task
		java.util.Iterator<services.aiapi.model.tasks.Task> updates = this.reactive.taskUpdates(handle)
			.toIterable(1)
			.iterator();
		services.aiapi.model.tasks.Task last = null;
		while (updates.hasNext()) {
			last = updates.next();
			onUpdate.accept(last);
		}
		if (last == null || last.state() != services.aiapi.model.TaskState.SUCCEEDED) {
			throw new services.aiapi.error.TaskFailedException(handle.id(),
					(last != null) ? String.valueOf(last.status()) : "unknown", null,
					(last != null) ? last.failureReason() : null);
		}
		return last;
	}

	@Override
	public long downloadTaskResult(services.aiapi.model.tasks.Task task, Path target) {
		return write(captured(this.reactive.downloadTaskResult(task)), target);
	}

	@Override
	public java.io.InputStream openTaskResult(services.aiapi.model.tasks.Task task) {
		return inputStream(this.reactive.downloadTaskResult(task));
	}

	@Override
	public long speech(SpeechRequest request, Path target) {
		return write(captured(this.reactive.speech(request)), target);
	}

	@Override
	public Transcription transcribe(TranscriptionRequest request) {
		return blockOnEventLoop(this.reactive.transcribe(request));
	}

	@Override
	public Transcription translate(TranscriptionRequest request) {
		return blockOnEventLoop(this.reactive.translate(request));
	}

	@Override
	public long download(HttpMethod method, String path, @Nullable Object body, Path target) {
		return write(captured(this.reactive.download(method, path, body)), target);
	}

	// written to a temporary sibling, then moved onto the target: the target is whole or unchanged
	private static long write(Flux<DataBuffer> buffers, Path target) {
		Assert.notNull(target, "Target must not be null");
		Path absolute = target.toAbsolutePath();
		Path directory = absolute.getParent();
		Path partial;
		try {
			partial = Files.createTempFile(directory, absolute.getFileName().toString(), ".part");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a file in " + directory, ex);
		}
		try {
			DataBufferUtils.write(buffers, partial,
					StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)
				.block();
			long size = Files.size(partial);
			Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return size;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + absolute, ex);
		}
		finally {
			try {
				Files.deleteIfExists(partial);
			}
			catch (IOException ex) {
				// best effort: the partial file is in the target's directory, named after it
			}
		}
	}

	@Override
	public ModelList listModels() {
		return block(this.reactive.listModels());
	}

	@Override
	public BillingSubscription getBillingSubscription() {
		return block(this.reactive.getBillingSubscription());
	}

	@Override
	public BillingUsage getBillingUsage() {
		return block(this.reactive.getBillingUsage());
	}

	@Override
	public EmbeddingResponse embed(EmbeddingRequest request) {
		return block(this.reactive.embed(request));
	}

	@Override
	public VideoTask submitVideoTask(VideoTaskRequest request) {
		return block(this.reactive.submitVideoTask(request));
	}

	@Override
	public VideoTask getVideoTask(String taskId) {
		return block(this.reactive.getVideoTask(taskId));
	}

	@Override
	public VideoTask awaitVideoTask(String taskId) {
		return block(this.reactive.awaitVideoTask(taskId));
	}

	@Override
	public VideoTask awaitVideoTask(String taskId, Duration pollInterval, Duration timeout) {
		return block(this.reactive.awaitVideoTask(taskId, pollInterval, timeout));
	}

	// Every element that came before an error is delivered before the error is thrown: Reactor's toStream() throws
	// as soon as the error arrives, dropping what it had queued (the last event before an error event, at random).
	// Closing the stream cancels the call.
	private <T> Stream<T> blocking(Flux<T> call) {
		return captured(call).materialize()
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
		return block(this.reactive.exchange(method, path, body, responseType));
	}

}
