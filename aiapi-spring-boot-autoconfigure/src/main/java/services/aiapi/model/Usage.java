package services.aiapi.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * Tokens a call used. Fields a gateway adds beyond these are ignored.
 *
 * @param promptTokens tokens of the input
 * @param completionTokens tokens of the output
 * @param totalTokens both together
 * @param promptTokensDetails a breakdown of the input: tokens served from the provider's prompt cache
 * @param completionTokensDetails a breakdown of the output: tokens a reasoning model spent thinking
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Usage(@JsonProperty("prompt_tokens") @Nullable Integer promptTokens,
		@JsonProperty("completion_tokens") @Nullable Integer completionTokens,
		@JsonProperty("total_tokens") @Nullable Integer totalTokens,
		@JsonProperty("prompt_tokens_details") @Nullable PromptTokensDetails promptTokensDetails,
		@JsonProperty("completion_tokens_details") @Nullable CompletionTokensDetails completionTokensDetails) {

	/**
	 * Create a usage without details.
	 * @param promptTokens tokens of the input
	 * @param completionTokens tokens of the output
	 * @param totalTokens both together
	 */
	public Usage(@Nullable Integer promptTokens, @Nullable Integer completionTokens, @Nullable Integer totalTokens) {
		this(promptTokens, completionTokens, totalTokens, null, null);
	}

	/**
	 * Return the input tokens served from the prompt cache.
	 * @return the cached tokens, or {@code null} when the provider did not say
	 */
	public @Nullable Integer cachedTokens() {
		return (this.promptTokensDetails != null) ? this.promptTokensDetails.cachedTokens() : null;
	}

	/**
	 * Return the output tokens spent on reasoning (part of {@link #completionTokens()}).
	 * @return the reasoning tokens, or {@code null} when the provider did not say
	 */
	public @Nullable Integer reasoningTokens() {
		return (this.completionTokensDetails != null) ? this.completionTokensDetails.reasoningTokens() : null;
	}

	/**
	 * Return this usage with what it leaves out taken from an earlier report of the same call (a stream may report
	 * its input tokens first and its output tokens at the end); the total is the sum when neither says.
	 * @param earlier the earlier report, or {@code null}
	 * @return the usage
	 */
	public Usage over(@Nullable Usage earlier) {
		if (earlier == null || earlier == this) {
			return this;
		}
		Integer prompt = (this.promptTokens != null) ? this.promptTokens : earlier.promptTokens;
		Integer completion = (this.completionTokens != null) ? this.completionTokens : earlier.completionTokens;
		Integer total = (this.totalTokens != null) ? this.totalTokens
				: (this.promptTokens == null && this.completionTokens == null) ? earlier.totalTokens
						: (prompt != null && completion != null) ? Integer.valueOf(prompt + completion) : null;
		return new Usage(prompt, completion, total,
				(this.promptTokensDetails != null) ? this.promptTokensDetails : earlier.promptTokensDetails,
				(this.completionTokensDetails != null) ? this.completionTokensDetails
						: earlier.completionTokensDetails);
	}

	/**
	 * A breakdown of the input tokens.
	 *
	 * @param cachedTokens tokens served from the prompt cache
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record PromptTokensDetails(@JsonProperty("cached_tokens") @Nullable Integer cachedTokens) {

	}

	/**
	 * A breakdown of the output tokens.
	 *
	 * @param reasoningTokens tokens spent on reasoning
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record CompletionTokensDetails(@JsonProperty("reasoning_tokens") @Nullable Integer reasoningTokens) {

	}

}
