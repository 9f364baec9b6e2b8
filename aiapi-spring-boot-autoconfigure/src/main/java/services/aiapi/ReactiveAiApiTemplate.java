package services.aiapi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ResolvableType;
import org.springframework.core.codec.StringDecoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import services.aiapi.error.AiApiErrorTranslator;
import services.aiapi.error.ErrorBodyParser;
import services.aiapi.error.TaskFailedException;
import services.aiapi.error.TaskTimeoutException;
import services.aiapi.http.AiApiRequestAttributes;
import services.aiapi.http.SseChunkDecoder;
import services.aiapi.metrics.AiApiCallInstrumentation;
import services.aiapi.metrics.CallInfo;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.EmbeddingRequest;
import services.aiapi.model.EmbeddingResponse;
import services.aiapi.model.ModelList;
import services.aiapi.model.TaskState;
import services.aiapi.model.VideoTask;
import services.aiapi.model.VideoTaskRequest;

/**
 * Reactive client of the aiapi.services gateway. Requests are checked against the documented parameter rules
 * before they are sent; responses are read with the starter's own JSON mapper (unknown fields ignored, whatever
 * the application's Jackson settings); a 200 whose body is an error, and a body that cannot be read, become
 * typed exceptions like every error status does.
 *
 * <p>The {@link WebClient} given must carry the starter's authentication and error-translation filters, as the
 * auto-configured {@code aiApiWebClient} does.
 */
public class ReactiveAiApiTemplate implements ReactiveAiApiOperations {

	static final String CHAT_PATH = "/v1/chat/completions";

	static final String MODELS_PATH = "/v1/models";

	static final String EMBEDDINGS_PATH = "/v1/embeddings";

	static final String VIDEOS_PATH = "/v1/videos";

	private static final byte[] NO_BODY = new byte[0];

	private static final ResolvableType STRING_TYPE = ResolvableType.forClass(String.class);

	private final WebClient webClient;

	private final AiApiErrorTranslator translator;

	private final AiApiClientSettings settings;

	private final JsonMapper mapper;

	// One reader per response type: readValue(bytes, Class) resolves the type and its deserializer on every call.
	private final ClassValue<ObjectReader> readers = new ClassValue<>() {

		@Override
		protected ObjectReader computeValue(Class<?> type) {
			return ReactiveAiApiTemplate.this.mapper.readerFor(type);
		}

	};

	private final SseChunkDecoder chunkDecoder;

	private final StringDecoder lineDecoder;

	private final AiApiCallInstrumentation instrumentation;

	/**
	 * Create a template without instrumentation.
	 * @param webClient the gateway client, with the starter's filters
	 * @param translator the error translator those filters use
	 * @param settings defaults and timeouts
	 */
	public ReactiveAiApiTemplate(WebClient webClient, AiApiErrorTranslator translator, AiApiClientSettings settings) {
		this(webClient, translator, settings, AiApiCallInstrumentation.NONE);
	}

	/**
	 * Create a template.
	 * @param webClient the gateway client, with the starter's filters
	 * @param translator the error translator those filters use
	 * @param settings defaults and timeouts
	 * @param instrumentation what observes each logical call
	 */
	public ReactiveAiApiTemplate(WebClient webClient, AiApiErrorTranslator translator, AiApiClientSettings settings,
			AiApiCallInstrumentation instrumentation) {
		Assert.notNull(instrumentation, "Instrumentation must not be null");
		this.instrumentation = instrumentation;
		Assert.notNull(webClient, "WebClient must not be null");
		Assert.notNull(translator, "Translator must not be null");
		Assert.notNull(settings, "Settings must not be null");
		this.webClient = webClient;
		this.translator = translator;
		this.settings = settings;
		this.mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.chunkDecoder = new SseChunkDecoder(this.mapper, translator);
		this.lineDecoder = StringDecoder.allMimeTypes(List.of("\r\n", "\n"), true);
		this.lineDecoder.setMaxInMemorySize(settings.maxResponseSize());
	}

