package services.aiapi.model.responses;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One streamed event of the Responses API. Its {@link #type()} says which fields it carries:
 * {@code response.created} / {@code .in_progress} / {@code .completed} / {@code .incomplete} the
 * {@link #response()}; {@code response.output_item.added} / {@code .done} an {@link #item()};
 * {@code response.output_text.delta}, {@code response.refusal.delta},
 * {@code response.function_call_arguments.delta} and {@code response.reasoning_summary_text.delta} a
 * {@link #delta()}; their {@code .done} events the whole {@link #text()} or {@link #arguments()}. Event types this
 * record does not know arrive with their {@code type} (the API adds types as it grows); they are never an error.
 * The {@code error} and {@code response.failed} events never arrive here: the template fails the stream with the
 * typed exception they stand for.
 *
 * @param type the event's type
 * @param sequenceNumber the event's position in the stream
 * @param response the response so far ({@code response.*} lifecycle events)
 * @param outputIndex the index of the output item the event is about
 * @param contentIndex the index of the content part the event is about
 * @param itemId the id of the output item the event is about
 * @param item the output item ({@code response.output_item.*})
 * @param part the content part ({@code response.content_part.*})
 * @param delta the text added ({@code *.delta})
 * @param text the whole text ({@code response.output_text.done}, {@code response.reasoning_summary_text.done})
 * @param arguments the whole arguments ({@code response.function_call_arguments.done})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResponseStreamEvent(@Nullable String type, @JsonProperty("sequence_number") @Nullable Integer sequenceNumber,
		@Nullable Response response, @JsonProperty("output_index") @Nullable Integer outputIndex,
		@JsonProperty("content_index") @Nullable Integer contentIndex, @JsonProperty("item_id") @Nullable String itemId,
		@Nullable ResponseOutputItem item, @Nullable ResponseContent part, @Nullable String delta,
		@Nullable String text, @Nullable String arguments) {

	/** The type of the event that ends a complete stream. */
	public static final String COMPLETED = "response.completed";

	/** The type of the event that ends a stream stopped early (see {@link Response#incompleteDetails()}). */
	public static final String INCOMPLETE = "response.incomplete";

	/** The type of a text delta. */
	public static final String OUTPUT_TEXT_DELTA = "response.output_text.delta";

	/**
	 * Return an event that stands for a whole response (a server that answered a stream request at once).
	 * @param response the response
	 * @return a {@code response.completed} (or {@code response.incomplete}) event
	 */
	public static ResponseStreamEvent of(Response response) {
		return new ResponseStreamEvent(response.isIncomplete() ? INCOMPLETE : COMPLETED, null, response, null, null,
				null, null, null, null, null, null);
	}

	/**
	 * Whether this event ends the stream: {@code response.completed} or {@code response.incomplete}.
	 * @return {@code true} for the last event
	 */
	@JsonIgnore
	public boolean isTerminal() {
		return COMPLETED.equals(this.type) || INCOMPLETE.equals(this.type);
	}

	/**
	 * Return the text of this event if it is an output text delta.
	 * @return the delta, or an empty string
	 */
	public String textDelta() {
		return (OUTPUT_TEXT_DELTA.equals(this.type) && this.delta != null) ? this.delta : "";
	}

}
