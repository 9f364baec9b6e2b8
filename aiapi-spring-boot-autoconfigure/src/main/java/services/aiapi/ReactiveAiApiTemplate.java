package services.aiapi;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;

import services.aiapi.error.AiApiErrorTranslator;
import services.aiapi.error.RateLimitExceededException;
import services.aiapi.error.RequestValidationException;
import services.aiapi.error.TaskFailedException;
import services.aiapi.error.TaskTimeoutException;
import services.aiapi.http.AiApiOperation;
import services.aiapi.http.CallPipeline;
import services.aiapi.http.EventDialect;
import services.aiapi.http.ResponseCapture;
import services.aiapi.http.TaskBody;
import services.aiapi.metrics.AiApiCallInstrumentation;
import services.aiapi.metrics.CallInfo;
import services.aiapi.model.BillingSubscription;
import services.aiapi.model.BillingUsage;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.EmbeddingRequest;
import services.aiapi.model.EmbeddingResponse;
import services.aiapi.model.ModelList;
import services.aiapi.model.MultipartBody;
import services.aiapi.model.TaskState;
import services.aiapi.model.Usage;
import services.aiapi.model.VideoTask;
import services.aiapi.model.VideoTaskRequest;
import services.aiapi.model.tasks.Task;
import services.aiapi.model.tasks.TaskHandle;
import services.aiapi.model.tasks.TaskJson;
import services.aiapi.model.tasks.TaskRequest;
import services.aiapi.tasks.TaskTracker;
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
import services.aiapi.model.messages.ContentBlock;
import services.aiapi.model.messages.MessageParam;
import services.aiapi.model.messages.MessageRequest;
import services.aiapi.model.messages.MessageResponse;
import services.aiapi.model.messages.MessageStreamEvent;
import services.aiapi.model.responses.Response;
import services.aiapi.model.responses.ResponseInputItem;
import services.aiapi.model.responses.ResponseRequest;
import services.aiapi.model.responses.ResponseStreamEvent;
import services.aiapi.resilience.AiApiResilience;

/**
 * Reactive client of the aiapi.services gateway. Each call is one pipeline ({@link CallPipeline}): the request is
 * checked against the documented parameter rules before anything is sent; the starter's retry, rate limiter and
 * per-model circuit breaker wrap the whole logical call (request, status and body), so an error found in a 200 body
 * is retried and counted like one in the status line; one response reader decides success or error; and
 * {@code aiapi.timeout} bounds the whole call, all attempts and waits included (for a stream, until its first
 * chunk). Build it with {@link AiApiClientBuilder}.
 */
public class ReactiveAiApiTemplate implements ReactiveAiApiOperations {

	static final String CHAT_PATH = "/v1/chat/completions";

	static final String MODELS_PATH = "/v1/models";

	static final String EMBEDDINGS_PATH = "/v1/embeddings";

	static final String VIDEOS_PATH = "/v1/videos";

	static final String BILLING_SUBSCRIPTION_PATH = "/v1/dashboard/billing/subscription";

	static final String BILLING_USAGE_PATH = "/v1/dashboard/billing/usage";

	static final String RESPONSES_PATH = "/v1/responses";

	static final String MESSAGES_PATH = "/v1/messages";

	static final String IMAGES_PATH = "/v1/images/generations";

	static final String IMAGE_EDITS_PATH = "/v1/images/edits";

	static final String SPEECH_PATH = "/v1/audio/speech";

	static final String MODERATIONS_PATH = "/v1/moderations";

	static final String RERANK_PATH = "/v1/rerank";

	static final String TRANSCRIPTIONS_PATH = "/v1/audio/transcriptions";

	static final String TRANSLATIONS_PATH = "/v1/audio/translations";

	private static final Set<String> FIXED_PATHS = Set.of(CHAT_PATH, MODELS_PATH, EMBEDDINGS_PATH, VIDEOS_PATH,
			BILLING_SUBSCRIPTION_PATH, BILLING_USAGE_PATH, RESPONSES_PATH, MESSAGES_PATH, IMAGES_PATH, IMAGE_EDITS_PATH, SPEECH_PATH, TRANSCRIPTIONS_PATH, TRANSLATIONS_PATH, MODERATIONS_PATH, RERANK_PATH);