	@Override
	public Mono<ChatCompletion> chat(ChatCompletionRequest request) {
		Assert.notNull(request, "Request must not be null");
		ChatCompletionRequest prepared = withDefaultModel(request).asSingle();
		return this.instrumentation.call(new CallInfo("chat", prepared.model(), promptLength(prepared)),
				Mono.defer(() -> {
					RequestValidator.validate(prepared);
					return call(HttpMethod.POST, CHAT_PATH, prepared, ChatCompletion.class, "chat", prepared.model());
				}), ChatCompletion::usage);
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
		return this.instrumentation.stream(new CallInfo("chat.stream", prepared.model(), promptLength(prepared)),
				streamChunks(prepared));
	}

	private Flux<ChatCompletionChunk> streamChunks(ChatCompletionRequest prepared) {
		return Flux.defer(() -> {
			RequestValidator.validate(prepared);
			byte[] body = this.mapper.writeValueAsBytes(prepared);
			return this.webClient.post()
				.uri(CHAT_PATH)
				.attribute(AiApiRequestAttributes.OPERATION, "chat.stream")
				.attribute(AiApiRequestAttributes.MODEL, prepared.model())
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchangeToFlux(this::decodeStream);
		});
	}

	private Flux<ChatCompletionChunk> decodeStream(ClientResponse response) {
		Flux<String> lines = this.lineDecoder
			.decode(response.bodyToFlux(DataBuffer.class), STRING_TYPE, null, Map.of())
			.onErrorMap(DataBufferLimitException.class, (ex) -> this.translator.unreadable(response.statusCode(),
					response.headers().asHttpHeaders(), NO_BODY, ex));
		return this.chunkDecoder.decode(lines, response.headers().asHttpHeaders(), this.settings.readTimeout(),
				this.settings.streamIdleTimeout(), Schedulers.parallel());
	}

	@Override
	public Mono<ModelList> listModels() {
		return this.instrumentation.call(new CallInfo("models", null, 0),
				call(HttpMethod.GET, MODELS_PATH, null, ModelList.class, "models", null), (models) -> null);
	}

	@Override
	public Mono<EmbeddingResponse> embed(EmbeddingRequest request) {
		Assert.notNull(request, "Request must not be null");
		EmbeddingRequest prepared = (request.model() == null && this.settings.defaultEmbeddingModel() != null)
				? request.withModel(this.settings.defaultEmbeddingModel()) : request;
		int length = (prepared.input() != null)
				? prepared.input().stream().mapToInt((input) -> (input != null) ? input.length() : 0).sum() : 0;
		return this.instrumentation.call(new CallInfo("embeddings", prepared.model(), length), Mono.defer(() -> {
			RequestValidator.validate(prepared);
			return call(HttpMethod.POST, EMBEDDINGS_PATH, prepared, EmbeddingResponse.class, "embeddings",
					prepared.model());
		}), EmbeddingResponse::usage);
	}

	@Override
	public Mono<VideoTask> submitVideoTask(VideoTaskRequest request) {
		Assert.notNull(request, "Request must not be null");
		int length = (request.prompt() != null) ? request.prompt().length() : 0;
		return this.instrumentation.call(new CallInfo("video.submit", request.model(), length), Mono.defer(() -> {
			RequestValidator.validate(request);
			return call(HttpMethod.POST, VIDEOS_PATH, request, VideoTask.class, "video.submit", request.model());
		}), (task) -> null);
	}

