package services.aiapi.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A {@code POST /v1/chat/completions} request. Build one with {@link #builder()}; parameters the record does not
 * name go in {@link Builder#extra(String, Object)} and are sent as top-level JSON fields.
 *
 * @param model the model id; {@code null} to use {@code aiapi.default-model}
 * @param messages the conversation so far
 * @param temperature sampling temperature in [0, 2]
 * @param topP nucleus sampling in [0, 1]
 * @param maxTokens the most tokens to generate (positive)
 * @param n how many choices to generate
 * @param stop sequences that end generation
 * @param presencePenalty presence penalty in [-2, 2]
 * @param frequencyPenalty frequency penalty in [-2, 2]
 * @param seed seed for deterministic sampling, where supported
 * @param user an end-user id for abuse monitoring
 * @param tools the function tools the model may call
 * @param toolChoice whether and which tool the model calls
 * @param parallelToolCalls whether the model may call several tools in one turn (only with tools)
 * @param responseFormat the form of the answer: text, JSON, or JSON following a schema
 * @param reasoningEffort how hard a reasoning model thinks: {@code low}, {@code medium}, {@code high}, ...
 * @param stream whether to stream; set by the template, not by callers
 * @param streamOptions stream options; set by the template to include usage
 * @param extra further top-level parameters
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionRequest(@Nullable String model, @Nullable List<ChatMessage> messages,
		@Nullable Double temperature, @JsonProperty("top_p") @Nullable Double topP,
		@JsonProperty("max_tokens") @Nullable Integer maxTokens, @Nullable Integer n, @Nullable List<String> stop,
		@JsonProperty("presence_penalty") @Nullable Double presencePenalty,
		@JsonProperty("frequency_penalty") @Nullable Double frequencyPenalty, @Nullable Long seed,
		@Nullable String user, @Nullable List<Tool> tools,
		@JsonProperty("tool_choice") @Nullable ToolChoice toolChoice,
		@JsonProperty("parallel_tool_calls") @Nullable Boolean parallelToolCalls,
		@JsonProperty("response_format") @Nullable ResponseFormat responseFormat,
		@JsonProperty("reasoning_effort") @Nullable String reasoningEffort, @Nullable Boolean stream,
		@JsonProperty("stream_options") @Nullable Map<String, Object> streamOptions,
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
	public ChatCompletionRequest withModel(String model) {
		return copy(model, this.responseFormat, this.stream, this.streamOptions);
	}

	/**
	 * Return a copy with the given response format.
	 * @param responseFormat the format
	 * @return the copy
	 */
	public ChatCompletionRequest withResponseFormat(@Nullable ResponseFormat responseFormat) {
		return copy(this.model, responseFormat, this.stream, this.streamOptions);
	}

	/**
	 * Return a copy for streaming: {@code stream} set, and usage requested in a last chunk unless the caller set
	 * its own stream options.
	 * @return the copy
	 */
	public ChatCompletionRequest asStream() {
		Map<String, Object> options = (this.streamOptions != null) ? this.streamOptions
				: Map.of("include_usage", true);
		return copy(this.model, this.responseFormat, true, options);
	}

	/**
	 * Return a copy that is not streamed.
	 * @return the copy
	 */
	public ChatCompletionRequest asSingle() {
		return copy(this.model, this.responseFormat, null, null);
	}

	private ChatCompletionRequest copy(@Nullable String model, @Nullable ResponseFormat responseFormat,
			@Nullable Boolean stream, @Nullable Map<String, Object> streamOptions) {
		return new ChatCompletionRequest(model, this.messages, this.temperature, this.topP, this.maxTokens, this.n,
				this.stop, this.presencePenalty, this.frequencyPenalty, this.seed, this.user, this.tools,
				this.toolChoice, this.parallelToolCalls, responseFormat, this.reasoningEffort, stream, streamOptions,
				this.extra);
	}

	/**
	 * Start a request with a single user message.
	 * @param prompt the user's prompt
	 * @return a builder
	 */
	public static Builder ofUser(String prompt) {
		return builder().message(ChatMessage.user(prompt));
	}

	/**
	 * Start a request.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builds a {@link ChatCompletionRequest}.
	 */
	public static final class Builder {

		private @Nullable String model;

		private final List<ChatMessage> messages = new ArrayList<>();

		private @Nullable Double temperature;

		private @Nullable Double topP;

		private @Nullable Integer maxTokens;

		private @Nullable Integer n;

		private @Nullable List<String> stop;

		private @Nullable Double presencePenalty;

		private @Nullable Double frequencyPenalty;

		private @Nullable Long seed;

		private @Nullable String user;

		private final List<Tool> tools = new ArrayList<>();

		private @Nullable ToolChoice toolChoice;

		private @Nullable Boolean parallelToolCalls;

		private @Nullable ResponseFormat responseFormat;

		private @Nullable String reasoningEffort;

		private final Map<String, Object> extra = new LinkedHashMap<>();

		private Builder() {
		}

		public Builder model(@Nullable String model) {
			this.model = model;
			return this;
		}

		public Builder message(ChatMessage message) {
			this.messages.add(message);
			return this;
		}

		public Builder messages(List<ChatMessage> messages) {
			this.messages.addAll(messages);
			return this;
		}

		public Builder system(String content) {
			return message(ChatMessage.system(content));
		}

		public Builder user(String content) {
			return message(ChatMessage.user(content));
		}

		public Builder temperature(@Nullable Double temperature) {
			this.temperature = temperature;
			return this;
		}

		public Builder topP(@Nullable Double topP) {
			this.topP = topP;
			return this;
		}

		public Builder maxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
			return this;
		}

		public Builder n(@Nullable Integer n) {
			this.n = n;
			return this;
		}

		public Builder stop(@Nullable List<String> stop) {
			this.stop = stop;
			return this;
		}

		public Builder presencePenalty(@Nullable Double presencePenalty) {
			this.presencePenalty = presencePenalty;
			return this;
		}

		public Builder frequencyPenalty(@Nullable Double frequencyPenalty) {
			this.frequencyPenalty = frequencyPenalty;
			return this;
		}

		public Builder seed(@Nullable Long seed) {
			this.seed = seed;
			return this;
		}

		public Builder endUser(@Nullable String user) {
			this.user = user;
			return this;
		}

		/**
		 * Offer the model a tool.
		 * @param tool the tool
		 * @return this builder
		 */
		public Builder tool(Tool tool) {
			this.tools.add(tool);
			return this;
		}

		/**
		 * Offer the model tools.
		 * @param tools the tools
		 * @return this builder
		 */
		public Builder tools(List<Tool> tools) {
			this.tools.addAll(tools);
			return this;
		}

		public Builder toolChoice(@Nullable ToolChoice toolChoice) {
			this.toolChoice = toolChoice;
			return this;
		}

		public Builder parallelToolCalls(@Nullable Boolean parallelToolCalls) {
			this.parallelToolCalls = parallelToolCalls;
			return this;
		}

		public Builder responseFormat(@Nullable ResponseFormat responseFormat) {
			this.responseFormat = responseFormat;
			return this;
		}

		public Builder reasoningEffort(@Nullable String reasoningEffort) {
			this.reasoningEffort = reasoningEffort;
			return this;
		}

		/**
		 * Add a parameter the record does not name, sent as a top-level JSON field.
		 * @param name the JSON field name
		 * @param value the value
		 * @return this builder
		 */
		public Builder extra(String name, Object value) {
			this.extra.put(name, value);
			return this;
		}

		public ChatCompletionRequest build() {
			return new ChatCompletionRequest(this.model, List.copyOf(this.messages), this.temperature, this.topP,
					this.maxTokens, this.n, (this.stop != null) ? List.copyOf(this.stop) : null, this.presencePenalty,
					this.frequencyPenalty, this.seed, this.user, this.tools.isEmpty() ? null : List.copyOf(this.tools),
					this.toolChoice, this.parallelToolCalls, this.responseFormat, this.reasoningEffort, null, null,
					this.extra.isEmpty() ? null : Map.copyOf(this.extra));
		}

	}

}
