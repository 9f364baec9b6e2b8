package services.aiapi.http;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;

import services.aiapi.AiApiCallOptions;
import services.aiapi.AiApiClientSettings;
import services.aiapi.error.AiApiErrorTranslator;
import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.CallAttempt;
import services.aiapi.error.FallbackFailure;
import services.aiapi.error.RequestValidationException;
import services.aiapi.metrics.AiApiCallInstrumentation;
import services.aiapi.metrics.CallInfo;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.MultipartBody;
import services.aiapi.model.Usage;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.ApiKeyPool;
import services.aiapi.resilience.PooledKey;
import services.aiapi.resilience.ModelFallbacks;

/**
 * The one way the templates call the gateway: a logical call is observed once, bounded by {@code aiapi.timeout},
 * decorated with the resilience (one operator per call), and each attempt sends the request written once and
 * reads the answer with the one {@link ResponseReader}. The reader, the deadlines and the attempt's plumbing are
 * this package's own; the templates build a pipeline and describe calls to it.
 */
public final class CallPipeline {

	private final WebClient webClient;

	private final ResponseReader reader;

	private final AiApiResilience resilience;

	private final AiApiClientSettings settings;

	private final AiApiCallInstrumentation instrumentation;

	private final Deadlines deadlines = new Deadlines();

	// for resources on other hosts: no filter of the gateway client, so never its key; made when first needed
	private final SingletonSupplier<WebClient> foreign = SingletonSupplier.of(() -> WebClient.builder().build());

	private final BiFunction<UriBuilder, String, URI> resolver;

	private final Set<String> fixedPaths;

	private final @Nullable URI base;

	// the fixed paths, resolved against the client's base URL once rather than parsed on every call
	private final Map<String, URI> fixedUris = new ConcurrentHashMap<>();

	/**
	 * Create the pipeline.
	 * @param webClient the gateway client; the starter's {@link DirectUseFilter}s are left out of it, as the pipeline
	 * does their work around each whole call
	 * @param translator the error translator
	 * @param settings timeouts and limits
	 * @param instrumentation what observes each call
	 * @param resilience the retry, rate limiter and circuit breakers around each call
	 * @param resolver resolves a path against the client's base URL (refusing one that leaves the gateway)
	 * @param fixedPaths paths whose resolved URI is kept
	 */
	public CallPipeline(WebClient webClient, AiApiErrorTranslator translator, AiApiClientSettings settings,
			AiApiCallInstrumentation instrumentation, AiApiResilience resilience,
			BiFunction<UriBuilder, String, URI> resolver, Set<String> fixedPaths) {
		Assert.notNull(webClient, "WebClient must not be null");
		Assert.notNull(translator, "Translator must not be null");
		Assert.notNull(settings, "Settings must not be null");
		Assert.notNull(instrumentation, "Instrumentation must not be null");
		Assert.notNull(resilience, "AiApiResilience must not be null");
		this.webClient = webClient.mutate()
			.filters((filters) -> filters.removeIf(DirectUseFilter.class::isInstance))
			.build();
		this.settings = settings;
		this.instrumentation = instrumentation;
		this.resilience = resilience;
		this.resolver = resolver;
		this.fixedPaths = Set.copyOf(fixedPaths);
		this.reader = new ResponseReader(translator, settings.maxResponseSize(), settings.readTimeout(),
				settings.streamIdleTimeout());
		// the client's base URL, as its URI builder gives it (building a request's URI sends nothing)
		URI[] base = new URI[1];
		this.webClient.get().uri((builder) -> {
			base[0] = builder.build();
			return base[0];
		});
		this.base = base[0];
	}

	/**
	 * Whether a URI is on the gateway itself (same scheme, host and port as the base URL), where the key goes.
	 * @param uri the URI
	 * @return {@code true} for the gateway's origin
	 */
	public boolean isGateway(URI uri) {
		URI base = this.base;
		if (base == null || base.getHost() == null || uri.getHost() == null) {
			return false;
		}
		return base.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
				&& base.getHost().equalsIgnoreCase(uri.getHost()) && port(base) == port(uri);
	}

