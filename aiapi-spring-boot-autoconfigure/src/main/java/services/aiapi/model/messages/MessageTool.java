package services.aiapi.model.messages;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A tool the model may call.
 *
 * @param name the tool's name
 * @param description what it does
 * @param inputSchema its input, as a JSON schema
 * @param cacheControl a prompt-cache breakpoint
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageTool(String name, @Nullable String description,
		@JsonProperty("input_schema") Map<String, Object> inputSchema,
		@JsonProperty("cache_control") @Nullable Map<String, Object> cacheControl) {

	public MessageTool {
		Assert.hasText(name, "Name must not be empty");
		Assert.notNull(inputSchema, "Input schema must not be null");
	}

	/**
	 * A tool.
	 * @param name its name
	 * @param description what it does
	 * @param inputSchema its input, as a JSON schema
	 * @return the tool
	 */
	public static MessageTool of(String name, @Nullable String description, Map<String, Object> inputSchema) {
		return new MessageTool(name, description, inputSchema, null);
	}

}
