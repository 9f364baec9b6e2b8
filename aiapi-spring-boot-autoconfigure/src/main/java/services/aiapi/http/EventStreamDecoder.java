package services.aiapi.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.util.Assert;

import services.aiapi.error.AiApiErrorTranslator;
import services.aiapi.error.AiApiRequestException;
import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.CallAttempt;
import services.aiapi.error.ErrorBodyParser;
import services.aiapi.error.GatewayError;
import services.aiapi.error.StreamTruncatedException;

/**
 * The one reader of server-sent events, for every route and dialect (chat completion chunks included): each event's
 * data read as the {@link EventDialect} says, with its SSE event name and id where the caller wants them. Follows
 * what the gateway really sends: {@code :} comment lines (pings) skipped; {@code data:} with or without a space,
 * several joined; a raw JSON line outside the event syntax read as an event; {@code [DONE]} (or the dialect's
 * completing event, unless the dialect reads on after it) ends the stream, whose response is still read to its end
 * for {@link #DRAIN_GRACE} so that its connection goes back to the pool; a stream that ends before the dialect's
 * completion, or is cut after events, fails with {@link StreamTruncatedException}, which keeps the text received;
 * silence past the idle timeout with {@link AiApiTimeoutException}.
 *
 * <p>Error events are recognised in each dialect the gateway relays, whatever the route: OpenAI's
 * {@code {"error":{…}}}, Anthropic's {@code event: error} with {@code {"type":"error","error":{type, message}}},
 * the Responses API's {@code error} event ({@code {"type":"error","code","message"}}) and its
 * {@code response.failed} (the error inside {@code response.error}). Each is typed by the status its code or type
 * stands for ({@link AiApiErrorTranslator#translateInStream}).
 */
final class EventStreamDecoder {

	/** The longest wait, once a stream is complete, for the end of the response before it completes anyway. */
	static final Duration DRAIN_GRACE = Duration.ofMillis(100);

	// Identity-compared marker: the end of the line stream.
	private static final String END_OF_LINES = new String("end-of-lines");

	private final JsonMapper mapper;

	private final AiApiErrorTranslator translator;

	private final ClassValue<ObjectReader> readers = new ClassValue<>() {

		@Override
		protected ObjectReader computeValue(Class<?> type) {
			return EventStreamDecoder.this.mapper.readerFor(type);
		}

	};

	private final WatchdogTimer.PerScheduler timers = new WatchdogTimer.PerScheduler();

	EventStreamDecoder(JsonMapper mapper, AiApiErrorTranslator translator) {
		Assert.notNull(mapper, "JsonMapper must not be null");
		Assert.notNull(translator, "Translator must not be null");
		this.mapper = mapper;
		this.translator = translator;
	}

	/** What each decoded event becomes: Spring's {@code ServerSentEvent}, or the value alone. */
	@FunctionalInterface
	interface Emitter<T, E> {

		E emit(@Nullable String name, @Nullable String id, T value);

	}

	<T> Flux<ServerSentEvent<T>> decode(Flux<String> lines, EventDialect<T> dialect, HttpStatusCode status,
			HttpHeaders headers, CallAttempt attempt, Duration firstTimeout, Duration idleTimeout,
			Scheduler scheduler) {
		return decode(lines, dialect, EventStreamDecoder::serverSentEvent, status, headers, attempt, firstTimeout,
				idleTimeout, scheduler);
	}

	<T, E> Flux<E> decode(Flux<String> lines, EventDialect<T> dialect, Emitter<T, E> emitter, HttpStatusCode status,
			HttpHeaders headers, CallAttempt attempt, Duration firstTimeout, Duration idleTimeout,
			Scheduler scheduler) {
		return Flux.defer(() -> {
			IdleWatchdog watchdog = new IdleWatchdog(firstTimeout, idleTimeout, this.timers.get(scheduler));
			Events<T, E> state = new Events<>(dialect, emitter, status, headers, attempt, watchdog);
			return watchdog.watch(lines)
				.onErrorMap(TimeoutException.class,
						(ex) -> new AiApiTimeoutException(
								(state.events == 0) ? AiApiTimeoutException.Phase.READ
										: AiApiTimeoutException.Phase.STREAM_IDLE,
								(state.events == 0) ? firstTimeout : idleTimeout, attempt, ex))
				// once complete, a failure while draining the rest costs only the connection
				.onErrorResume((ex) -> state.done, (ex) -> Mono.empty())
				.concatWith(Mono.just(END_OF_LINES))
				.concatMapIterable(state::accept, LineSplitter.PREFETCH)
				.onErrorMap((ex) -> ex instanceof AiApiRequestException && !(ex instanceof AiApiTimeoutException)
						&& state.events > 0,
						(ex) -> new StreamTruncatedException(state.text.toString(), state.events, attempt, ex));
		});
	}