	private final CallPipeline pipeline;

	private final StructuredOutput structured;

	private final AiApiClientSettings settings;

	private final EventDialect<ResponseStreamEvent> responseEvents;

	private final EventDialect<MessageStreamEvent> messageEvents;

	private final AiApiCallOptions options;

	private final Clock clock;

	private final TaskTracker tasks;

	/**
	 * Create a template; {@link AiApiClientBuilder} assembles the arguments.
	 * @param webClient the gateway client, with the starter's authentication
	 * @param translator the error translator
	 * @param settings defaults and timeouts
	 * @param instrumentation what observes each logical call
	 * @param resilience the retry, rate limiter and circuit breakers around each logical call
	 */
	public ReactiveAiApiTemplate(WebClient webClient, AiApiErrorTranslator translator, AiApiClientSettings settings,
			AiApiCallInstrumentation instrumentation, AiApiResilience resilience) {
		this.pipeline = new CallPipeline(webClient, translator, settings, instrumentation, resilience,
				ReactiveAiApiTemplate::resolve, FIXED_PATHS);
		this.settings = settings;
		this.structured = new StructuredOutput(this.pipeline.mapper());
		this.responseEvents = EventDialect.responses(this.pipeline.mapper());
		this.messageEvents = EventDialect.messages(this.pipeline.mapper());
		this.options = AiApiCallOptions.NONE;
		this.clock = resilience.clock();
		this.tasks = resilience.getTaskTracker();
	}

	private ReactiveAiApiTemplate(ReactiveAiApiTemplate template, AiApiCallOptions options) {
		this.pipeline = template.pipeline;
		this.settings = template.settings;
		this.structured = template.structured;
		this.responseEvents = template.responseEvents;
		this.messageEvents = template.messageEvents;
		this.clock = template.clock;
		this.tasks = template.tasks;
		this.options = options;
	}

	/**
	 * {@inheritDoc}
	 * <p>The view shares this template's connections, limiter, breakers and metrics.
	 */
	@Override
	public ReactiveAiApiTemplate withOptions(AiApiCallOptions options) {
		Assert.notNull(options, "Options must not be null");
		return new ReactiveAiApiTemplate(this, options);
	}

	@Override
	public <T> Flux<T> withStreamResponse(Function<ReactiveAiApiOperations, Flux<T>> call,
			Consumer<AiApiResponse<T>> onResponse) {
		Assert.notNull(call, "Call must not be null");
		Assert.notNull(onResponse, "Consumer must not be null");
		return Flux.defer(() -> {
			ResponseCapture capture = new ResponseCapture();
			AtomicBoolean first = new AtomicBoolean(true);
			return call.apply(this).doOnNext((element) -> {
				if (first.compareAndSet(true, false)) {
					onResponse.accept(AiApiResponse.of(element, capture, this.clock));
				}
			}).contextWrite((context) -> context.put(ResponseCapture.KEY, capture));
		});
	}

	@Override
	public <T> Mono<AiApiResponse<T>> withResponse(Function<ReactiveAiApiOperations, Mono<T>> call) {
		Assert.notNull(call, "Call must not be null");
		return Mono.defer(() -> {
			ResponseCapture capture = new ResponseCapture();
			return call.apply(this)
				.map((value) -> AiApiResponse.of(value, capture, this.clock))
				.contextWrite((context) -> context.put(ResponseCapture.KEY, capture));
		});
	}

	@Override
	public Mono<ChatCompletion> chat(ChatCompletionRequest request) {
		Assert.notNull(request, "Request must not be null");
		ChatCompletionRequest prepared = withDefaultModel(request).asSingle();
		return call(AiApiOperation.CHAT, prepared.model(), promptLength(prepared),
				() -> RequestValidator.validate(prepared), HttpMethod.POST, CHAT_PATH, prepared, ChatCompletion.class,
				ChatCompletion::usage);
	}

