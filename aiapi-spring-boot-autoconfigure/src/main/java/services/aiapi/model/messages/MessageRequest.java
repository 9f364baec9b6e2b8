package services.aiapi.model.messages;

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
 * A {@code POST /v1/messages} request (Anthropic's Messages API). Build one with {@link #builder()};
 * {@code max_tokens} is required by the API. Parameters the record does not name go in
 * {@link Builder#extra(String, Object)}.
 *
 * @param model the model id; {@code null} to use {@code aiapi.default-model}
 * @param maxTokens the most tokens to generate (required, positive)
 * @param system the system prompt: a {@code String}, or a list of text {@link ContentBlock}s (to mark cache
 * breakpoints)
 * @param messages the conversation, starting with a user message
 * @param tools the tools the model may call
 * @param toolChoice {@code {"type":"auto"}}, {@code {"type":"any"}}, {@code {"type":"none"}} or
 * {@code {"type":"tool","name":…}}
 * @param thinking extended thinking: {@code {"type":"enabled","budget_tokens":…}}
 * @param temperature sampling temperature in [0, 1]
 * @param topP nucleus sampling in [0, 1]
 * @param topK sampling from the top K tokens only
 * @param stopSequences sequences that end generation
 * @param metadata {@code user_id} for abuse monitoring
 * @param stream whether to stream; set by the template, not by callers
 * @param extra further top-level parameters
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageRequest(@Nullable String model, @JsonProperty("max_tokens") @Nullable Integer maxTokens,
		@Nullable Object system, @Nullable List<MessageParam> messages, @Nullable List<MessageTool> tools,
		@JsonProperty("tool_choice") @Nullable Map<String, Object> toolChoice, @Nullable Thinking thinking,
		@Nullable Double temperature, @JsonProperty("top_p") @Nullable Double topP,
		@JsonProperty("top_k") @Nullable Integer topK,
		@JsonProperty("stop_sequences") @Nullable List<String> stopSequences, @Nullable Map<String, String> metadata,
		@Nullable Boolean stream, @JsonIgnore @Nullable Map<String, Object> extra) {

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
	public MessageRequest withModel(String model) {
		return new MessageRequest(model, this.maxTokens, this.system, this.messages, this.tools, this.toolChoice,
				this.thinking, this.temperature, this.topP, this.topK, this.stopSequences, this.metadata, this.stream,
				this.extra);
	}

	/**
	 * Return a copy that streams ({@code true}) or answers once ({@code null}: the API's default).
	 * @param stream whether to stream
	 * @return the copy
	 */
	public MessageRequest withStream(boolean stream) {
		return new MessageRequest(this.model, this.maxTokens, this.system, this.messages, this.tools, this.toolChoice,
				this.thinking, this.temperature, this.topP, this.topK, this.stopSequences, this.metadata,
				stream ? Boolean.TRUE : null, this.extra);
	}

	/**
	 * Start a request whose one message is a user text.
	 * @param text the text
	 * @param maxTokens the most tokens to generate
	 * @return a builder
	 */
	public static Builder of(String text, int maxTokens) {
		return builder().maxTokens(maxTokens).message(MessageParam.user(text));
	}

	/**
	 * Start a request.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Extended thinking.
	 *
	 * @param type {@code enabled} or {@code disabled}
	 * @param budgetTokens the most tokens spent thinking (at least 1,024; less than {@code max_tokens})
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Thinking(String type, @JsonProperty("budget_tokens") @Nullable Integer budgetTokens) {

		/**
		 * Thinking enabled.
		 * @param budgetTokens the most tokens spent thinking
		 * @return the setting
		 */
		public static Thinking enabled(int budgetTokens) {
			return new Thinking("enabled", budgetTokens);
		}

	}

	/**
	 * Builds a {@link MessageRequest}.
	 */
	public static final class Builder {

		private @Nullable String model;

		private @Nullable Integer maxTokens;

		private @Nullable Object system;

		private final List<MessageParam> messages = new ArrayList<>();

		private final List<MessageTool> tools = new ArrayList<>();

		private @Nullable Map<String, Object> toolChoice;

		private @Nullable Thinking thinking;

		private @Nullable Double temperature;

		private @Nullable Double topP;

		private @Nullable Integer topK;

		private @Nullable List<String> stopSequences;

		private @Nullable Map<String, String> metadata;

		private final Map<String, Object> extra = new LinkedHashMap<>();

		private Builder() {
		}

		public Builder model(@Nullable String model) {
			this.model = model;
			return this;
		}

		public Builder maxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
			return this;
		}

		public Builder system(@Nullable String system) {
			this.system = system;
			return this;
		}

		/**
		 * Set the system prompt as blocks (to mark cache breakpoints with {@link ContentBlock#cached()}).
		 * @param system the text blocks
		 * @return this builder
		 */
		public Builder system(List<ContentBlock> system) {
			Assert.notNull(system, "System must not be null");
			this.system = List.copyOf(system);
			return this;
		}

		public Builder message(MessageParam message) {
			Assert.notNull(message, "Message must not be null");
			this.messages.add(message);
			return this;
		}

		public Builder messages(List<MessageParam> messages) {
			Assert.notNull(messages, "Messages must not be null");
			this.messages.addAll(messages);
			return this;
		}

		public Builder tool(MessageTool tool) {
			Assert.notNull(tool, "Tool must not be null");
			this.tools.add(tool);
			return this;
		}

		/**
		 * Set the tool choice: {@code auto}, {@code any} or {@code none}.
		 * @param type the choice
		 * @return this builder
		 */
		public Builder toolChoice(@Nullable String type) {
			this.toolChoice = (type != null) ? Map.of("type", type) : null;
			return this;
		}

		/**
		 * Make the model call the given tool.
		 * @param name the tool
		 * @return this builder
		 */
		public Builder toolChoiceTool(String name) {
			Assert.hasText(name, "Name must not be empty");
			this.toolChoice = Map.of("type", "tool", "name", name);
			return this;
		}

		public Builder thinking(@Nullable Thinking thinking) {
			this.thinking = thinking;
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

		public Builder topK(@Nullable Integer topK) {
			this.topK = topK;
			return this;
		}

		public Builder stopSequences(@Nullable List<String> stopSequences) {
			this.stopSequences = (stopSequences != null) ? List.copyOf(stopSequences) : null;
			return this;
		}

		public Builder metadata(@Nullable Map<String, String> metadata) {
			this.metadata = (metadata != null) ? Map.copyOf(metadata) : null;
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

		public MessageRequest build() {
			return new MessageRequest(this.model, this.maxTokens, this.system,
					this.messages.isEmpty() ? null : List.copyOf(this.messages),
					this.tools.isEmpty() ? null : List.copyOf(this.tools), this.toolChoice, this.thinking,
					this.temperature, this.topP, this.topK, this.stopSequences, this.metadata, null,
					this.extra.isEmpty() ? null : Map.copyOf(this.extra));
		}

	}

}
