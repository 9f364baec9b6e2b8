package services.aiapi.model.responses;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A tool the model may use. Function tools are flat in the Responses API (no {@code function} wrapper as in chat
 * completions); built-in tools ({@code web_search} ...) are named by their type.
 *
 * @param type {@code function}, or a built-in tool's type
 * @param name the function's name
 * @param description what the function does
 * @param parameters the function's parameters, as a JSON schema
 * @param strict whether the model must follow the schema exactly
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseTool(String type, @Nullable String name, @Nullable String description,
		@Nullable Map<String, Object> parameters, @Nullable Boolean strict) {

	/**
	 * A function tool.
	 * @param name the function's name
	 * @param description what it does
	 * @param parameters its parameters, as a JSON schema
	 * @return the tool
	 */
	public static ResponseTool function(String name, @Nullable String description, Map<String, Object> parameters) {
		Assert.hasText(name, "Name must not be empty");
		Assert.notNull(parameters, "Parameters must not be null");
		return new ResponseTool("function", name, description, parameters, null);
	}

	/**
	 * A built-in tool.
	 * @param type its type, such as {@code web_search}
	 * @return the tool
	 */
	public static ResponseTool builtIn(String type) {
		Assert.hasText(type, "Type must not be empty");
		return new ResponseTool(type, null, null, null, null);
	}

}
