package services.aiapi.springai;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

import services.aiapi.model.ToolChoice;

/**
 * Chat options of the gateway's OpenAI-compatible chat: Spring AI's portable options, tool callbacks, the native
 * structured-output schema, and what the starter's request adds ({@code reasoning_effort}, {@code tool_choice},
 * {@code parallel_tool_calls}). {@code topK} is not an OpenAI parameter and is not sent.
 */
public class AiApiChatOptions implements ToolCallingChatOptions, StructuredOutputChatOptions {

	private final @Nullable String model;

	private final @Nullable Double frequencyPenalty;

	private final @Nullable Integer maxTokens;

	private final @Nullable Double presencePenalty;

	private final @Nullable List<String> stopSequences;

	private final @Nullable Double temperature;

	private final @Nullable Integer topK;

	private final @Nullable Double topP;

	private final @Nullable List<ToolCallback> toolCallbacks;

	private final @Nullable Map<String, Object> toolContext;

	private final @Nullable String outputSchema;

	private final @Nullable String reasoningEffort;

	private final @Nullable ToolChoice toolChoice;

	private final @Nullable Boolean parallelToolCalls;

	AiApiChatOptions(Builder builder) {
		this.model = builder.model();
		this.frequencyPenalty = builder.frequencyPenalty();
		this.maxTokens = builder.maxTokens();
		this.presencePenalty = builder.presencePenalty();
		this.stopSequences = builder.stopSequences();
		this.temperature = builder.temperature();
		this.topK = builder.topK();
		this.topP = builder.topP();
		this.toolCallbacks = builder.toolCallbacks();
		this.toolContext = builder.toolContext();
		this.outputSchema = builder.outputSchema;
		this.reasoningEffort = builder.reasoningEffort;
		this.toolChoice = builder.toolChoice;
		this.parallelToolCalls = builder.parallelToolCalls;
	}

	/**
	 * Start options.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public Builder mutate() {
		Builder builder = new Builder().model(this.model)
			.frequencyPenalty(this.frequencyPenalty)
			.maxTokens(this.maxTokens)
			.presencePenalty(this.presencePenalty)
			.stopSequences(this.stopSequences)
			.temperature(this.temperature)
			.topK(this.topK)
			.topP(this.topP)
			.toolCallbacks(this.toolCallbacks)
			.toolContext(this.toolContext)
			.outputSchema(this.outputSchema)
			.reasoningEffort(this.reasoningEffort)
			.toolChoice(this.toolChoice)
			.parallelToolCalls(this.parallelToolCalls);
		return builder;
	}

	@Override
	public @Nullable String getModel() {
		return this.model;
	}

	@Override
	public @Nullable Double getFrequencyPenalty() {
		return this.frequencyPenalty;
	}

	@Override
	public @Nullable Integer getMaxTokens() {
		return this.maxTokens;
	}

	@Override
	public @Nullable Double getPresencePenalty() {
		return this.presencePenalty;
	}

	@Override
	public @Nullable List<String> getStopSequences() {
		return this.stopSequences;
	}

	@Override
	public @Nullable Double getTemperature() {
		return this.temperature;
	}

	@Override
	public @Nullable Integer getTopK() {
		return this.topK;
	}

	@Override
	public @Nullable Double getTopP() {
		return this.topP;
	}

	@Override
	public @Nullable List<ToolCallback> getToolCallbacks() {
		return this.toolCallbacks;
	}

	@Override
	public @Nullable Map<String, Object> getToolContext() {
		return this.toolContext;
	}

	@Override
	public @Nullable String getOutputSchema() {
		return this.outputSchema;
	}

	/**
	 * Return how hard a reasoning model thinks.
	 * @return {@code low}, {@code medium}, {@code high}..., or {@code null}
	 */
	public @Nullable String getReasoningEffort() {
		return this.reasoningEffort;
	}

	/**
	 * Return whether and which tool the model calls.
	 * @return the choice, or {@code null} for the provider's default
	 */
	public @Nullable ToolChoice getToolChoice() {
		return this.toolChoice;
	}