	@Override
	public <T> Mono<T> chat(ChatCompletionRequest request, Class<T> type) {
		Assert.notNull(request, "Request must not be null");
		Assert.notNull(type, "Type must not be null");
		return chat(StructuredOutput.request(request, type)).map((completion) -> this.structured.read(completion, type));
	}

	@Override
	public Mono<ChatCompletion> chat(String prompt) {
		Assert.notNull(prompt, "Prompt must not be null");
		return chat(ChatCompletionRequest.ofUser(prompt).build());
	}

	@Override
	public Flux<ChatCompletionChunk> chatStream(ChatCompletionRequest request) {
		Assert.notNull(request, "Request must not be null");
		ChatCompletionRequest prepared = withDefaultModel(request).asStream();
		AiApiOperation operation = AiApiOperation.CHAT_STREAM;
		return this.pipeline.chatStream(callInfo(operation, prepared.model(), promptLength(prepared), prepared),
				prepared.model(),
				() -> RequestValidator.validate(prepared), CHAT_PATH, prepared, this.options);
	}

	@Override
	public Mono<Response> createResponse(ResponseRequest request) {
		Assert.notNull(request, "Request must not be null");
		ResponseRequest prepared = withDefaultModel(request).withStream(false);
		return call(AiApiOperation.RESPONSES, prepared.model(), inputLength(prepared),
				() -> RequestValidator.validate(prepared), HttpMethod.POST, RESPONSES_PATH, prepared, Response.class,
				(response) -> (response.usage() != null) ? response.usage().toUsage() : null);
	}

	@Override
	public <T> Mono<T> createResponse(ResponseRequest request, Class<T> type) {
		Assert.notNull(request, "Request must not be null");
		Assert.notNull(type, "Type must not be null");
		return createResponse(StructuredOutput.request(request, type))
			.map((response) -> this.structured.read(response, type));
	}

	@Override
	public Flux<ResponseStreamEvent> createResponseStream(ResponseRequest request) {
		Assert.notNull(request, "Request must not be null");
		ResponseRequest prepared = withDefaultModel(request).withStream(true);
		AiApiOperation operation = AiApiOperation.RESPONSES_STREAM;
		return this.pipeline
			.events(callInfo(operation, prepared.model(), inputLength(prepared), prepared), operation, prepared.model(),
					() -> RequestValidator.validate(prepared), HttpMethod.POST, RESPONSES_PATH, prepared,
					this.responseEvents, this.options)
			.map(ServerSentEvent::data);
	}

	@Override
	public Mono<MessageResponse> createMessage(MessageRequest request) {
		Assert.notNull(request, "Request must not be null");
		MessageRequest prepared = withDefaultModel(request).withStream(false);
		return call(AiApiOperation.MESSAGES, prepared.model(), inputLength(prepared),
				() -> RequestValidator.validate(prepared), HttpMethod.POST, MESSAGES_PATH, prepared,
				MessageResponse.class, (message) -> (message.usage() != null) ? message.usage().toUsage() : null);
	}

	@Override
	public Flux<MessageStreamEvent> createMessageStream(MessageRequest request) {
		Assert.notNull(request, "Request must not be null");
		MessageRequest prepared = withDefaultModel(request).withStream(true);
		AiApiOperation operation = AiApiOperation.MESSAGES_STREAM;
		return this.pipeline
			.events(callInfo(operation, prepared.model(), inputLength(prepared), prepared), operation, prepared.model(),
					() -> RequestValidator.validate(prepared), HttpMethod.POST, MESSAGES_PATH, prepared,
					this.messageEvents, this.options)
			.map(ServerSentEvent::data);
	}

