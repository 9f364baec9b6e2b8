package services.aiapi.model.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One streamed event of the Messages API. Its {@link #type()} says which fields it carries: {@code message_start}
 * the {@link #message()} (no content yet, the input usage); {@code content_block_start} the {@link #index()} and
 * {@link #contentBlock()}; {@code content_block_delta} the index and a {@link #delta()} ({@code text_delta},
 * {@code input_json_delta}, {@code thinking_delta}, {@code signature_delta}); {@code content_block_stop} the
 * index; {@code message_delta} a delta with the stop reason, and the output {@link #usage()};
 * {@code message_stop} nothing; {@code ping} nothing. Unknown types arrive with their {@code type}. An
 * {@code error} event never arrives here: the template fails the stream with the typed exception it stands for.
 *
 * @param type the event's type
 * @param message the message ({@code message_start})
 * @param index the content block the event is about
 * @param contentBlock the block ({@code content_block_start})
 * @param delta what changed ({@code content_block_delta}, {@code message_delta})
 * @param usage the usage so far ({@code message_delta})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessageStreamEvent(@Nullable String type, @Nullable MessageResponse message, @Nullable Integer index,
		@JsonProperty("content_block") @Nullable ContentBlock contentBlock, @Nullable Delta delta,
		@Nullable MessageUsage usage) {

	/** The type of the event that ends a complete stream. */
	public static final String MESSAGE_STOP = "message_stop";

	/**
	 * Return the events that stand for a whole message (a server that answered a stream request at once): a
	 * {@code message_start} carrying it whole, and a {@code message_stop}.
	 * @param message the message
	 * @return the two events
	 */
	public static java.util.List<MessageStreamEvent> of(MessageResponse message) {
		return java.util.List.of(new MessageStreamEvent("message_start", message, null, null, null, null),
				new MessageStreamEvent(MESSAGE_STOP, null, null, null, null, null));
	}

	/**
	 * Return the text of this event if it is a text delta.
	 * @return the text, or an empty string
	 */
	public String textDelta() {
		return ("content_block_delta".equals(this.type) && this.delta != null && "text_delta".equals(this.delta.type())
				&& this.delta.text() != null) ? this.delta.text() : "";
	}

	/**
	 * A change: to a content block ({@code text_delta}, {@code input_json_delta}, {@code thinking_delta},
	 * {@code signature_delta}) or to the message ({@code message_delta}: stop reason and sequence).
	 *
	 * @param type the delta's type (none for a message delta)
	 * @param text the text added ({@code text_delta})
	 * @param partialJson a piece of a tool call's input JSON ({@code input_json_delta})
	 * @param thinking the thinking added ({@code thinking_delta})
	 * @param signature the thinking block's signature ({@code signature_delta})
	 * @param stopReason why the message stopped ({@code message_delta})
	 * @param stopSequence the stop sequence that ended it ({@code message_delta})
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Delta(@Nullable String type, @Nullable String text,
			@JsonProperty("partial_json") @Nullable String partialJson, @Nullable String thinking,
			@Nullable String signature, @JsonProperty("stop_reason") @Nullable String stopReason,
			@JsonProperty("stop_sequence") @Nullable String stopSequence) {

	}

}
