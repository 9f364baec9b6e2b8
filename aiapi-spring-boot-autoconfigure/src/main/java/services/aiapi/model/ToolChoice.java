package services.aiapi.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * Whether and which tool the model calls: {@link #AUTO}, {@link #NONE}, {@link #REQUIRED} or
 * {@link #function(String) one named function}.
 */
public final class ToolChoice {

	/** The model decides. */
	public static final ToolChoice AUTO = new ToolChoice("auto", null);

	/** The model answers without calling a tool. */
	public static final ToolChoice NONE = new ToolChoice("none", null);

	/** The model calls at least one tool. */
	public static final ToolChoice REQUIRED = new ToolChoice("required", null);

	private final String mode;

	private final @Nullable String functionName;

	private ToolChoice(String mode, @Nullable String functionName) {
		this.mode = mode;
		this.functionName = functionName;
	}

	/**
	 * The model calls this function.
	 * @param name the function's name, one of the request's tools
	 * @return the choice
	 */
	public static ToolChoice function(String name) {
		return new ToolChoice("function", name);
	}

	/**
	 * Return {@code auto}, {@code none}, {@code required} or {@code function}.
	 * @return the mode
	 */
	public String mode() {
		return this.mode;
	}

	/**
	 * Return the named function, for {@link #function(String)}.
	 * @return the name, or {@code null}
	 */
	public @Nullable String functionName() {
		return this.functionName;
	}

	@JsonValue
	Object toJson() {
		if (this.functionName == null) {
			return this.mode;
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("type", "function");
		json.put("function", Map.of("name", this.functionName));
		return json;
	}

	@JsonCreator
	static ToolChoice fromJson(Object json) {
		if (json instanceof Map<?, ?> map && map.get("function") instanceof Map<?, ?> function
				&& function.get("name") instanceof String name) {
			return function(name);
		}
		return switch (String.valueOf(json)) {
			case "none" -> NONE;
			case "required" -> REQUIRED;
			default -> AUTO;
		};
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof ToolChoice that && this.mode.equals(that.mode)
				&& Objects.equals(this.functionName, that.functionName);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.mode, this.functionName);
	}

	@Override
	public String toString() {
		return (this.functionName != null) ? "function:" + this.functionName : this.mode;
	}

}
