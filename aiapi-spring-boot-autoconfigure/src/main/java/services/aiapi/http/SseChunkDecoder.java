package services.aiapi.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.Assert;

import services.aiapi.error.AiApiErrorTranslator;
import services.aiapi.error.AiApiRequestException;
import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.CallAttempt;
import services.aiapi.error.ErrorBodyParser;
import services.aiapi.error.StreamTruncatedException;
import services.aiapi.model.ChatCompletionChunk;

/**
 * Turns the lines of a chat completion's server-sent events into chunks. Follows what the gateway really sends:
 * {@code :} comment lines (pings) are skipped; {@code data:} comes with or without a space; {@code [DONE]} ends
 * the stream, whose response is still read to its end, so that its connection goes back to the pool instead of
 * being closed (a server that keeps it open gets {@link #DRAIN_GRACE}, then the stream completes all the same); a
 * {@code data:} event or a raw line carrying {@code {"error":…}} becomes the typed exception; a stream that ends
 * without any {@code finish_reason} fails with {@link StreamTruncatedException}, which keeps what was received;
 * silence longer than the idle timeout fails with {@link AiApiTimeoutException}.
 */
final class SseChunkDecoder {

	/** The longest wait, after {@code [DONE]}, for the end of the response before the stream completes anyway. */
	static final Duration DRAIN_GRACE = Duration.ofMillis(100);

	// Identity-compared marker: the end of the line stream.
	private static final String END_OF_LINES = new String("end-of-lines");

	private final JsonMapper mapper;

	private final AiApiErrorTranslator translator;

	private final ObjectReader chunkReader;

	// the timer of this decoder's watchdogs; callers pass the same scheduler every time
	private final WatchdogTimer.PerScheduler timers = new WatchdogTimer.PerScheduler();

	SseChunkDecoder(JsonMapper mapper, AiApiErrorTranslator translator) {
		Assert.notNull(mapper, "JsonMapper must not be null");
		Assert.notNull(translator, "Translator must not be null");
		this.mapper = mapper;
		this.translator = translator;
		this.chunkReader = mapper.readerFor(ChatCompletionChunk.class);
	}

	/**
	 * Decode a stream of lines.
	 * @param lines the lines of the response body, without line terminators
	 * @param status the response status, kept on exceptions
	 * @param headers the response headers, kept on exceptions
	 * @param attempt the request and attempt, kept on exceptions
	 * @param firstTimeout the longest wait for the first line
	 * @param idleTimeout the longest wait between two lines
	 * @param scheduler the scheduler that times the waits
	 * @return the chunks
	 */
	Flux<ChatCompletionChunk> decode(Flux<String> lines, HttpStatusCode status, HttpHeaders headers,
			CallAttempt attempt, Duration firstTimeout,
			Duration idleTimeout, Scheduler scheduler) {
		return Flux.defer(() -> {
			IdleWatchdog watchdog = new IdleWatchdog(firstTimeout, idleTimeout, this.timers.get(scheduler));
			StreamState state = new StreamState(status, headers, attempt, watchdog);
			return watchdog.watch(lines)
				.onErrorMap(TimeoutException.class,
						(ex) -> new AiApiTimeoutException(
								state.chunks == 0 ? AiApiTimeoutException.Phase.READ
										: AiApiTimeoutException.Phase.STREAM_IDLE,
								state.chunks == 0 ? firstTimeout : idleTimeout, attempt, ex))
				// after [DONE] the answer is complete: a failure while draining the rest costs only the connection
				.onErrorResume((ex) -> state.done, (ex) -> Mono.empty())
				.concatWith(Mono.just(END_OF_LINES))
				.concatMapIterable(state::accept, LineSplitter.PREFETCH)
				.onErrorMap((ex) -> ex instanceof AiApiRequestException && !(ex instanceof AiApiTimeoutException)
						&& state.chunks > 0,
						(ex) -> new StreamTruncatedException(state.content.toString(), state.chunks, attempt, ex));
		});
	}

	private final class StreamState {

		private final HttpStatusCode status;

		private final HttpHeaders headers;

		private final CallAttempt attempt;

		private final IdleWatchdog watchdog;

		private final StringBuilder data = new StringBuilder();

		private final StringBuilder content = new StringBuilder();

		private boolean hasData;

		private boolean finished;

		private int chunks;

		// [DONE] was received: the rest of the response is read and dropped
		private volatile boolean done;

		StreamState(HttpStatusCode status, HttpHeaders headers, CallAttempt attempt, IdleWatchdog watchdog) {
			this.status = status;
			this.headers = headers;
			this.attempt = attempt;
			this.watchdog = watchdog;
		}

		List<ChatCompletionChunk> accept(String line) {
			if (this.done) {
				return List.of();
			}
			if (line == END_OF_LINES) {
				List<ChatCompletionChunk> last = flush();
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
				int start = (line.length() > 5 && line.charAt(5) == ' ') ? 6 : 5;
				if (this.hasData) {
					this.data.append('\n');
				}
				this.data.append(line, start, line.length());
				this.hasData = true;
				return List.of();
			}
			if (first == '{' && !this.hasData) {
				return event(line.trim());
			}
			// event:, id:, retry: and anything unknown carry nothing a chat client needs
			return List.of();
		}

		private List<ChatCompletionChunk> flush() {
			if (!this.hasData) {
				return List.of();
			}
			String event = this.data.toString().trim();
			this.data.setLength(0);
			this.hasData = false;
			return event(event);
		}

		private List<ChatCompletionChunk> event(String event) {
			if (event.isEmpty()) {
				return List.of();
			}
			if ("[DONE]".equals(event)) {
				end();
				this.done = true;
				this.watchdog.finishing(DRAIN_GRACE);
				return List.of();
			}
			ChatCompletionChunk chunk;
			try {
				chunk = ErrorBodyParser.mayBeError(event) ? checkedChunk(event)
						// the common case: an event with no "error" or "success" member, read in one pass
						: SseChunkDecoder.this.chunkReader.readValue(event);
			}
			catch (JacksonException ex) {
				throw SseChunkDecoder.this.translator.unreadable(this.status, this.headers,
						event.getBytes(StandardCharsets.UTF_8), ex, this.attempt);
			}
			if (chunk == null) {
				// the event "null"
				throw SseChunkDecoder.this.translator.unreadable(this.status, this.headers,
						event.getBytes(StandardCharsets.UTF_8), null, this.attempt);
			}
			this.chunks++;
			this.content.append(chunk.content());
			if (chunk.finishReason() != null) {
				this.finished = true;
			}
			return List.of(chunk);
		}

		private ChatCompletionChunk checkedChunk(String event) {
			JsonNode tree = SseChunkDecoder.this.mapper.readTree(event);
			if (ErrorBodyParser.isError(tree)) {
				throw SseChunkDecoder.this.translator.translate(this.status, this.headers,
						ErrorBodyParser.fromJson(tree, event, false), this.attempt);
			}
			return SseChunkDecoder.this.mapper.treeToValue(tree, ChatCompletionChunk.class);
		}

		private void end() {
			if (!this.finished) {
				throw new StreamTruncatedException(this.content.toString(), this.chunks, this.attempt);
			}
		}

	}

}