	/**
	 * {@inheritDoc}
	 * <p>The path is checked as {@link #exchange} checks it: literal, relative, never another host.
	 */
	@Override
	public <T> Flux<ServerSentEvent<T>> stream(HttpMethod method, String path, @Nullable Object body,
			Class<T> eventType) {
		Assert.notNull(method, "Method must not be null");
		Assert.hasText(path, "Path must not be empty");
		Assert.notNull(eventType, "Event type must not be null");
		AiApiOperation operation = AiApiOperation.EXCHANGE_STREAM;
		return this.pipeline.events(callInfo(operation, null, 0), operation, null,
				() -> RequestValidator.requireRelativePath(path), method, path, body, EventDialect.of(eventType),
				this.options);
	}

	@Override
	public Mono<ImageResponse> generateImage(ImageRequest request) {
		Assert.notNull(request, "Request must not be null");
		int length = (request.prompt() != null) ? request.prompt().length() : 0;
		return call(AiApiOperation.IMAGES, request.model(), length, () -> RequestValidator.validate(request),
				HttpMethod.POST, IMAGES_PATH, request, ImageResponse.class, ReactiveAiApiTemplate::imageUsage);
	}

	@Override
	public Mono<ImageResponse> editImage(ImageEditRequest request) {
		Assert.notNull(request, "Request must not be null");
		int length = (request.prompt() != null) ? request.prompt().length() : 0;
		return this.pipeline.upload(callInfo(AiApiOperation.IMAGES, request.model(), length), AiApiOperation.IMAGES,
				request.model(), () -> RequestValidator.validate(request), IMAGE_EDITS_PATH, request.toMultipart(),
				ImageResponse.class, ReactiveAiApiTemplate::imageUsage, this.options);
	}

	@Override
	public Mono<byte[]> imageBytes(ImageResponse.Image image) {
		Assert.notNull(image, "Image must not be null");
		if (image.isInline()) {
			return Mono.fromCallable(image::bytes);
		}
		return Mono.defer(() -> {
			URI uri;
			try {
				uri = (image.url() != null) ? URI.create(image.url()) : null;
			}
			catch (IllegalArgumentException ex) {
				uri = null;
			}
			if (uri == null || uri.getHost() == null
					|| !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
				return Mono.error(new RequestValidationException("url", "The image has no http(s) URL to fetch"));
			}
			return this.pipeline.fetchWithoutKey(uri, this.pipeline.maxResponseSize(this.options));
		});
	}

	@Override
	public Mono<ModerationResponse> moderate(ModerationRequest request) {
		Assert.notNull(request, "Request must not be null");
		return call(AiApiOperation.MODERATION, request.model(), 0, () -> {
		}, HttpMethod.POST, MODERATIONS_PATH, request, ModerationResponse.class, (verdict) -> null);
	}

	@Override
	public Mono<RerankResponse> rerank(RerankRequest request) {
		Assert.notNull(request, "Request must not be null");
		return call(AiApiOperation.RERANK, request.model(), request.query().length(),
				() -> RequestValidator.validate(request), HttpMethod.POST, RERANK_PATH, request, RerankResponse.class,
				RerankResponse::usage);
	}

	@Override
	public Flux<DataBuffer> speech(SpeechRequest request) {
		Assert.notNull(request, "Request must not be null");
		int length = (request.input() != null) ? request.input().length() : 0;
		return this.pipeline.download(callInfo(AiApiOperation.SPEECH, request.model(), length), AiApiOperation.SPEECH,
				() -> RequestValidator.validate(request), HttpMethod.POST, SPEECH_PATH, request, this.options);
	}

	@Override
	public Mono<Transcription> transcribe(TranscriptionRequest request) {
		return transcription(TRANSCRIPTIONS_PATH, request);
	}

	@Override
	public Mono<Transcription> translate(TranscriptionRequest request) {
		return transcription(TRANSLATIONS_PATH, request);
	}

