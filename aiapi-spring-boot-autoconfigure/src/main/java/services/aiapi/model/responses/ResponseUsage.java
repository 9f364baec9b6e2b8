package services.aiapi.model.responses;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import services.aiapi.model.Usage;

/**
 * Tokens a response used.
 *
 * @param inputTokens tokens of the input
 * @param outputTokens tokens of the output, reasoning included
 * @param totalTokens both together
 * @param inputTokensDetails tokens of the input served from the prompt cache
 * @param outputTokensDetails tokens of the output spent reasoning
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResponseUsage(@JsonProperty("input_tokens") @Nullable Integer inputTokens,
		@JsonProperty("output_tokens") @Nullable Integer outputTokens,
		@JsonProperty("total_tokens") @Nullable Integer totalTokens,
		@JsonProperty("input_tokens_details") @Nullable InputDetails inputTokensDetails,
		@JsonProperty("output_tokens_details") @Nullable OutputDetails outputTokensDetails) {

	/**
	 * Return the input tokens served from the prompt cache.
	 * @return the cached tokens, or {@code null}
	 */
	public @Nullable Integer cachedTokens() {
		return (this.inputTokensDetails != null) ? this.inputTokensDetails.cachedTokens() : null;
	}

	/**
	 * Return the output tokens spent reasoning.
	 * @return the reasoning tokens, or {@code null}
	 */
	public @Nullable Integer reasoningTokens() {
		return (this.outputTokensDetails != null) ? this.outputTokensDetails.reasoningTokens() : null;
	}

	/**
	 * Return this usage in the chat completions' terms, as the starter's metrics record it.
	 * @return the usage
	 */
	public Usage toUsage() {
		return new Usage(this.inputTokens, this.outputTokens, this.totalTokens,
				(cachedTokens() != null) ? new Usage.PromptTokensDetails(cachedTokens()) : null,
				(reasoningTokens() != null) ? new Usage.CompletionTokensDetails(reasoningTokens()) : null);
	}

	/**
	 * A breakdown of the input tokens.
	 *
	 * @param cachedTokens tokens served from the prompt cache
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record InputDetails(@JsonProperty("cached_tokens") @Nullable Integer cachedTokens) {

	}

	/**
	 * A breakdown of the output tokens.
	 *
	 * @param reasoningTokens tokens spent reasoning
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record OutputDetails(@JsonProperty("reasoning_tokens") @Nullable Integer reasoningTokens) {

	}

}
