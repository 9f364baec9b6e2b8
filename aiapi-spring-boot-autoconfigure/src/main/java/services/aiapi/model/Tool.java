package services.aiapi.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A tool the model may call: a function with a JSON-schema for its parameters.
 *
 * @param type always {@code function}
 * @param function the function
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Tool(String type, Function function) {

	/**
	 * Create a function tool.
	 * @param name the function's name: letters, digits, {@code _} and {@code -}, at most 64
	 * @param description what it does, for the model to decide when to call it
	 * @param parameters a JSON schema of type {@code object} for its arguments
	 * @return the tool
	 */
	public static Tool function(String name, @Nullable String description, Map<String, Object> parameters) {
		return new Tool("function", new Function(name, description, parameters, null));
	}

	/**
	 * Create a function tool that the provider holds to its schema ({@code strict}: every property required,
	 * {@code additionalProperties: false}).
	 * @param name the function's name
	 * @param description what it does
	 * @param parameters a JSON schema of type {@code object}
	 * @return the tool
	 */
	public static Tool strictFunction(String name, @Nullable String description, Map<String, Object> parameters) {
		return new Tool("function", new Function(name, description, parameters, true));
	}

	/**
	 * A function definition.
	 *
	 * @param name the function's name
	 * @param description what it does
	 * @param parameters a JSON schema of type {@code object} for its arguments; {@code null} for none
	 * @param strict whether the provider holds the arguments to the schema
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Function(String name, @Nullable String description, @Nullable Map<String, Object> parameters,
			@Nullable Boolean strict) {

	}

}