	@Override
	public Mono<VideoTask> getVideoTask(String taskId) {
		return this.instrumentation.call(new CallInfo("video.get", null, 0), Mono.defer(() -> {
			RequestValidator.requireTaskId(taskId);
			return call(HttpMethod.GET, VIDEOS_PATH + "/" + taskId, null, VideoTask.class, "video.get", null);
		}), (task) -> null);
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
				.flatMap((task) -> (task.state() == TaskState.FAILED)
						? Mono.error(new TaskFailedException(taskId, String.valueOf(task.status()),
								(task.error() != null) ? task.error().code() : null, task.failureMessage()))
						: Mono.just(task));
		});
	}

	@Override
	public <T> Mono<T> exchange(HttpMethod method, String path, @Nullable Object body, Class<T> responseType) {
		Assert.notNull(method, "Method must not be null");
		Assert.hasText(path, "Path must not be empty");
		Assert.notNull(responseType, "Response type must not be null");
		return this.instrumentation.call(new CallInfo("exchange", null, 0),
				call(method, path, body, responseType, "exchange", null), (result) -> null);
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
		}
		return length;
	}

	private ChatCompletionRequest withDefaultModel(ChatCompletionRequest request) {
		return (request.model() == null && this.settings.defaultModel() != null)
				? request.withModel(this.settings.defaultModel()) : request;
	}

	private <T> Mono<T> call(HttpMethod method, String path, @Nullable Object body, Class<T> type, String operation,
			@Nullable String model) {
		return Mono.defer(() -> {
			WebClient.RequestBodySpec spec = this.webClient.method(method)
				.uri(path)
				.attribute(AiApiRequestAttributes.OPERATION, operation)
				.accept(MediaType.APPLICATION_JSON);
			if (model != null) {
				spec.attribute(AiApiRequestAttributes.MODEL, model);
			}
			WebClient.RequestHeadersSpec<?> request = (body != null)
					? spec.contentType(MediaType.APPLICATION_JSON).bodyValue(this.mapper.writeValueAsBytes(body)) : spec;
			return request.exchangeToMono((response) -> response.bodyToMono(byte[].class)
				.defaultIfEmpty(NO_BODY)
				.onErrorMap(DataBufferLimitException.class, (ex) -> this.translator.unreadable(response.statusCode(),
						response.headers().asHttpHeaders(), NO_BODY, ex))
				.map((bytes) -> decode(response, bytes, type)));
		});
	}

	@SuppressWarnings("unchecked")
	private <T> T decode(ClientResponse response, byte[] bytes, Class<T> type) {
		if (type == byte[].class) {
			return (T) bytes;
		}
		if (type == String.class) {
			return (T) new String(bytes, StandardCharsets.UTF_8);
		}
		if (bytes.length > 0 && type != VideoTask.class && !ErrorBodyParser.mayBeError(bytes)) {
			// the common case: a success body with no "error" or "success" member anywhere, read in one pass
			try {
				return this.readers.get(type).readValue(bytes);
			}
			catch (JacksonException ex) {
				throw this.translator.unreadable(response.statusCode(), response.headers().asHttpHeaders(), bytes, ex);
			}
		}
		JsonNode tree;
		try {
			tree = (bytes.length > 0) ? this.mapper.readTree(bytes) : null;
		}
		catch (JacksonException ex) {
			throw this.translator.unreadable(response.statusCode(), response.headers().asHttpHeaders(), bytes, ex);
		}
		if (tree == null || tree.isMissingNode() || tree.isNull()) {
			throw this.translator.unreadable(response.statusCode(), response.headers().asHttpHeaders(), bytes, null);
		}
		if (ErrorBodyParser.isError(tree)) {
			throw this.translator.translate(response.statusCode(), response.headers().asHttpHeaders(),
					ErrorBodyParser.fromJson(tree, new String(bytes, StandardCharsets.UTF_8), false));
		}
		if (type == VideoTask.class) {
			tree = unwrapTaskEnvelope(tree);
		}
		try {
			return this.mapper.treeToValue(tree, type);
		}
		catch (JacksonException ex) {
			throw this.translator.unreadable(response.statusCode(), response.headers().asHttpHeaders(), bytes, ex);
		}
	}

	// The /v1/video/generations dialect wraps the task: {"code":"success","data":{…}}.
	private static JsonNode unwrapTaskEnvelope(JsonNode tree) {
		JsonNode data = tree.path("data");
		return (data.isObject() && tree.path("id").isMissingNode() && tree.path("task_id").isMissingNode()) ? data
				: tree;
	}

}
