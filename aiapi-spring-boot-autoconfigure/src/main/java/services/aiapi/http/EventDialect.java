package services.aiapi.http;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

import services.aiapi.error.CallAttempt;
import services.aiapi.error.StreamTruncatedException;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.Usage;
import services.aiapi.model.messages.MessageResponse;
import services.aiapi.model.messages.MessageStreamEvent;
import services.aiapi.model.responses.Response;
import services.aiapi.model.responses.ResponseStreamEvent;

/**
 * What a stream of server-sent events carries and how it ends: the type each event's data is read as, the event
 * that completes the stream (a stream that ends without it is truncated), the text of an event (kept when the
 * stream is cut), the token usage an event reports, and what a plain JSON answer to a stream request stands for.
 * Error events are recognised in every dialect the gateway relays, whatever the dialect says (see
 * {@link ResponseReader#readEvents}).
 *
 * @param <T> the type of each event's data
 */
public final class EventDialect<T> {

	private final Class<T> type;

	private final @Nullable Predicate<T> completes;

	private final String completingEvent;

	private final Function<T, @Nullable String> text;

	private final Function<T, @Nullable Usage> usage;

	private final @Nullable Function<JsonNode, List<T>> plainAnswer;

	// whether the events after the completing one are still read (a chat stream's usage chunk follows its
	// finish_reason) rather than drained
	private final boolean readsOn;

	private final Truncation truncation;

	private EventDialect(Class<T> type, @Nullable Predicate<T> completes, String completingEvent,
			Function<T, @Nullable String> text, Function<T, @Nullable Usage> usage,
			@Nullable Function<JsonNode, List<T>> plainAnswer, boolean readsOn, Truncation truncation) {
		this.type = type;
		this.completes = completes;
		this.completingEvent = completingEvent;
		this.text = text;
		this.usage = usage;
		this.plainAnswer = plainAnswer;
		this.readsOn = readsOn;
		this.truncation = truncation;
	}

	/**
	 * How a stream that ended before its completing event is reported.
	 */
	@FunctionalInterface
	interface Truncation {

		StreamTruncatedException truncated(String text, int events, String completingEvent, CallAttempt attempt);

	}

	private static final Truncation EVENTS_TRUNCATED = StreamTruncatedException::new;

	/**
	 * A dialect whose stream ends with its body (or {@code [DONE]}): each event's data read as the given type.
	 * {@code String} is the data as it came; Jackson's {@code JsonNode} the data as a tree.
	 * @param <T> the type
	 * @param type the type of each event's data
	 * @return the dialect
	 */
	public static <T> EventDialect<T> of(Class<T> type) {
		Assert.notNull(type, "Type must not be null");
		return new EventDialect<>(type, null, "", (event) -> null, (event) -> null, null, false, EVENTS_TRUNCATED);
	}

	/**
	 * The Responses API's events: complete with {@code response.completed} or {@code response.incomplete}, text
	 * from {@code response.output_text.delta}, usage from the terminal event's response; a plain answer is the
	 * response, as one terminal event.
	 * @param mapper the mapper a plain answer is read with
	 * @return the dialect
	 */
	public static EventDialect<ResponseStreamEvent> responses(JsonMapper mapper) {
		return of(ResponseStreamEvent.class).completedBy(ResponseStreamEvent::isTerminal, "response.completed")
			.text(ResponseStreamEvent::textDelta)
			.usage((event) -> (event.isTerminal() && event.response() != null && event.response().usage() != null)
					? event.response().usage().toUsage() : null)
			.plainAnswer((answer) -> List.of(ResponseStreamEvent.of(mapper.treeToValue(answer, Response.class))));
	}

	/**
	 * Anthropic's Messages API's events: complete with {@code message_stop}, text from {@code text_delta}s, usage
	 * from {@code message_start} (input) and {@code message_delta} (output); a plain answer is the message, as a
	 * {@code message_start} and a {@code message_stop}.
	 * @param mapper the mapper a plain answer is read with
	 * @return the dialect
	 */
	public static EventDialect<MessageStreamEvent> messages(JsonMapper mapper) {
		return of(MessageStreamEvent.class)
			.completedBy((event) -> MessageStreamEvent.MESSAGE_STOP.equals(event.type()), "message_stop")
			.text(MessageStreamEvent::textDelta)
			.usage(EventDialect::messageUsage)
			.plainAnswer((answer) -> MessageStreamEvent.of(mapper.treeToValue(answer, MessageResponse.class)));
	}

