package services.aiapi.http;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.ContextView;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;

import services.aiapi.error.AiApiErrorTranslator;
import services.aiapi.error.AiApiException;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.CallAttempt;
import services.aiapi.error.ErrorBodyParser;
import services.aiapi.error.GatewayError;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.VideoTask;
import services.aiapi.model.tasks.TaskJson;

/**
 * The one component that reads a gateway response and decides whether it is a success or an error: the status
 * line (anything from 300 up is an error, whatever the content type), error bodies in every shape (read to a byte
 * bound, drained to a larger one within a time bound, then given up), a 200 whose body is an error, empty,
 * unreadable and oversized bodies, and streams (server-sent events, their error events and quirks, and a plain
 * JSON answer to a stream request). The {@link AiApiErrorTranslator} is called from here and nowhere else.
 *
 * <p>Buffers are released exactly once, also when a caller's context carries a discard hook (as WebFlux's
 * server does for the whole request): no operator here drops a buffer it has already released.
 */
final class ResponseReader {

	/** Most bytes of an error body kept for parsing. */
	static final int ERROR_BODY_LIMIT = ErrorBodyParser.PARSE_LIMIT;

	/** Most bytes of an error body read at all: past this the response is abandoned (its connection closed). */
	static final long ERROR_DRAIN_LIMIT = 1024 * 1024;

	/** Longest time spent reading an error body: an endless or dripped error body ends the call after this. */
	static final Duration ERROR_DRAIN_TIMEOUT = Duration.ofSeconds(5);

	private static final byte[] NO_BODY = new byte[0];

	private static final EventDialect<ChatCompletionChunk> CHAT = EventDialect.chat();

	// Reactor's context key for a local onNextDropped hook (Hooks.KEY_ON_NEXT_DROPPED, not public)
	private static final String ON_NEXT_DROPPED = "reactor.onNextDropped.local";

	private static final java.util.function.Consumer<Object> RELEASE_DROPPED = (dropped) -> {
		if (dropped instanceof DataBuffer buffer) {
			DataBufferUtils.release(buffer);
		}
	};

	private final AiApiErrorTranslator translator;

	private final int maxResponseSize;

	private final Duration readTimeout;

	private final Duration streamIdleTimeout;

	private final JsonMapper mapper;

	// One reader per response type: readValue(bytes, Class) resolves the type and its deserializer on every call.
	private final ClassValue<ObjectReader> readers = new ClassValue<>() {

		@Override
		protected ObjectReader computeValue(Class<?> type) {
			return ResponseReader.this.mapper.readerFor(type);
		}

	};

	private final EventStreamDecoder eventDecoder;

	private final LineSplitter lineSplitter;

	private final WatchdogTimer.PerScheduler binaryTimers = new WatchdogTimer.PerScheduler();

	/**
	 * Create a reader.
	 * @param translator the translator of errors
	 * @param maxResponseSize the largest success body, and longest stream line, in bytes
	 * @param readTimeout the longest wait for the first line of a stream
	 * @param streamIdleTimeout the longest silence between two lines of a stream
	 */
	public ResponseReader(AiApiErrorTranslator translator, int maxResponseSize, Duration readTimeout,
			Duration streamIdleTimeout) {
		Assert.notNull(translator, "Translator must not be null");
		Assert.isTrue(maxResponseSize > 0, "maxResponseSize must be positive");
		this.translator = translator;
		this.maxResponseSize = maxResponseSize;
		this.readTimeout = readTimeout;
		this.streamIdleTimeout = streamIdleTimeout;
		this.mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.eventDecoder = new EventStreamDecoder(this.mapper, translator);
		this.lineSplitter = new LineSplitter(maxResponseSize);
	}

	/**
	 * Return the JSON mapper requests are written with (unknown fields ignored, whatever the application's Jackson
	 * settings).
	 * @return the mapper
	 */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * Return a filter that gives direct users of a {@code WebClient} the same typed errors: see
	 * {@link ErrorTranslatingFilter}.
	 * @return the filter
	 */
	public DirectUseFilter errorFilter() {
		return new ErrorTranslatingFilter(this);
	}