	/**
	 * Return whether the model may call several tools in one turn.
	 * @return the setting, or {@code null} for the provider's default
	 */
	public @Nullable Boolean getParallelToolCalls() {
		return this.parallelToolCalls;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof AiApiChatOptions that && Objects.equals(this.model, that.model)
				&& Objects.equals(this.frequencyPenalty, that.frequencyPenalty)
				&& Objects.equals(this.maxTokens, that.maxTokens)
				&& Objects.equals(this.presencePenalty, that.presencePenalty)
				&& Objects.equals(this.stopSequences, that.stopSequences)
				&& Objects.equals(this.temperature, that.temperature) && Objects.equals(this.topK, that.topK)
				&& Objects.equals(this.topP, that.topP) && Objects.equals(this.toolCallbacks, that.toolCallbacks)
				&& Objects.equals(this.toolContext, that.toolContext)
				&& Objects.equals(this.outputSchema, that.outputSchema)
				&& Objects.equals(this.reasoningEffort, that.reasoningEffort)
				&& Objects.equals(this.toolChoice, that.toolChoice)
				&& Objects.equals(this.parallelToolCalls, that.parallelToolCalls);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.model, this.temperature, this.maxTokens, this.toolCallbacks, this.outputSchema);
	}

	@Override
	public String toString() {
		return "AiApiChatOptions[model=" + this.model + ", temperature=" + this.temperature + ", maxTokens="
				+ this.maxTokens + ", tools=" + ((this.toolCallbacks != null) ? this.toolCallbacks.size() : 0)
				+ ", outputSchema=" + (this.outputSchema != null) + ", reasoningEffort=" + this.reasoningEffort + "]";
	}

	/**
	 * Builds {@link AiApiChatOptions}.
	 */
	public static class Builder extends DefaultToolCallingChatOptions.Builder<Builder>
			implements StructuredOutputChatOptions.Builder<Builder> {

		private @Nullable String outputSchema;

		private @Nullable String reasoningEffort;

		private @Nullable ToolChoice toolChoice;

		private @Nullable Boolean parallelToolCalls;

		@Override
		public Builder outputSchema(@Nullable String outputSchema) {
			this.outputSchema = outputSchema;
			return self();
		}

		public Builder reasoningEffort(@Nullable String reasoningEffort) {
			this.reasoningEffort = reasoningEffort;
			return self();
		}

		public Builder toolChoice(@Nullable ToolChoice toolChoice) {
			this.toolChoice = toolChoice;
			return self();
		}

		public Builder parallelToolCalls(@Nullable Boolean parallelToolCalls) {
			this.parallelToolCalls = parallelToolCalls;
			return self();
		}

		@Override
		public Builder combineWith(ChatOptions.Builder<?> other) {
			super.combineWith(other);
			if (other instanceof Builder that) {
				this.outputSchema = (that.outputSchema != null) ? that.outputSchema : this.outputSchema;
				this.reasoningEffort = (that.reasoningEffort != null) ? that.reasoningEffort : this.reasoningEffort;
				this.toolChoice = (that.toolChoice != null) ? that.toolChoice : this.toolChoice;
				this.parallelToolCalls = (that.parallelToolCalls != null) ? that.parallelToolCalls
						: this.parallelToolCalls;
			}
			return self();
		}

		@Override
		public AiApiChatOptions build() {
			return new AiApiChatOptions(this);
		}

		@Nullable String model() {
			return this.model;
		}

		@Nullable Double frequencyPenalty() {
			return this.frequencyPenalty;
		}

		@Nullable Integer maxTokens() {
			return this.maxTokens;
		}

		@Nullable Double presencePenalty() {
			return this.presencePenalty;
		}

		@Nullable List<String> stopSequences() {
			return this.stopSequences;
		}

		@Nullable Double temperature() {
			return this.temperature;
		}

		@Nullable Integer topK() {
			return this.topK;
		}

		@Nullable Double topP() {
			return this.topP;
		}

		@Nullable List<ToolCallback> toolCallbacks() {
			return (this.toolCallbacks != null) ? List.copyOf(this.toolCallbacks) : null;
		}

		@Nullable Map<String, Object> toolContext() {
			return (this.toolContext != null) ? Map.copyOf(this.toolContext) : null;
		}

	}

}