	private Mono<Transcription> transcription(String path, TranscriptionRequest request) {
		Assert.notNull(request, "Request must not be null");
		CallInfo info = callInfo(AiApiOperation.TRANSCRIPTION, request.model(), 0);
		Runnable validation = () -> RequestValidator.validate(request);
		if (request.isTextAnswer()) {
			return this.pipeline
				.upload(info, AiApiOperation.TRANSCRIPTION, request.model(), validation, path, request.toMultipart(),
						String.class, (text) -> null, this.options)
				.map(Transcription::ofText);
		}
		return this.pipeline.upload(info, AiApiOperation.TRANSCRIPTION, request.model(), validation, path,
				request.toMultipart(), Transcription.class, (text) -> null, this.options);
	}

	@Override
	public <T> Mono<T> upload(String path, MultipartBody body, Class<T> responseType) {
		Assert.hasText(path, "Path must not be empty");
		Assert.notNull(body, "Body must not be null");
		Assert.notNull(responseType, "Response type must not be null");
		AiApiOperation raw = AiApiOperation.of(HttpMethod.POST, path);
		AiApiOperation operation = raw.isBillableOnSubmit() ? raw : AiApiOperation.UPLOAD;
		return this.pipeline.upload(callInfo(AiApiOperation.UPLOAD, null, 0), operation, null,
				() -> RequestValidator.requireRelativePath(path), path, body, responseType, (answer) -> null,
				this.options);
	}

	@Override
	public Flux<DataBuffer> download(HttpMethod method, String path, @Nullable Object body) {
		Assert.notNull(method, "Method must not be null");
		Assert.hasText(path, "Path must not be empty");
		AiApiOperation raw = AiApiOperation.of(method, path);
		AiApiOperation operation = raw.isBillableOnSubmit() ? raw : AiApiOperation.DOWNLOAD;
		return this.pipeline.download(callInfo(AiApiOperation.DOWNLOAD, null, 0), operation,
				() -> RequestValidator.requireRelativePath(path), method, path, body, this.options);
	}

	@Override
	public Mono<ModelList> listModels() {
		return call(AiApiOperation.MODELS, null, 0, () -> {
		}, HttpMethod.GET, MODELS_PATH, null, ModelList.class, (models) -> null);
	}

	@Override
	public Mono<BillingSubscription> getBillingSubscription() {
		return call(AiApiOperation.BILLING, null, 0, () -> {
		}, HttpMethod.GET, BILLING_SUBSCRIPTION_PATH, null, BillingSubscription.class, (subscription) -> null);
	}

	@Override
	public Mono<BillingUsage> getBillingUsage() {
		return call(AiApiOperation.BILLING, null, 0, () -> {
		}, HttpMethod.GET, BILLING_USAGE_PATH, null, BillingUsage.class, (usage) -> null);
	}

	@Override
	public Mono<EmbeddingResponse> embed(EmbeddingRequest request) {
		Assert.notNull(request, "Request must not be null");
		EmbeddingRequest prepared = (request.model() == null && this.settings.defaultEmbeddingModel() != null)
				? request.withModel(this.settings.defaultEmbeddingModel()) : request;
		int length = (prepared.input() != null)
				? prepared.input().stream().mapToInt((input) -> (input != null) ? input.length() : 0).sum() : 0;
		return call(AiApiOperation.EMBEDDINGS, prepared.model(), length, () -> RequestValidator.validate(prepared),
				HttpMethod.POST, EMBEDDINGS_PATH, prepared, EmbeddingResponse.class, EmbeddingResponse::usage);
	}

	@Override
	public Mono<VideoTask> submitVideoTask(VideoTaskRequest request) {
		Assert.notNull(request, "Request must not be null");
		int length = (request.prompt() != null) ? request.prompt().length() : 0;
		return call(AiApiOperation.VIDEO_SUBMIT, request.model(), length, () -> RequestValidator.validate(request),
				HttpMethod.POST, VIDEOS_PATH, request, VideoTask.class, (task) -> null);
	}

	@Override
	public Mono<VideoTask> getVideoTask(String taskId) {
		return call(AiApiOperation.VIDEO_GET, null, 0, () -> RequestValidator.requireTaskId(taskId), HttpMethod.GET,
				VIDEOS_PATH + "/" + taskId, null, VideoTask.class, (task) -> null);
	}