	private static @Nullable Usage messageUsage(MessageStreamEvent event) {
		if ("message_start".equals(event.type()) && event.message() != null && event.message().usage() != null) {
			return event.message().usage().toUsage();
		}
		if ("message_delta".equals(event.type()) && event.usage() != null) {
			return event.usage().toUsage();
		}
		return null;
	}

	/**
	 * Return a copy whose stream is complete only once an event satisfies the predicate; a stream that ends
	 * before is a {@link services.aiapi.error.StreamTruncatedException}. Events after it are not read.
	 * @param completes whether an event completes the stream
	 * @param completingEvent the completing event's name, for messages
	 * @return the copy
	 */
	public EventDialect<T> completedBy(Predicate<T> completes, String completingEvent) {
		return new EventDialect<>(this.type, completes, completingEvent, this.text, this.usage, this.plainAnswer,
				this.readsOn, this.truncation);
	}

	/**
	 * Return a copy that reads the text an event carries (kept on a truncated stream's exception).
	 * @param text the text of an event, or {@code null}
	 * @return the copy
	 */
	public EventDialect<T> text(Function<T, @Nullable String> text) {
		return new EventDialect<>(this.type, this.completes, this.completingEvent, text, this.usage, this.plainAnswer,
				this.readsOn, this.truncation);
	}

	/**
	 * Return a copy that reads the token usage an event reports (recorded in the GenAI token metrics; the fields
	 * of later events win, earlier ones fill what they leave out).
	 * @param usage the usage of an event, or {@code null}
	 * @return the copy
	 */
	public EventDialect<T> usage(Function<T, @Nullable Usage> usage) {
		return new EventDialect<>(this.type, this.completes, this.completingEvent, this.text, usage, this.plainAnswer,
				this.readsOn, this.truncation);
	}

	/**
	 * Return a copy that turns a plain JSON answer to a stream request (a server that ignored
	 * {@code "stream": true}) into the events it stands for.
	 * @param plainAnswer the events of a plain answer
	 * @return the copy
	 */
	public EventDialect<T> plainAnswer(Function<JsonNode, List<T>> plainAnswer) {
		return new EventDialect<>(this.type, this.completes, this.completingEvent, this.text, this.usage, plainAnswer,
				this.readsOn, this.truncation);
	}

	// a copy that keeps reading after the completing event, until [DONE] or the end of the body
	EventDialect<T> readingOn() {
		return new EventDialect<>(this.type, this.completes, this.completingEvent, this.text, this.usage,
				this.plainAnswer, true, this.truncation);
	}

	// a copy that reports a truncated stream its own way
	EventDialect<T> truncation(Truncation truncation) {
		return new EventDialect<>(this.type, this.completes, this.completingEvent, this.text, this.usage,
				this.plainAnswer, this.readsOn, truncation);
	}

	/**
	 * OpenAI's chat completion chunks: complete once a chunk reports a {@code finish_reason} (the usage chunk that
	 * follows is still read, up to {@code [DONE]}), the content deltas kept, the usage chunk's usage; a stream
	 * without any {@code finish_reason} is a truncated chat stream.
	 * @return the dialect
	 */
	static EventDialect<ChatCompletionChunk> chat() {
		return of(ChatCompletionChunk.class)
			.completedBy((chunk) -> chunk.finishReason() != null, "finish_reason")
			.text(ChatCompletionChunk::content)
			.usage(ChatCompletionChunk::usage)
			.readingOn()
			.truncation((text, events, completing, attempt) -> new StreamTruncatedException(text, events, attempt));
	}

	boolean readsOn() {
		return this.readsOn;
	}

	StreamTruncatedException truncated(String text, int events, CallAttempt attempt) {
		return this.truncation.truncated(text, events, this.completingEvent, attempt);
	}

	Class<T> type() {
		return this.type;
	}

	boolean isCompletedBy(T event) {
		return this.completes != null && this.completes.test(event);
	}

	boolean needsCompletion() {
		return this.completes != null;
	}

	String completingEvent() {
		return this.completingEvent;
	}

	@Nullable String text(T event) {
		return this.text.apply(event);
	}

	/**
	 * Return the token usage an event reports.
	 * @param event the event
	 * @return its usage, or {@code null}
	 */
	public @Nullable Usage usage(T event) {
		return this.usage.apply(event);
	}

	@Nullable Function<JsonNode, List<T>> plainAnswer() {
		return this.plainAnswer;
	}

}
