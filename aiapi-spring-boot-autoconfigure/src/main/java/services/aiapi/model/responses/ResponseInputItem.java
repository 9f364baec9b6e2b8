package services.aiapi.model.responses;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One item of a Responses API request's input: a message (its content as text or parts), a function call the
 * model made in an earlier turn, or the output of that call. Create one with the factory methods.
 *
 * @param type {@code message}, {@code function_call} or {@code function_call_output}
 * @param role for a message: {@code user}, {@code assistant}, {@code system} or {@code developer}
 * @param content for a message: a {@code String}, or a list of {@link ResponseContent} parts
 * @param callId for a function call and its output: the call's id
 * @param name for a function call: the function
 * @param arguments for a function call: its arguments, as JSON text
 * @param output for a function call output: what the function returned
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseInputItem(String type, @Nullable String role, @Nullable Object content,
		@JsonProperty("call_id") @Nullable String callId, @Nullable String name, @Nullable String arguments,
		@Nullable String output) {

	/**
	 * A message with text content.
	 * @param role {@code user}, {@code assistant}, {@code system} or {@code developer}
	 * @param text the text
	 * @return the item
	 */
	public static ResponseInputItem message(String role, String text) {
		Assert.hasText(role, "Role must not be empty");
		Assert.notNull(text, "Text must not be null");
		return new ResponseInputItem("message", role, text, null, null, null, null);
	}

	/**
	 * A message with content parts, such as {@code input_text} and {@code input_image}.
	 * @param role the role
	 * @param parts the parts
	 * @return the item
	 */
	public static ResponseInputItem message(String role, List<ResponseContent> parts) {
		Assert.hasText(role, "Role must not be empty");
		Assert.notNull(parts, "Parts must not be null");
		return new ResponseInputItem("message", role, List.copyOf(parts), null, null, null, null);
	}

	/**
	 * A user message.
	 * @param text the text
	 * @return the item
	 */
	public static ResponseInputItem user(String text) {
		return message("user", text);
	}

	/**
	 * A function call the model made, sent back with its output in the next turn.
	 * @param callId the call's id
	 * @param name the function
	 * @param arguments its arguments, as JSON text
	 * @return the item
	 */
	public static ResponseInputItem functionCall(String callId, String name, String arguments) {
		return new ResponseInputItem("function_call", null, null, callId, name, arguments, null);
	}

	/**
	 * The output of a function call.
	 * @param callId the call's id
	 * @param output what the function returned
	 * @return the item
	 */
	public static ResponseInputItem functionCallOutput(String callId, String output) {
		Assert.hasText(callId, "Call id must not be empty");
		Assert.notNull(output, "Output must not be null");
		return new ResponseInputItem("function_call_output", null, null, callId, null, null, output);
	}

}