	@Override
	public Mono<VideoTask> awaitVideoTask(String taskId) {
		return awaitVideoTask(taskId, this.settings.taskPollInterval(), this.settings.taskAwaitTimeout());
	}

	@Override
	public Mono<VideoTask> awaitVideoTask(String taskId, Duration pollInterval, Duration timeout) {
		Assert.isTrue(pollInterval != null && pollInterval.toMillis() > 0, "Poll interval must be positive");
		Assert.isTrue(timeout != null && timeout.toMillis() > 0, "Timeout must be positive");
		return Mono.defer(() -> {
			AtomicReference<VideoTask> last = new AtomicReference<>();
			return getVideoTask(taskId).doOnNext(last::set)
				.expand((task) -> task.state().isTerminal() ? Mono.empty()
						: Mono.delay(pollInterval, Schedulers.parallel())
							.then(getVideoTask(taskId))
							.doOnNext(last::set))
				.filter((task) -> task.state().isTerminal())
				.next()
				.timeout(timeout, Schedulers.parallel())
				.onErrorMap(TimeoutException.class, (ex) -> new TaskTimeoutException(taskId,
						(last.get() != null && last.get().status() != null) ? last.get().status() : "unknown", timeout))
				.flatMap((task) -> (task.state() == TaskState.FAILED || task.state() == TaskState.CANCELLED)
						? Mono.error(new TaskFailedException(taskId, String.valueOf(task.status()),
								(task.error() != null) ? task.error().code() : null, task.failureMessage()))
						: Mono.just(task));
		});
	}

	@Override
	public Mono<TaskHandle> submitTask(TaskRequest request) {
		Assert.notNull(request, "Request must not be null");
		return call(AiApiOperation.VIDEO_SUBMIT, request.model(), request.promptLength(), request::validate,
				HttpMethod.POST, request.path(), request.body(), TaskBody.class, (body) -> null)
			.map((body) -> {
				TaskHandle handle = TaskJson.handle(request.family(), request.model(), body.tree(), this.clock.instant());
				if (handle == null) {
					// accepted (and charged) but unnamed: what came is kept in the message, to look the task up
					throw new TaskFailedException("(none)", "no task id", null,
							"the gateway accepted the submission but its answer names no task id: "
									+ abbreviate(body.tree().toString()));
				}
				this.tasks.submitted(handle);
				return handle;
			});
	}

	@Override
	public Mono<Task> getTask(TaskHandle handle) {
		Assert.notNull(handle, "Handle must not be null");
		return call(AiApiOperation.VIDEO_GET, null, 0, () -> RequestValidator.requireTaskId(handle.id()),
				HttpMethod.GET, handle.family().fetchPath(handle.id()), null, TaskBody.class, (body) -> null)
			.map((body) -> TaskJson.task(handle, body.tree()));
	}

	@Override
	public Flux<Task> taskUpdates(TaskHandle handle) {
		Assert.notNull(handle, "Handle must not be null");
		Duration interval = this.settings.taskPollInterval();
		Duration longest = Duration.ofMillis(Math.max(interval.toMillis(),
				Math.min(interval.toMillis() * 6, Duration.ofMinutes(1).toMillis())));
		Duration timeout = this.settings.taskAwaitTimeout();
		return Flux.defer(() -> {
			AtomicReference<@Nullable Task> last = new AtomicReference<>();
			java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
			Mono<Task> poll = poll(handle).doOnNext((task) -> this.tasks.polled(task));
			return poll
				.expand((task) -> task.isDone() ? Mono.empty()
						: Mono.delay(backoff(interval, longest, polls.incrementAndGet()), Schedulers.parallel())
							.then(poll))
				.filter((task) -> task.differsFrom(last.getAndSet(task)))
				.takeUntil(Task::isDone)
				.timeout(timeout, Schedulers.parallel())
				.onErrorMap(TimeoutException.class, (ex) -> new TaskTimeoutException(handle.id(),
						(last.get() != null && last.get().status() != null) ? last.get().status() : "unknown", timeout))
				.doOnSubscribe((subscription) -> this.tasks.awaiting(handle))
				.doFinally((signal) -> this.tasks.stopped(handle, last.get()));
		});
	}