	private static <T> ServerSentEvent<T> serverSentEvent(@Nullable String name, @Nullable String id, T value) {
		ServerSentEvent.Builder<T> event = ServerSentEvent.builder(value);
		if (name != null) {
			event.event(name);
		}
		if (id != null) {
			event.id(id);
		}
		return event.build();
	}

	/**
	 * Read a plain JSON answer to a stream request as the events it stands for.
	 */
	<T> List<ServerSentEvent<T>> plainAnswer(JsonNode answer, EventDialect<T> dialect) {
		List<T> events = (dialect.plainAnswer() != null) ? dialect.plainAnswer().apply(answer)
				: List.of(value(answer, dialect.type()));
		return events.stream().map((event) -> ServerSentEvent.builder(event).build()).toList();
	}

	@SuppressWarnings("unchecked")
	private <T> T value(JsonNode tree, Class<T> type) {
		if (type == JsonNode.class) {
			return (T) tree;
		}
		if (type == String.class) {
			return (T) tree.toString();
		}
		return this.mapper.treeToValue(tree, type);
	}

	/**
	 * The error an event carries, in any dialect, or {@code null}.
	 */
	private @Nullable GatewayError error(@Nullable String name, String data) {
		boolean named = "error".equals(name) || "response.failed".equals(name);
		if (!named && !ErrorBodyParser.mayBeError(data)) {
			return null;
		}
		JsonNode tree;
		try {
			tree = this.mapper.readTree(data);
		}
		catch (JacksonException ex) {
			return named ? ErrorBodyParser.parse(data.getBytes(StandardCharsets.UTF_8), false) : null;
		}
		if (tree == null || !tree.isObject()) {
			return named ? ErrorBodyParser.parse(data.getBytes(StandardCharsets.UTF_8), false) : null;
		}
		String type = tree.path("type").asString("");
		if ("response.failed".equals(type) || ("response.failed".equals(name) && type.isEmpty())) {
			JsonNode error = tree.path("response").path("error");
			if (error.isObject()) {
				GatewayError read = ErrorBodyParser.fromJson(error, data, false);
				return new GatewayError(read.code(), (read.message() != null) ? read.message() : "The response failed",
						read.type(), read.param(), read.data(), read.rawBody(), read.bodyTruncated());
			}
			return new GatewayError(null, "The response failed", null, null, null, bounded(data), false);
		}
		if (ErrorBodyParser.isError(tree)) {
			return ErrorBodyParser.fromJson(tree, data, false);
		}
		if ("error".equals(type) || ("error".equals(name) && type.isEmpty())) {
			GatewayError read = ErrorBodyParser.fromJson(tree, data, false);
			// the Responses API's error event: its "type" names the event, not the error
			return new GatewayError(read.code(), read.message(), null, read.param(), read.data(), read.rawBody(),
					read.bodyTruncated());
		}
		return null;
	}

	private static String bounded(String data) {
		return (data.length() > ErrorBodyParser.RAW_BODY_LIMIT) ? data.substring(0, ErrorBodyParser.RAW_BODY_LIMIT)
				: data;
	}

	private final class Events<T, E> {

		private final EventDialect<T> dialect;

		private final Emitter<T, E> emitter;

		private final HttpStatusCode status;

		private final HttpHeaders headers;

		private final CallAttempt attempt;

		private final IdleWatchdog watchdog;

		private final StringBuilder data = new StringBuilder();

		private final StringBuilder text = new StringBuilder();

		private @Nullable String name;

