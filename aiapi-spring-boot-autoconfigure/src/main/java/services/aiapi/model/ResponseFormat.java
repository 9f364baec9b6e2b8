package services.aiapi.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The form of the answer: {@link #text() text}, {@link #jsonObject() any JSON object}, or JSON that follows
 * {@link #jsonSchema(String, Map, boolean) a schema} (structured output).
 *
 * @param type {@code text}, {@code json_object} or {@code json_schema}
 * @param jsonSchema the schema, for {@code json_schema}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResponseFormat(String type, @JsonProperty("json_schema") @Nullable JsonSchema jsonSchema) {

	/**
	 * Plain text, the default.
	 * @return the format
	 */
	public static ResponseFormat text() {
		return new ResponseFormat("text", null);
	}

	/**
	 * Any valid JSON object ("JSON mode"); the prompt must still ask for JSON.
	 * @return the format
	 */
	public static ResponseFormat jsonObject() {
		return new ResponseFormat("json_object", null);
	}

	/**
	 * JSON that follows a schema.
	 * @param name the schema's name: letters, digits, {@code _} and {@code -}, at most 64
	 * @param schema a JSON schema
	 * @param strict whether the provider holds the answer to the schema exactly
	 * @return the format
	 */
	public static ResponseFormat jsonSchema(String name, Map<String, Object> schema, boolean strict) {
		return new ResponseFormat("json_schema", new JsonSchema(name, null, schema, strict));
	}

	/**
	 * A named JSON schema.
	 *
	 * @param name the schema's name
	 * @param description what the answer is
	 * @param schema the JSON schema
	 * @param strict whether the provider holds the answer to the schema exactly
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record JsonSchema(String name, @Nullable String description, @Nullable Map<String, Object> schema,
			@Nullable Boolean strict) {

	}

}
