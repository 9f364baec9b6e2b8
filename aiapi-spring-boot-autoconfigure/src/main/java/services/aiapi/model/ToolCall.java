package services.aiapi.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A call of a function tool, in an assistant message; in a stream, each delta carries a piece of one, found by its
 * {@code index} (the id and name come first, the arguments in pieces). {@link ChatCompletionAccumulator} puts the
 * pieces together.
 *
 * @param index the call's position among the message's calls; in stream deltas only
 * @param id the call's id, which the {@code tool} message answering it names
 * @param type always {@code function}
 * @param function the function and its arguments
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolCall(@Nullable Integer index, @Nullable String id, @Nullable String type,
		@Nullable FunctionCall function) {

	/**
	 * Create a function call, for an assistant message of an earlier turn.
	 * @param id the call's id
	 * @param name the function's name
	 * @param arguments the arguments, a JSON object as text
	 * @return the call
	 */
	public static ToolCall function(String id, String name, String arguments) {
		return new ToolCall(null, id, "function", new FunctionCall(name, arguments));
	}

	/**
	 * Return the function's name.
	 * @return the name, or {@code null}
	 */
	public @Nullable String name() {
		return (this.function != null) ? this.function.name() : null;
	}

	/**
	 * Return the arguments, a JSON object as text.
	 * @return the arguments, or {@code null}
	 */
	public @Nullable String arguments() {
		return (this.function != null) ? this.function.arguments() : null;
	}

	/**
	 * The function a call names.
	 *
	 * @param name the function's name
	 * @param arguments the arguments the model generated, a JSON object as text (not always valid JSON)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record FunctionCall(@Nullable String name, @Nullable String arguments) {

	}

}