	// one poll; a 429 whose wait was longer than the call's retry waits its Retry-After here and polls again
	private Mono<Task> poll(TaskHandle handle) {
		return getTask(handle).onErrorResume(RateLimitExceededException.class,
				(ex) -> Mono.delay(ex.getRetryAfter().orElse(this.settings.taskPollInterval()), Schedulers.parallel())
					.then(Mono.defer(() -> poll(handle))));
	}

	private static Duration backoff(Duration interval, Duration longest, int poll) {
		double millis = interval.toMillis() * Math.pow(1.5, Math.min(poll - 1, 20));
		return Duration.ofMillis((long) Math.min(millis, longest.toMillis()));
	}

	@Override
	public Mono<Task> awaitTask(TaskHandle handle) {
		return taskUpdates(handle).last().flatMap((task) -> (task.state() == TaskState.SUCCEEDED) ? Mono.just(task)
				: Mono.error(new TaskFailedException(handle.id(), String.valueOf(task.status()), null,
						task.failureReason())));
	}

	@Override
	public Flux<DataBuffer> downloadTaskResult(Task task) {
		Assert.notNull(task, "Task must not be null");
		String content = task.handle().family().contentPath(task.handle().id());
		if (content != null) {
			// OpenAI's content route serves the video itself, with the key
			return download(HttpMethod.GET, content, null);
		}
		if (task.resultUrls().isEmpty()) {
			return Flux.error(new RequestValidationException("task",
					"task " + task.handle().id() + " has no result to download (" + task.state() + ")"));
		}
		String url = task.resultUrls().get(0);
		if (url.startsWith("/")) {
			return download(HttpMethod.GET, url, null);
		}
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			return Flux.error(new RequestValidationException("url", "the task's result URL is not a URL"));
		}
		if (this.pipeline.isGateway(uri)) {
			// the gateway's own proxy of the result: with the key, like any route
			return download(HttpMethod.GET, uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : ""),
					null);
		}
		// another host (a provider's CDN): never the key
		return this.pipeline.downloadWithoutKey(uri, (this.options.maxResponseSize() != null)
				? this.options.maxResponseSize().toBytes() : this.settings.maxResponseSize());
	}

	private static String abbreviate(String text) {
		return (text.length() > 500) ? text.substring(0, 500) + "…" : text;
	}

	/**
	 * {@inheritDoc}
	 * <p>The path is taken literally, relative to {@code aiapi.base-url}: braces are not URI template variables,
	 * characters not allowed in a URI are percent-encoded, and an absolute URI, or a path that would leave the
	 * gateway's host, is refused with a {@link RequestValidationException} before anything is sent (the API key
	 * goes to the gateway only). A {@code POST} to a task-submission path is billable on submit and is not retried
	 * once it may have reached the gateway. {@code byte[]} is the one raw response type; any other, {@code String}
	 * included, fails typed when a 200 body is a gateway error.
	 */
	@Override
	public <T> Mono<T> exchange(HttpMethod method, String path, @Nullable Object body, Class<T> responseType) {
		Assert.notNull(method, "Method must not be null");
		Assert.hasText(path, "Path must not be empty");
		Assert.notNull(responseType, "Response type must not be null");
		return call(AiApiOperation.of(method, path), AiApiOperation.EXCHANGE, null, 0,
				() -> RequestValidator.requireRelativePath(path), method, path, body, responseType, (result) -> null);
	}

	private static int promptLength(ChatCompletionRequest request) {
		if (request.messages() == null) {
			return 0;
		}
		int length = 0;
		for (var message : request.messages()) {
			if (message != null && message.content() != null) {
				length += message.content().length();
			}
			if (message != null && message.toolCalls() != null) {
				for (var call : message.toolCalls()) {
					length += (call != null && call.arguments() != null) ? call.arguments().length() : 0;
				}
			}
		}
		return length;
	}

	private static @Nullable Usage imageUsage(ImageResponse images) {
		return (images.usage() != null) ? images.usage().toUsage() : null;
	}

	// characters of input text sent (never the text itself), for the call's log line
	private static int inputLength(ResponseRequest request) {
		int length = (request.instructions() != null) ? request.instructions().length() : 0;
		if (request.input() instanceof String text) {
			return length + text.length();
		}
		if (request.input() instanceof List<?> items) {
			for (Object item : items) {
				if (item instanceof ResponseInputItem input) {
					length += (input.content() instanceof String text) ? text.length() : 0;
					length += (input.output() != null) ? input.output().length() : 0;
					length += (input.arguments() != null) ? input.arguments().length() : 0;
				}
			}
		}
		return length;
	}

	private static int inputLength(MessageRequest request) {
		int length = (request.system() instanceof String text) ? text.length() : 0;
		if (request.messages() != null) {
			for (MessageParam message : request.messages()) {
				for (ContentBlock block : message.content()) {
					length += (block != null && block.text() != null) ? block.text().length() : 0;
					length += (block != null && block.content() instanceof String text) ? text.length() : 0;
				}
			}
		}
		return length;
	}

	private ResponseRequest withDefaultModel(ResponseRequest request) {
		return (request.model() == null && this.settings.defaultModel() != null)
				? request.withModel(this.settings.defaultModel()) : request;
	}

	private MessageRequest withDefaultModel(MessageRequest request) {
		return (request.model() == null && this.settings.defaultModel() != null)
				? request.withModel(this.settings.defaultModel()) : request;
	}

	private ChatCompletionRequest withDefaultModel(ChatCompletionRequest request) {
		return (request.model() == null && this.settings.defaultModel() != null)
				? request.withModel(this.settings.defaultModel()) : request;
	}

	private CallInfo callInfo(AiApiOperation operation, @Nullable String model, int promptLength) {
		return new CallInfo(operation, model, promptLength, this.pipeline.modelKey(model));
	}

	// with the request, for the GenAI request attributes of the call's span
	private CallInfo callInfo(AiApiOperation operation, @Nullable String model, int promptLength,
			@Nullable Object request) {
		return new CallInfo(operation, model, promptLength, this.pipeline.modelKey(model), request);
	}

	private <T> Mono<T> call(AiApiOperation operation, @Nullable String model, int promptLength, Runnable validation,
			HttpMethod method, String path, @Nullable Object body, Class<T> type, Function<T, @Nullable Usage> usage) {
		return call(operation, operation, model, promptLength, validation, method, path, body, type, usage);
	}

	// operation: what the resilience treats the call as; observed: what meters and logs call it (a call made with
	// exchange(...) is observed as EXCHANGE, whatever path it names)
	private <T> Mono<T> call(AiApiOperation operation, AiApiOperation observed, @Nullable String model,
			int promptLength, Runnable validation, HttpMethod method, String path, @Nullable Object body,
			Class<T> type, Function<T, @Nullable Usage> usage) {
		return this.pipeline.call(callInfo(observed, model, promptLength, body), operation, model, validation, method,
				path, body, type, usage, this.options);
	}

	// The path relative to the client's base URL, literally: no template expansion, and never another host.
	static URI resolve(UriBuilder base, String path) {
		URI root = base.build();
		String prefix = root.toString();
		while (prefix.endsWith("/")) {
			prefix = prefix.substring(0, prefix.length() - 1);
		}
		URI uri = URI.create(prefix + RequestValidator.encodePath(path));
		if (root.getHost() != null && (!root.getHost().equalsIgnoreCase(uri.getHost()) || root.getPort() != uri.getPort()
				|| !root.getScheme().equalsIgnoreCase(uri.getScheme()))) {
			throw new RequestValidationException("path", "the path must stay on the gateway's host");
		}
		return uri;
	}

}