	private static int port(URI uri) {
		return (uri.getPort() != -1) ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	/**
	 * Return the {@code WebClient} for a pipeline: the given one, or a copy that does not observe each request
	 * (each call is observed once by the pipeline).
	 * @param webClient the client
	 * @param httpRequestObservations whether each request keeps the client's own observation too
	 * @return the client to build the pipeline with
	 */
	public static WebClient client(WebClient webClient, boolean httpRequestObservations) {
		return httpRequestObservations ? webClient
				: webClient.mutate().observationRegistry(ObservationRegistry.NOOP).build();
	}

	/**
	 * Return a filter that gives direct users of a {@code WebClient} the pipeline's typed errors.
	 * @param translator the error translator
	 * @param settings timeouts and limits
	 * @return the filter
	 */
	public static DirectUseFilter errorFilter(AiApiErrorTranslator translator, AiApiClientSettings settings) {
		return new ResponseReader(translator, settings.maxResponseSize(), settings.readTimeout(),
				settings.streamIdleTimeout())
			.errorFilter();
	}

	/**
	 * Return the JSON mapper requests are written and responses read with.
	 * @return the mapper
	 */
	public JsonMapper mapper() {
		return this.reader.mapper();
	}

	/**
	 * Return the tag value a model is tracked under.
	 * @param model the model, or {@code null}
	 * @return its tag value
	 */
	public String modelKey(@Nullable String model) {
		return this.resilience.modelKey(model);
	}

	/**
	 * One logical call with a single answer: validated once, its body written once, then each attempt sends it and
	 * reads the answer, inside the resilience and under the call's deadline.
	 * @param <T> the answer's type
	 * @param observed what meters and logs call it
	 * @param operation what the resilience treats it as (a call made with {@code exchange(...)} is observed as
	 * {@link AiApiOperation#EXCHANGE}, whatever path it names)
	 * @param model the model the call is for, as the request names it, or {@code null}
	 * @param validation checks the request before anything is sent
	 * @param method the method
	 * @param path the path, relative to the base URL
	 * @param body the body, or {@code null}
	 * @param type the answer's type
	 * @param usage reads the token usage from the answer
	 * @return the call
	 */
	public <T> Mono<T> call(CallInfo observed, AiApiOperation operation, @Nullable String model, Runnable validation,
			HttpMethod method, String path, @Nullable Object body, Class<T> type, Function<T, @Nullable Usage> usage,
			AiApiCallOptions options) {
		return single(observed, operation, model, validation, (target) -> {
			byte[] bytes = bodyFor(body, model, target);
			return (sent) -> request(operation, method, path, target, bytes, sent, options);
		}, method, type, usage, options, options.maxAttempts(), () -> namesModel(body));
	}

	/**
	 * One chat stream: retried until its first chunk reaches the subscriber, never after; the call's deadline
	 * runs until the first chunk (how long an answer streams is the idle timeout's business).
	 * @param info the call
	 * @param model the model the call is for, as the request names it, or {@code null}
	 * @param validation checks the request before anything is sent
	 * @param path the path, relative to the base URL
	 * @param body the request
	 * @return the chunks
	 */
	public Flux<ChatCompletionChunk> chatStream(CallInfo info, @Nullable String model, Runnable validation,
			String path, Object body, AiApiCallOptions options) {
		return stream(info, info.operation(), model, validation, HttpMethod.POST, path, body,
				(response) -> this.reader.readStream(response, Schedulers.parallel()), ChatCompletionChunk::usage,
				options);
	}

	/**
	 * One stream of server-sent events on any route, read as the dialect says: retried until its first event
	 * reaches the subscriber, never after; the call's deadline runs until the first event, the idle timeout
	 * between events.
	 * @param <T> the type of each event's data
	 * @param info the call, as meters and logs see it
	 * @param operation what the resilience treats it as
	 * @param model the model the call is for, as the request names it, or {@code null}
	 * @param validation checks the request before anything is sent
	 * @param method the method
	 * @param path the path, relative to the base URL
	 * @param body the request, or {@code null}
	 * @param dialect how the events are read and how the stream ends
	 * @return the events
	 */
	public <T> Flux<ServerSentEvent<T>> events(CallInfo info, AiApiOperation operation, @Nullable String model,
			Runnable validation, HttpMethod method, String path, @Nullable Object body, EventDialect<T> dialect,
			AiApiCallOptions options) {
		return stream(info, operation, model, validation, method, path, body,
				(response) -> this.reader.readEvents(response, dialect, Schedulers.parallel()),
				(event) -> dialect.usage(event.data()), options);
	}

	/**
	 * One multipart upload with a single answer: its size checked against {@code aiapi.max-upload-size} before
	 * anything is sent, its files streamed as they are sent; retried like any call when every part can be read
	 * again, never when one can be read only once.
	 * @param <T> the answer's type
	 * @param observed what meters and logs call it
	 * @param operation what the resilience treats it as
	 * @param model the model the call is for, or {@code null}
	 * @param validation checks the request before anything is sent
	 * @param path the path, relative to the base URL
	 * @param body the parts
	 * @param type the answer's type
	 * @param usage reads the token usage from the answer
	 * @param options the call's options
	 * @return the call
	 */
	public <T> Mono<T> upload(CallInfo observed, AiApiOperation operation, @Nullable String model,
			Runnable validation, String path, MultipartBody body, Class<T> type, Function<T, @Nullable Usage> usage,
			AiApiCallOptions options) {
		return single(observed, operation, model, validation, (target) -> {
			long size = body.contentLength();
			if (size > this.settings.maxUploadSize()) {
				throw new RequestValidationException("file", "The upload is " + size
						+ " bytes, more than aiapi.max-upload-size (" + this.settings.maxUploadSize() + " bytes)");
			}
			MultipartBodyBuilder parts = new MultipartBodyBuilder();
			for (MultipartBody.Part part : body.parts()) {
				if (part.value() != null) {
					parts.part(part.name(), part.value());
				}
				else {
					parts.part(part.name(), part.resource(), part.contentType()).filename(part.filename());
				}
			}
			BodyInserter<?, ? super ClientHttpRequest> multipart = BodyInserters.fromMultipartData(parts.build());
			return (sent) -> target(operation, HttpMethod.POST, path, model, sent, options).body(multipart);
		}, HttpMethod.POST, type, usage, options, body.isRepeatable() ? options.maxAttempts() : Integer.valueOf(1),
				() -> false);
	}

	// A call with one answer: validated, its request prepared once per model (after validation, before any attempt),
	// then each attempt sends it and reads the answer, inside the resilience and under the call's deadline; the
	// models of its fallback chain in turn, when it has one
	private <T> Mono<T> single(CallInfo observed, AiApiOperation operation, @Nullable String model,
			Runnable validation,
			Function<@Nullable String, Function<AtomicReference<@Nullable URI>, WebClient.RequestHeadersSpec<?>>> prepare,
			HttpMethod method, Class<T> type, Function<T, @Nullable Usage> usage, AiApiCallOptions options,
			@Nullable Integer maxAttempts, java.util.function.BooleanSupplier fallbacks) {
		return this.instrumentation.call(observed, Mono.defer(() -> {
			validation.run();
			int maxSize = maxResponseSize(options);
			Function<@Nullable String, Mono<T>> forModel = (target) -> {
				Function<AtomicReference<@Nullable URI>, WebClient.RequestHeadersSpec<?>> request = prepare.apply(target);
				Mono<T> attempt = Mono.deferContextual((context) -> {
					AtomicReference<@Nullable URI> sent = new AtomicReference<>();
					return withKey(request.apply(sent), context).accept(MediaType.APPLICATION_JSON).exchangeToMono((response) -> {
						observe(response, context, target);
						return this.reader.read(response, type, maxSize);
					}).onErrorResume((ex) -> transportFailure(ex, method, sent));
				});
				return this.resilience.decorate(operation, target, attempt, maxAttempts);
			};
			requireKey(options);
			List<String> chain = chain(operation, model, options);
			if (chain.size() > 1 && !fallbacks.getAsBoolean()) {
				chain = List.of();
			}

			Mono<T> call = (chain.size() > 1) ? chained(operation, chain, forModel::apply).singleOrEmpty() : forModel.apply(model);
			Duration timeout = timeout(options);
			return this.deadlines.bound(withForcedKey(call, options), timeout, () -> callTimeout(timeout));
		}), usage);
	}

	// the key of a pool the attempt was given goes with its request
	private static <S extends WebClient.RequestHeadersSpec<?>> S withKey(S spec, ContextView context) {
		PooledKey key = context.getOrDefault(ApiKeyPool.CONTEXT_KEY, null);
		if (key != null) {
			spec.attribute(AiApiRequestAttributes.API_KEY, key.getApiKey());
		}
		return spec;
	}

	private void requireKey(AiApiCallOptions options) {
		String name = options.apiKey();
		if (name == null) {
			return;
		}
		ApiKeyPool pool = this.resilience.getKeyPool();
		if (pool == null || pool.get(name) == null) {
			throw new RequestValidationException("apiKey", "there is no key named '" + name + "' in aiapi.api-keys"
					+ ((pool != null) ? " (keys: " + String.join(", ",
							pool.getKeys().stream().map(PooledKey::getName).toList()) + ")" : ""));
		}
	}

	private static <P extends Publisher<?>> P withForcedKey(P call, AiApiCallOptions options) {
		String name = options.apiKey();
		if (name == null) {
			return call;
		}
		@SuppressWarnings("unchecked")
		P forced = (P) ((call instanceof Mono<?> mono) ? mono.contextWrite((context) -> context.put(ApiKeyPool.FORCED_KEY, name))
				: Flux.from(call).contextWrite((context) -> context.put(ApiKeyPool.FORCED_KEY, name)));
		return forced;
	}

	private List<String> chain(AiApiOperation operation, @Nullable String model, AiApiCallOptions options) {
		return this.resilience.getFallbacks().chain(operation, model, options.fallbacks());
	}

	// Whether a body names its model as "model", so that it can be sent for another model of a chain: a body that
	// names it elsewhere (Kling's model_name, Suno's mv) is never sent again for another model
	private static boolean namesModel(@Nullable Object body) {
		if (body == null) {
			return false;
		}
		if (body instanceof Map<?, ?> map) {
			return map.containsKey("model");
		}
		// a record says by its components; any other object is written as JSON that may name it
		return !body.getClass().isRecord() || java.util.Arrays.stream(body.getClass().getRecordComponents())
			.anyMatch((component) -> component.getName().equals("model"));
	}

	// The request body for a model of the call's chain: the caller's, or the same with its "model" replaced
	private byte @Nullable [] bodyFor(@Nullable Object body, @Nullable String model, @Nullable String target) {
		if (body == null) {
			return null;
		}
		if (target == null || target.equals(model)) {
			return this.reader.mapper().writeValueAsBytes(body);
		}
		JsonNode tree = this.reader.mapper().valueToTree(body);
		if (tree instanceof ObjectNode object) {
			object.put("model", target);
		}
		return this.reader.mapper().writeValueAsBytes(tree);
	}

	// The models of a chain in turn: the next one when the current one failed in a way that moves a call on (and,
	// for a stream, before its first element reached the subscriber); every earlier model's failure is attached to
	// the failure the call ends with
	private <E> Flux<E> chained(AiApiOperation operation, List<String> models,
			Function<String, Publisher<E>> forModel) {
		ModelFallbacks fallbacks = this.resilience.getFallbacks();
		return Flux.defer(() -> step(operation, models, 0, forModel, fallbacks, new ArrayList<>()));
	}

	private <E> Flux<E> step(AiApiOperation operation, List<String> models, int index,
			Function<String, Publisher<E>> forModel, ModelFallbacks fallbacks, List<FallbackFailure> failed) {
		String model = models.get(index);
		AtomicBoolean delivered = new AtomicBoolean();
		return Flux.deferContextual((context) -> Flux.from(forModel.apply(model)).doOnNext((element) -> {
			if (!delivered.get()) {
				delivered.set(true);
				fallbacks.served(models.get(0), model);
			}
		}).onErrorResume((failure) -> {
			if (!delivered.get() && index + 1 < models.size() && fallbacks.shouldMove(operation, failure)) {
				failed.add(new FallbackFailure(model, failure));
				String next = models.get(index + 1);
				fallbacks.moved(operation, model, next, failure);
				AiApiResilience.event(context, "aiapi.fallback",
						() -> "from=" + model + " to=" + next + " after=" + failure.getClass().getSimpleName());
				return step(operation, models, index + 1, forModel, fallbacks, failed);
			}
			if (!delivered.get()) {
				failed.forEach(failure::addSuppressed);
			}
			return Flux.error(failure);
		}));
	}

	/**
	 * Return the largest response body a call may read: its own limit, else {@code aiapi.max-response-size}.
	 * @param options the call's options
	 * @return the limit, in bytes
	 */
	public int maxResponseSize(AiApiCallOptions options) {
		return (options.maxResponseSize() != null)
				? (int) Math.min(Integer.MAX_VALUE, options.maxResponseSize().toBytes()) : this.settings.maxResponseSize();
	}

	private Duration timeout(AiApiCallOptions options) {
		return (options.timeout() != null) ? options.timeout() : this.settings.timeout();
	}

	/**
	 * Fetch a resource the gateway pointed to on another host (an image's URL), with a client of its own that has
	 * none of the gateway client's filters: the API key is never sent. Bounded by the call's deadline and the size
	 * limit; an error status fails typed.
	 * @param uri the resource, {@code http} or {@code https}
	 * @param maxSize the largest body, in bytes
	 * @return the bytes
	 */
	public Mono<byte[]> fetchWithoutKey(URI uri, int maxSize) {
		WebClient client = this.foreign.obtain();
		Mono<byte[]> fetch = Mono.deferContextual((context) -> client.get()
			.uri(uri)
			.exchangeToMono((response) -> this.reader.read(response, byte[].class, maxSize))
			.onErrorResume((ex) -> Mono.error(this.reader.failure(ex, HttpMethod.GET, uri, context))));
		return this.deadlines.bound(fetch, this.settings.timeout(), () -> callTimeout(this.settings.timeout()));
	}


	/**
	 * Download a resource the gateway pointed to on another host (a task's result on a CDN), as it comes, with a
	 * client of its own that has none of the gateway client's filters: the API key is never sent. The first buffer
	 * is awaited for the call's deadline; the size is bounded; an error status fails typed.
	 * @param uri the resource, {@code http} or {@code https}
	 * @param maxSize the largest body, in bytes
	 * @return the body
	 */
	public Flux<DataBuffer> downloadWithoutKey(URI uri, long maxSize) {
		WebClient client = this.foreign.obtain();
		Flux<DataBuffer> download = Flux.deferContextual((context) -> client.get()
			.uri(uri)
			.exchangeToFlux((response) -> this.reader.readBinary(response, maxSize, Schedulers.parallel()))
			.onErrorResume((ex) -> Flux.error(this.reader.failure(ex, HttpMethod.GET, uri, context))));
		return this.deadlines.boundFirst(download, this.settings.timeout(), () -> callTimeout(this.settings.timeout()));
	}

	/**
	 * One download: the response body as it comes, never joined (see {@link ResponseReader#readBinary}), retried
	 * until its first buffer reaches the subscriber, never after; the call's deadline runs until the first buffer.
	 * The subscriber owns each buffer it receives and releases it; buffers not yet delivered when the download is
	 * cancelled or fails are released here.
	 * @param info the call, as meters and logs see it
	 * @param operation what the resilience treats it as
	 * @param validation checks the request before anything is sent
	 * @param method the method
	 * @param path the path, relative to the base URL
	 * @param body the request, written as JSON, or {@code null}
	 * @param options the call's options
	 * @return the body
	 */
	public Flux<DataBuffer> download(CallInfo info, AiApiOperation operation, Runnable validation, HttpMethod method,
			String path, @Nullable Object body, AiApiCallOptions options) {
		long maxSize = (options.maxResponseSize() != null) ? options.maxResponseSize().toBytes()
				: this.settings.maxResponseSize();
		// the model the call names (speech), for its breaker and its fallback chain
		return stream(info, operation, info.model(), validation, method, path, body,
				(response) -> this.reader.readBinary(response, maxSize, Schedulers.parallel()), (buffer) -> null,
				options, MediaType.ALL);
	}

	private <E> Flux<E> stream(CallInfo info, AiApiOperation operation, @Nullable String model,
			Runnable validation, HttpMethod method, String path, @Nullable Object body,
			Function<ClientResponse, Flux<E>> read, Function<E, @Nullable Usage> usage, AiApiCallOptions options) {
		return stream(info, operation, model, validation, method, path, body, read, usage, options,
				MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_JSON);
	}

	private <E> Flux<E> stream(CallInfo info, AiApiOperation operation, @Nullable String model,
			Runnable validation, HttpMethod method, String path, @Nullable Object body,
			Function<ClientResponse, Flux<E>> read, Function<E, @Nullable Usage> usage, AiApiCallOptions options,
			MediaType... accept) {
		return this.instrumentation.stream(info, Flux.defer(() -> {
			validation.run();
			Function<@Nullable String, Flux<E>> forModel = (target) -> {
				byte[] bytes = bodyFor(body, model, target);
				Flux<E> attempt = Flux.deferContextual((context) -> {
					AtomicReference<@Nullable URI> sent = new AtomicReference<>();
					return withKey(request(operation, method, path, target, bytes, sent, options), context).accept(accept)
						.exchangeToFlux((response) -> {
							observe(response, context, target);
							return read.apply(response);
						})
						.onErrorResume((ex) -> transportFailure(ex, method, sent));
				});
				return this.resilience.decorateStream(operation, target, attempt, options.maxAttempts());
			};
			requireKey(options);
			List<String> chain = chain(operation, model, options);
			Flux<E> call = (chain.size() > 1) ? chained(operation, chain, forModel::apply) : forModel.apply(model);
			Duration timeout = timeout(options);
			return this.deadlines.boundFirst(withForcedKey(call, options), timeout, () -> callTimeout(timeout));
		}), usage);
	}

	private WebClient.RequestHeadersSpec<?> request(AiApiOperation operation, HttpMethod method, String path,
			@Nullable String model, byte @Nullable [] body, AtomicReference<@Nullable URI> sent,
			AiApiCallOptions options) {
		WebClient.RequestBodySpec spec = target(operation, method, path, model, sent, options);
		return (body != null) ? spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : spec;
	}

	private WebClient.RequestBodySpec target(AiApiOperation operation, HttpMethod method, String path,
			@Nullable String model, AtomicReference<@Nullable URI> sent, AiApiCallOptions options) {
		URI known = this.fixedUris.get(path);
		WebClient.RequestBodyUriSpec target = this.webClient.method(method);
		WebClient.RequestBodySpec spec;
		if (known != null) {
			sent.set(known);
			spec = target.uri(known);
		}
		else {
			spec = target.uri((builder) -> {
				URI uri = this.resolver.apply(builder, path);
				if (this.fixedPaths.contains(path)) {
					this.fixedUris.put(path, uri);
				}
				sent.set(uri);
				return uri;
			});
		}
		if (!options.headers().isEmpty()) {
			spec.headers((headers) -> options.headers().forEach(headers::addAll));
		}
		spec.attribute(AiApiRequestAttributes.OPERATION, operation);
		if (model != null) {
			spec.attribute(AiApiRequestAttributes.MODEL, model);
		}
		return spec;
	}

	// a failure that left no response, or broke one off, typed for the attempt it ended (its number is in the
	// subscriber's context)
	private <T> Mono<T> transportFailure(Throwable failure, HttpMethod method, AtomicReference<@Nullable URI> sent) {
		return Mono.deferContextual((context) -> Mono.error(this.reader.failure(failure, method, sent.get(), context)));
	}

	private void observe(ClientResponse response, ContextView context, @Nullable String model) {
		if (response.statusCode().is2xxSuccessful()) {
			this.resilience.observe(response.headers().asHttpHeaders(), context);
		}
		ResponseCapture capture = context.getOrDefault(ResponseCapture.KEY, null);
		if (capture != null) {
			capture.record(response.statusCode(), response.headers().asHttpHeaders(),
					context.getOrDefault(CallAttempt.CONTEXT_KEY, 1), model);
		}
	}

	private AiApiTimeoutException callTimeout(Duration timeout) {
		return new AiApiTimeoutException(AiApiTimeoutException.Phase.CALL, timeout, CallAttempt.UNKNOWN, null);
	}

}
