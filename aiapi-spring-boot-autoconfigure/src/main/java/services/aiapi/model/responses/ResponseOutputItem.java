package services.aiapi.model.responses;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One item of a response's output: a {@code message} (its content {@code output_text} or {@code refusal} parts),
 * a {@code function_call}, a {@code reasoning} item (its summary parts), or a built-in tool's item. Types this
 * record does not know keep their {@code type} and {@code id}.
 *
 * @param type the item's type
 * @param id the item's id
 * @param status {@code in_progress}, {@code completed} or {@code incomplete}
 * @param role for a message: {@code assistant}
 * @param content for a message: its parts
 * @param callId for a function call: the id its output is sent back with
 * @param name for a function call: the function
 * @param arguments for a function call: its arguments, as JSON text
 * @param summary for a reasoning item: the summary of the reasoning
 * @param encryptedContent for a reasoning item: the reasoning, encrypted, when asked for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResponseOutputItem(@Nullable String type, @Nullable String id, @Nullable String status,
		@Nullable String role, @Nullable List<ResponseContent> content, @JsonProperty("call_id") @Nullable String callId,
		@Nullable String name, @Nullable String arguments, @Nullable List<ResponseContent> summary,
		@JsonProperty("encrypted_content") @Nullable String encryptedContent) {

	/**
	 * Whether this item is a function call.
	 * @return {@code true} for a {@code function_call}
	 */
	@JsonIgnore
	public boolean isFunctionCall() {
		return "function_call".equals(this.type);
	}

	/**
	 * Return the text of this item: a message's {@code output_text} parts, or a reasoning item's summary.
	 * @return the text, or an empty string
	 */
	public String text() {
		List<ResponseContent> parts = "reasoning".equals(this.type) ? this.summary : this.content;
		if (parts == null) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		for (ResponseContent part : parts) {
			if (part != null && part.text() != null && !"refusal".equals(part.type())) {
				text.append(part.text());
			}
		}
		return text.toString();
	}

	/**
	 * Return the refusal of a message, if the model refused.
	 * @return the refusal's text, or {@code null}
	 */
	public @Nullable String refusal() {
		if (this.content == null) {
			return null;
		}
		for (ResponseContent part : this.content) {
			if (part != null && part.refusal() != null) {
				return part.refusal();
			}
		}
		return null;
	}

	/**
	 * Return a function call's output item, to send back in the next turn's input.
	 * @param output what the function returned
	 * @return the input item
	 */
	public ResponseInputItem output(String output) {
		if (!isFunctionCall() || this.callId == null) {
			throw new IllegalStateException("Not a function call: " + this.type);
		}
		return ResponseInputItem.functionCallOutput(this.callId, output);
	}

	/**
	 * Return this function call as an input item, to send back (before its output) in the next turn's input.
	 * @return the input item
	 */
	public ResponseInputItem asInput() {
		if (!isFunctionCall() || this.callId == null) {
			throw new IllegalStateException("Not a function call: " + this.type);
		}
		return ResponseInputItem.functionCall(this.callId, String.valueOf(this.name),
				(this.arguments != null) ? this.arguments : "{}");
	}

}