	/**
	 * Read a response as the given type. {@code byte[]} is the one raw type: its bytes are returned as they came.
	 * Every other type, {@code String} included, is checked: a 200 whose body is a gateway error fails typed (a
	 * body that is not JSON is returned as text when {@code String} is asked for). {@code Void} completes empty
	 * unless the body is an error.
	 * @param <T> the type
	 * @param response the response
	 * @param type the type
	 * @return the value, or a typed error
	 */
	public <T> Mono<T> read(ClientResponse response, Class<T> type) {
		return Mono.deferContextual((context) -> read(response, type, attempt(response, context), this.maxResponseSize));
	}

	/**
	 * Read a response as the given type, as {@link #read(ClientResponse, Class)} does, with a size limit of its own.
	 * @param <T> the type
	 * @param response the response
	 * @param type the type
	 * @param maxSize the largest body, in bytes
	 * @return the value, or a typed error
	 */
	public <T> Mono<T> read(ClientResponse response, Class<T> type, int maxSize) {
		return Mono.deferContextual((context) -> read(response, type, attempt(response, context), maxSize));
	}

	private <T> Mono<T> read(ClientResponse response, Class<T> type, CallAttempt attempt) {
		return read(response, type, attempt, this.maxResponseSize);
	}

	private <T> Mono<T> read(ClientResponse response, Class<T> type, CallAttempt attempt, int maxSize) {
		if (isError(response.statusCode())) {
			return readError(response, attempt).flatMap(Mono::error);
		}
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), maxSize)
			.map(ResponseReader::bytes)
			.defaultIfEmpty(NO_BODY)
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> this.translator.unreadable(response.statusCode(), headers(response), NO_BODY, ex, attempt))
			// mapNotNull, not handle: with context propagation on, handle restores thread locals on every signal
			.mapNotNull((bytes) -> decode(response.statusCode(), headers(response), bytes, type, attempt));
	}

	/**
	 * Read an error response (status 300 or above) into its typed exception. At most {@value #ERROR_BODY_LIMIT}
	 * bytes are kept; the rest is read and dropped up to {@value #ERROR_DRAIN_LIMIT} bytes, for at most
	 * {@link #ERROR_DRAIN_TIMEOUT}, so that the connection can be reused; past either bound the response is
	 * abandoned. A failure while reading the body translates what had come.
	 * @param response the response
	 * @return the exception (never an error signal)
	 */
	public Mono<AiApiResponseException> readError(ClientResponse response) {
		return Mono.deferContextual((context) -> readError(response, attempt(response, context)));
	}

	private Mono<AiApiResponseException> readError(ClientResponse response, CallAttempt attempt) {
		return Mono.defer(() -> {
			BoundedBody body = new BoundedBody();
			// reduce, not doOnNext().then(): an operator that ignores elements hands each buffer to the context's
			// discard hook, which releases it a second time
			return response.body(BodyExtractors.toDataBuffers())
				.takeUntil((buffer) -> body.isDrained())
				.take(ERROR_DRAIN_TIMEOUT)
				.reduce(body, BoundedBody::append)
				.onErrorResume((ex) -> Mono.just(body))
				.defaultIfEmpty(body)
				.map((read) -> this.translator.translate(response.statusCode(), headers(response), read.bytes(),
						read.isCut(), attempt));
		});
	}

	/**
	 * Read a response to a stream request into chunks: an error status becomes its typed exception; a plain JSON
	 * {@code chat.completion} (a server that ignored {@code "stream": true}) becomes the stream's content; events
	 * are decoded as {@link EventStreamDecoder} describes, in the chat dialect ({@link EventDialect#chat()}).
	 * @param response the response
	 * @param scheduler the scheduler that times the stream's waits
	 * @return the chunks
	 */
	public Flux<ChatCompletionChunk> readStream(ClientResponse response, Scheduler scheduler) {
		return Flux.deferContextual((context) -> readStream(response, scheduler, attempt(response, context)));
	}

	private Flux<ChatCompletionChunk> readStream(ClientResponse response, Scheduler scheduler, CallAttempt attempt) {
		if (isError(response.statusCode())) {
			return readError(response, attempt).flatMapMany(Flux::error);
		}
		MediaType contentType = response.headers().contentType().orElse(null);
		if (contentType != null && contentType.isCompatibleWith(MediaType.APPLICATION_JSON)) {
			return read(response, ChatCompletion.class, attempt).flatMapMany((completion) -> {
				if (completion.choices() == null || completion.choices().isEmpty()) {
					return Flux.error(this.translator.unreadable(response.statusCode(), headers(response),
							"a chat.completion with no choices".getBytes(StandardCharsets.UTF_8), null, attempt));
				}
				return Flux.just(ChatCompletionChunk.of(completion));
			});
		}
		return this.eventDecoder.decode(lines(response, attempt), CHAT, (name, id, chunk) -> chunk, response.statusCode(),
				headers(response), attempt, this.readTimeout, this.streamIdleTimeout, scheduler);
	}

	/**
	 * Read a response to a stream request of any route into its events, as {@link EventStreamDecoder} describes:
	 * an error status becomes its typed exception; a plain JSON answer (a server that ignored
	 * {@code "stream": true}) is checked for an error and becomes the events the dialect says it stands for.
	 * @param <T> the type of each event's data
	 * @param response the response
	 * @param dialect how the events are read and how the stream ends
	 * @param scheduler the scheduler that times the stream's waits
	 * @return the events
	 */
	public <T> Flux<ServerSentEvent<T>> readEvents(ClientResponse response, EventDialect<T> dialect,
			Scheduler scheduler) {
		return Flux.deferContextual((context) -> readEvents(response, dialect, scheduler, attempt(response, context)));
	}

	private <T> Flux<ServerSentEvent<T>> readEvents(ClientResponse response, EventDialect<T> dialect,
			Scheduler scheduler, CallAttempt attempt) {
		if (isError(response.statusCode())) {
			return readError(response, attempt).flatMapMany(Flux::error);
		}
		MediaType contentType = response.headers().contentType().orElse(null);
		if (contentType != null && contentType.isCompatibleWith(MediaType.APPLICATION_JSON)) {
			return read(response, JsonNode.class, attempt).flatMapIterable((answer) -> {
				try {
					return this.eventDecoder.plainAnswer(answer, dialect);
				}
				catch (JacksonException | IllegalArgumentException ex) {
					throw this.translator.unreadable(response.statusCode(), headers(response),
							answer.toString().getBytes(StandardCharsets.UTF_8), ex, attempt);
				}
			});
		}
		return this.eventDecoder.decode(lines(response, attempt), dialect, response.statusCode(), headers(response), attempt,
				this.readTimeout, this.streamIdleTimeout, scheduler);
	}

	// a stream's body as lines; a line longer than the size limit is an unreadable answer
	private Flux<String> lines(ClientResponse response, CallAttempt attempt) {
		return this.lineSplitter.split(response.body(BodyExtractors.toDataBuffers()))
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> this.translator.unreadable(response.statusCode(), headers(response), NO_BODY, ex, attempt));
	}

	/**
	 * Read a response as a download: its body as it comes, buffer by buffer, never joined. An error status becomes
	 * its typed exception; a JSON body (the gateway answers errors with a 200 now and then) is read whole, within
	 * the size limit, and fails typed when it is an error, else comes as one buffer. The wait for the first buffer
	 * is bounded by the read timeout, each wait after by the stream idle timeout, the whole body by the size limit;
	 * a buffer that goes over it is released, not delivered.
	 * @param response the response
	 * @param maxSize the largest body, in bytes
	 * @param scheduler the scheduler that times the waits
	 * @return the body
	 */
	public Flux<DataBuffer> readBinary(ClientResponse response, long maxSize, Scheduler scheduler) {
		return Flux.deferContextual((context) -> readBinary(response, maxSize, scheduler, attempt(response, context)));
	}

	private Flux<DataBuffer> readBinary(ClientResponse response, long maxSize, Scheduler scheduler,
			CallAttempt attempt) {
		if (isError(response.statusCode())) {
			return readError(response, attempt).flatMapMany(Flux::error);
		}
		MediaType contentType = response.headers().contentType().orElse(null);
		if (contentType != null && contentType.isCompatibleWith(MediaType.APPLICATION_JSON)) {
			int limit = (int) Math.min(maxSize, Integer.MAX_VALUE);
			return read(response, byte[].class, attempt, limit).map((bytes) -> {
				failIfError(response.statusCode(), headers(response), bytes, attempt);
				return (DataBuffer) DefaultDataBufferFactory.sharedInstance.wrap(bytes);
			}).flux();
		}
		IdleWatchdog watchdog = new IdleWatchdog(this.readTimeout, this.streamIdleTimeout,
				this.binaryTimers.get(scheduler));
		long[] seen = new long[1];
		return watchdog.watch(response.body(BodyExtractors.toDataBuffers()))
			.onErrorMap(TimeoutException.class,
					(ex) -> new AiApiTimeoutException(
							(seen[0] == 0) ? AiApiTimeoutException.Phase.READ : AiApiTimeoutException.Phase.STREAM_IDLE,
							(seen[0] == 0) ? this.readTimeout : this.streamIdleTimeout, attempt, ex))
			.map((buffer) -> {
				seen[0] += buffer.readableByteCount();
				if (seen[0] > maxSize) {
					DataBufferUtils.release(buffer);
					throw this.translator.unreadable(response.statusCode(), headers(response), NO_BODY,
							new DataBufferLimitException("Download larger than " + maxSize + " bytes"), attempt);
				}
				return buffer;
			})
			// a buffer that races the watchdog's expiry or a cancel is dropped or discarded by the operator it
			// reaches (Reactor's serialized subscriber): released here, not left to the garbage collector.
			// DataBufferUtils.release checks the buffer is still allocated, so a caller's own discard hook
			// releasing it too does no harm
			.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
			.contextWrite((context) -> context.put(ON_NEXT_DROPPED, RELEASE_DROPPED));
	}

	/**
	 * Translate a failure that left no response, or broke one off (see
	 * {@link AiApiErrorTranslator#transportFailure}).
	 * @param failure the failure
	 * @param method the request method
	 * @param uri the request URI
	 * @return the exception; an {@link AiApiException} is returned unchanged
	 */
	public AiApiException failure(Throwable failure, @Nullable HttpMethod method, @Nullable URI uri) {
		return this.translator.transportFailure(failure, method, uri);
	}

	/**
	 * Translate a failure of the attempt a Reactor context is in.
	 * @param failure the failure
	 * @param method the request method
	 * @param uri the request URI
	 * @param context the attempt's context
	 * @return the exception; an {@link AiApiException} is returned unchanged
	 */
	public AiApiException failure(Throwable failure, @Nullable HttpMethod method, @Nullable URI uri,
			ContextView context) {
		return this.translator.transportFailure(failure, CallAttempt.of(method, uri, context));
	}

	private static CallAttempt attempt(ClientResponse response, ContextView context) {
		return CallAttempt.of(response.request().getMethod(), response.request().getURI(), context);
	}

	private static boolean isError(HttpStatusCode status) {
		return status.value() >= 300 || status.value() < 200;
	}

	private static HttpHeaders headers(ClientResponse response) {
		return response.headers().asHttpHeaders();
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	@SuppressWarnings("unchecked")
	private <T> @Nullable T decode(HttpStatusCode status, HttpHeaders headers, byte[] bytes, Class<T> type,
			CallAttempt attempt) {
		if (type == byte[].class) {
			return (T) bytes;
		}
		boolean mayBeError = ErrorBodyParser.mayBeError(bytes);
		if (type == Void.class || type == String.class) {
			// no value wanted (a 204, a DELETE), or the text as it came: only an error in a JSON body matters
			if (mayBeError) {
				failIfError(status, headers, bytes, attempt);
			}
			return (type == String.class) ? (T) new String(bytes, StandardCharsets.UTF_8) : null;
		}
		if (bytes.length > 0 && type != VideoTask.class && type != TaskBody.class && !mayBeError) {
			// the common case: a success body with no "error" or "success" member anywhere, read in one pass
			try {
				T value = this.readers.get(type).readValue(bytes);
				if (value != null) {
					return value;
				}
			}
			catch (JacksonException ex) {
				throw this.translator.unreadable(status, headers, bytes, ex, attempt);
			}
		}
		JsonNode tree;
		try {
			tree = (bytes.length > 0) ? this.mapper.readTree(bytes) : null;
		}
		catch (JacksonException ex) {
			throw this.translator.unreadable(status, headers, bytes, ex, attempt);
		}
		if (tree == null || !tree.isObject()) {
			throw this.translator.unreadable(status, headers, bytes, null, attempt);
		}
		if (ErrorBodyParser.isError(tree)) {
			throw this.translator.translate(status, headers, ErrorBodyParser.fromJson(tree, text(bytes), false),
						attempt);
		}
		if (type == TaskBody.class) {
			GatewayError refusal = TaskJson.refusal(tree);
			if (refusal != null) {
				throw this.translator.translateInStream(status, headers, refusal, attempt);
			}
			@SuppressWarnings("unchecked")
			T body = (T) new TaskBody(tree);
			return body;
		}
		if (type == VideoTask.class) {
			tree = unwrapTaskEnvelope(tree);
		}
		try {
			return this.mapper.treeToValue(tree, type);
		}
		catch (JacksonException ex) {
			throw this.translator.unreadable(status, headers, bytes, ex, attempt);
		}
	}

	// a body kept as it came (raw text, bytes) still fails typed when it is a gateway error in JSON
	private void failIfError(HttpStatusCode status, HttpHeaders headers, byte[] bytes, CallAttempt attempt) {
		if (ErrorBodyParser.mayBeError(bytes)) {
			JsonNode tree = tryTree(bytes);
			if (tree != null && ErrorBodyParser.isError(tree)) {
				throw this.translator.translate(status, headers, ErrorBodyParser.fromJson(tree, text(bytes), false),
						attempt);
			}
		}
	}

	private @Nullable JsonNode tryTree(byte[] bytes) {
		try {
			return this.mapper.readTree(bytes);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	// the raw text kept on an exception: bounded before it is decoded, whatever the body's size
	private static String text(byte[] bytes) {
		return new String(bytes, 0, Math.min(bytes.length, ErrorBodyParser.RAW_BODY_LIMIT), StandardCharsets.UTF_8);
	}

	// The /v1/video/generations dialect wraps the task: {"code":"success","data":{…}}.
	private static JsonNode unwrapTaskEnvelope(JsonNode tree) {
		JsonNode data = tree.path("data");
		return (data.isObject() && tree.path("id").isMissingNode() && tree.path("task_id").isMissingNode()) ? data
				: tree;
	}

	private static final class BoundedBody {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private long seen;

		private boolean cut;

		// whether enough has been read: the rest is not worth keeping the connection for
		boolean isDrained() {
			return this.seen >= ERROR_DRAIN_LIMIT;
		}

		BoundedBody append(DataBuffer buffer) {
			try {
				int readable = buffer.readableByteCount();
				this.seen += readable;
				int room = ERROR_BODY_LIMIT - this.bytes.size();
				if (readable > room) {
					this.cut = true;
				}
				int take = Math.min(room, readable);
				if (take > 0) {
					byte[] chunk = new byte[take];
					buffer.read(chunk);
					this.bytes.write(chunk, 0, take);
				}
				return this;
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}

		byte[] bytes() {
			return this.bytes.toByteArray();
		}

		boolean isCut() {
			return this.cut || this.seen > this.bytes.size();
		}

	}

}