		private @Nullable String id;

		private boolean hasData;

		private boolean completed;

		private int events;

		// the stream is complete ([DONE], or the dialect's completing event): the rest is read and dropped
		private volatile boolean done;

		Events(EventDialect<T> dialect, Emitter<T, E> emitter, HttpStatusCode status, HttpHeaders headers,
				CallAttempt attempt, IdleWatchdog watchdog) {
			this.dialect = dialect;
			this.emitter = emitter;
			this.status = status;
			this.headers = headers;
			this.attempt = attempt;
			this.watchdog = watchdog;
		}

		List<E> accept(String line) {
			if (this.done) {
				return List.of();
			}
			if (line == END_OF_LINES) {
				List<E> last = flush();
				if (!this.done) {
					end();
				}
				return last;
			}
			if (line.isEmpty()) {
				return flush();
			}
			char first = line.charAt(0);
			if (first == ':') {
				return List.of();
			}
			if (line.startsWith("data:")) {
				if (this.hasData) {
					this.data.append('\n');
				}
				this.data.append(line, valueStart(line, 5), line.length());
				this.hasData = true;
				return List.of();
			}
			if (line.startsWith("event:")) {
				this.name = line.substring(valueStart(line, 6)).strip();
				return List.of();
			}
			if (line.startsWith("id:")) {
				this.id = line.substring(valueStart(line, 3));
				return List.of();
			}
			if (first == '{' && !this.hasData) {
				// a raw JSON line, outside the event syntax (the gateway's raw error line)
				String raw = line.trim();
				String name = this.name;
				this.name = null;
				this.id = null;
				return event(name, null, raw);
			}
			// retry: and anything unknown
			return List.of();
		}

		private static int valueStart(String line, int colon) {
			return (line.length() > colon && line.charAt(colon) == ' ') ? colon + 1 : colon;
		}

		private List<E> flush() {
			if (!this.hasData) {
				// an event with no data is not dispatched (the SSE rules)
				this.name = null;
				return List.of();
			}
			String event = this.data.toString();
			String name = this.name;
			String id = this.id;
			this.data.setLength(0);
			this.hasData = false;
			this.name = null;
			this.id = null;
			return event(name, id, event);
		}

		private List<E> event(@Nullable String name, @Nullable String id, String data) {
			String trimmed = data.trim();
			if (trimmed.isEmpty()) {
				return List.of();
			}
			if ("[DONE]".equals(trimmed)) {
				complete();
				end();
				return List.of();
			}
			GatewayError error = error(name, trimmed);
			if (error != null) {
				throw EventStreamDecoder.this.translator.translateInStream(this.status, this.headers, error,
						this.attempt);
			}
			T value;
			try {
				value = decode(trimmed);
			}
			catch (JacksonException ex) {
				throw EventStreamDecoder.this.translator.unreadable(this.status, this.headers,
						trimmed.getBytes(StandardCharsets.UTF_8), ex, this.attempt);
			}
			if (value == null) {
				// the event "null"
				throw EventStreamDecoder.this.translator.unreadable(this.status, this.headers,
						trimmed.getBytes(StandardCharsets.UTF_8), null, this.attempt);
			}
			this.events++;
			String text = this.dialect.text(value);
			if (text != null) {
				this.text.append(text);
			}
			if (this.dialect.isCompletedBy(value)) {
				this.completed = true;
				if (!this.dialect.readsOn()) {
					complete();
				}
			}
			return List.of(this.emitter.emit(name, id, value));
		}

		@SuppressWarnings("unchecked")
		private @Nullable T decode(String data) {
			Class<T> type = this.dialect.type();
			if (type == String.class) {
				return (T) data;
			}
			if (type == JsonNode.class) {
				return (T) EventStreamDecoder.this.mapper.readTree(data);
			}
			return EventStreamDecoder.this.readers.get(type).readValue(data);
		}

		private void complete() {
			this.done = true;
			this.watchdog.finishing(DRAIN_GRACE);
		}

		private void end() {
			if (this.dialect.needsCompletion() && !this.completed) {
				throw this.dialect.truncated(this.text.toString(), this.events, this.attempt);
			}
		}

	}

}
