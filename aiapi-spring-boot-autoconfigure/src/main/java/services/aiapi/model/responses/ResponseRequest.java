package services.aiapi.model.responses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@code POST /v1/responses} request (OpenAI's Responses API). Build one with {@link #builder()}; parameters the
 * record does not name go in {@link Builder#extra(String, Object)} and are sent as top-level JSON fields.
 *
 * @param model the model id; {@code null} to use {@code aiapi.default-model}
 * @param input the input: a {@code String}, or a list of {@link ResponseInputItem}s
 * @param instructions a system (developer) message put before the input
 * @param tools the tools the model may use
 * @param toolChoice {@code auto}, {@code none}, {@code required}, or a map naming one function
 * @param text the form of the text output: plain text, JSON, or JSON following a schema
 * @param reasoning how hard a reasoning model thinks, and whether it summarises its reasoning
 * @param maxOutputTokens the most tokens to generate, reasoning included (positive)
 * @param temperature sampling temperature in [0, 2]
 * @param topP nucleus sampling in [0, 1]
 * @param metadata up to 16 key-value pairs kept with the response
 * @param previousResponseId the response this one continues (server-side conversation state)
 * @param store whether the provider keeps the response for later retrieval
 * @param parallelToolCalls whether the model may call several tools in one turn
 * @param stream whether to stream; set by the template, not by callers
 * @param extra further top-level parameters
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseRequest(@Nullable String model, @Nullable Object input, @Nullable String instructions,
		@Nullable List<ResponseTool> tools, @JsonProperty("tool_choice") @Nullable Object toolChoice,
		@Nullable TextConfig text, @Nullable Reasoning reasoning,
		@JsonProperty("max_output_tokens") @Nullable Integer maxOutputTokens, @Nullable Double temperature,
		@JsonProperty("top_p") @Nullable Double topP, @Nullable Map<String, String> metadata,
		@JsonProperty("previous_response_id") @Nullable String previousResponseId, @Nullable Boolean store,
		@JsonProperty("parallel_tool_calls") @Nullable Boolean parallelToolCalls, @Nullable Boolean stream,
		@JsonIgnore @Nullable Map<String, Object> extra) {

	/**
	 * Return the extra parameters, written as top-level JSON fields.
	 * @return the extra parameters (empty when none)
	 */
	@JsonAnyGetter
	public Map<String, Object> extraParameters() {
		return (this.extra != null) ? this.extra : Map.of();
	}

	/**
	 * Return a copy with the given model.
	 * @param model the model id
	 * @return the copy
	 */
	public ResponseRequest withModel(String model) {
		return new ResponseRequest(model, this.input, this.instructions, this.tools, this.toolChoice, this.text,
				this.reasoning, this.maxOutputTokens, this.temperature, this.topP, this.metadata,
				this.previousResponseId, this.store, this.parallelToolCalls, this.stream, this.extra);
	}

	/**
	 * Return a copy with the given text format.
	 * @param text the format
	 * @return the copy
	 */
	public ResponseRequest withText(@Nullable TextConfig text) {
		return new ResponseRequest(this.model, this.input, this.instructions, this.tools, this.toolChoice, text,
				this.reasoning, this.maxOutputTokens, this.temperature, this.topP, this.metadata,
				this.previousResponseId, this.store, this.parallelToolCalls, this.stream, this.extra);
	}

	/**
	 * Return a copy that streams ({@code true}) or answers once ({@code null}: the API's default).
	 * @param stream whether to stream
	 * @return the copy
	 */
	public ResponseRequest withStream(boolean stream) {
		return new ResponseRequest(this.model, this.input, this.instructions, this.tools, this.toolChoice, this.text,
				this.reasoning, this.maxOutputTokens, this.temperature, this.topP, this.metadata,
				this.previousResponseId, this.store, this.parallelToolCalls, stream ? Boolean.TRUE : null, this.extra);
	}

	/**
	 * Start a request whose input is one user text.
	 * @param input the text
	 * @return a builder
	 */
	public static Builder of(String input) {
		return builder().input(input);
	}

	/**
	 * Start a request.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The form of the text output.
	 *
	 * @param format the format
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record TextConfig(Format format) {

		/**
		 * Plain text.
		 * @return the configuration
		 */
		public static TextConfig text() {
			return new TextConfig(new Format("text", null, null, null));
		}

		/**
		 * Any JSON object.
		 * @return the configuration
		 */
		public static TextConfig jsonObject() {
			return new TextConfig(new Format("json_object", null, null, null));
		}

		/**
		 * JSON following a schema, strictly.
		 * @param name the schema's name
		 * @param schema the JSON schema
		 * @return the configuration
		 */
		public static TextConfig jsonSchema(String name, Map<String, Object> schema) {
			return new TextConfig(new Format("json_schema", name, schema, true));
		}

		/**
		 * A text format. The Responses API puts a schema's name and body beside its type (no
		 * {@code json_schema} wrapper as in chat completions).
		 *
		 * @param type {@code text}, {@code json_object} or {@code json_schema}
		 * @param name the schema's name
		 * @param schema the JSON schema
		 * @param strict whether the output must follow the schema exactly
		 */
		@JsonInclude(JsonInclude.Include.NON_NULL)
		public record Format(String type, @Nullable String name, @Nullable Map<String, Object> schema,
				@Nullable Boolean strict) {

		}

	}

	/**
	 * Reasoning options.
	 *
	 * @param effort {@code minimal}, {@code low}, {@code medium} or {@code high}
	 * @param summary {@code auto}, {@code concise} or {@code detailed}: whether the answer carries a summary of
	 * the reasoning
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Reasoning(@Nullable String effort, @Nullable String summary) {

	}

	/**
	 * Builds a {@link ResponseRequest}.
	 */
	public static final class Builder {

		private @Nullable String model;

		private @Nullable String inputText;

		private final List<ResponseInputItem> items = new ArrayList<>();

		private @Nullable String instructions;

		private final List<ResponseTool> tools = new ArrayList<>();

		private @Nullable Object toolChoice;

		private @Nullable TextConfig text;

		private @Nullable Reasoning reasoning;

		private @Nullable Integer maxOutputTokens;

		private @Nullable Double temperature;

		private @Nullable Double topP;

		private @Nullable Map<String, String> metadata;

		private @Nullable String previousResponseId;

		private @Nullable Boolean store;

		private @Nullable Boolean parallelToolCalls;

		private final Map<String, Object> extra = new LinkedHashMap<>();

		private Builder() {
		}

		public Builder model(@Nullable String model) {
			this.model = model;
			return this;
		}

		/**
		 * Set the input to one text (replacing any items).
		 * @param input the text
		 * @return this builder
		 */
		public Builder input(String input) {
			Assert.notNull(input, "Input must not be null");
			this.inputText = input;
			this.items.clear();
			return this;
		}

		/**
		 * Add an input item (a text input set before becomes a user message item first).
		 * @param item the item
		 * @return this builder
		 */
		public Builder input(ResponseInputItem item) {
			Assert.notNull(item, "Item must not be null");
			if (this.inputText != null) {
				this.items.add(ResponseInputItem.user(this.inputText));
				this.inputText = null;
			}
			this.items.add(item);
			return this;
		}

		/**
		 * Add input items.
		 * @param items the items
		 * @return this builder
		 */
		public Builder input(List<ResponseInputItem> items) {
			Assert.notNull(items, "Items must not be null");
			items.forEach(this::input);
			return this;
		}

		public Builder instructions(@Nullable String instructions) {
			this.instructions = instructions;
			return this;
		}

		public Builder tool(ResponseTool tool) {
			Assert.notNull(tool, "Tool must not be null");
			this.tools.add(tool);
			return this;
		}

		public Builder tools(List<ResponseTool> tools) {
			Assert.notNull(tools, "Tools must not be null");
			this.tools.addAll(tools);
			return this;
		}

		/**
		 * Set the tool choice: {@code auto}, {@code none} or {@code required}.
		 * @param toolChoice the choice
		 * @return this builder
		 */
		public Builder toolChoice(@Nullable String toolChoice) {
			this.toolChoice = toolChoice;
			return this;
		}

		/**
		 * Make the model call the given function.
		 * @param name the function
		 * @return this builder
		 */
		public Builder toolChoiceFunction(String name) {
			Assert.hasText(name, "Name must not be empty");
			this.toolChoice = Map.of("type", "function", "name", name);
			return this;
		}

		public Builder text(@Nullable TextConfig text) {
			this.text = text;
			return this;
		}

		public Builder reasoning(@Nullable Reasoning reasoning) {
			this.reasoning = reasoning;
			return this;
		}

		/**
		 * Set the reasoning effort.
		 * @param effort {@code minimal}, {@code low}, {@code medium} or {@code high}
		 * @return this builder
		 */
		public Builder reasoningEffort(@Nullable String effort) {
			this.reasoning = (effort != null)
					? new Reasoning(effort, (this.reasoning != null) ? this.reasoning.summary() : null) : null;
			return this;
		}

		public Builder maxOutputTokens(@Nullable Integer maxOutputTokens) {
			this.maxOutputTokens = maxOutputTokens;
			return this;
		}

		public Builder temperature(@Nullable Double temperature) {
			this.temperature = temperature;
			return this;
		}

		public Builder topP(@Nullable Double topP) {
			this.topP = topP;
			return this;
		}

		public Builder metadata(@Nullable Map<String, String> metadata) {
			this.metadata = (metadata != null) ? Map.copyOf(metadata) : null;
			return this;
		}

		public Builder previousResponseId(@Nullable String previousResponseId) {
			this.previousResponseId = previousResponseId;
			return this;
		}

		public Builder store(@Nullable Boolean store) {
			this.store = store;
			return this;
		}

		public Builder parallelToolCalls(@Nullable Boolean parallelToolCalls) {
			this.parallelToolCalls = parallelToolCalls;
			return this;
		}

		/**
		 * Add a parameter the record does not name, sent as a top-level JSON field.
		 * @param name the parameter
		 * @param value its value
		 * @return this builder
		 */
		public Builder extra(String name, Object value) {
			Assert.hasText(name, "Name must not be empty");
			this.extra.put(name, value);
			return this;
		}

		public ResponseRequest build() {
			Object input = (this.inputText != null) ? this.inputText
					: this.items.isEmpty() ? null : List.copyOf(this.items);
			return new ResponseRequest(this.model, input, this.instructions,
					this.tools.isEmpty() ? null : List.copyOf(this.tools), this.toolChoice, this.text, this.reasoning,
					this.maxOutputTokens, this.temperature, this.topP, this.metadata, this.previousResponseId,
					this.store, this.parallelToolCalls, null, this.extra.isEmpty() ? null : Map.copyOf(this.extra));
		}

	}

}
