package services.aiapi.model.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import services.aiapi.model.Usage;

/**
 * Tokens a message used.
 *
 * @param inputTokens tokens of the input not read from or written to the cache
 * @param outputTokens tokens of the output
 * @param cacheCreationInputTokens tokens of the input written to the prompt cache
 * @param cacheReadInputTokens tokens of the input read from the prompt cache
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessageUsage(@JsonProperty("input_tokens") @Nullable Integer inputTokens,
		@JsonProperty("output_tokens") @Nullable Integer outputTokens,
		@JsonProperty("cache_creation_input_tokens") @Nullable Integer cacheCreationInputTokens,
		@JsonProperty("cache_read_input_tokens") @Nullable Integer cacheReadInputTokens) {

	/**
	 * Return this usage with what it leaves out taken from an earlier report (a stream's {@code message_start}
	 * reports the input, its {@code message_delta} the output).
	 * @param earlier the earlier report, or {@code null}
	 * @return the usage
	 */
	public MessageUsage over(@Nullable MessageUsage earlier) {
		if (earlier == null) {
			return this;
		}
		return new MessageUsage((this.inputTokens != null) ? this.inputTokens : earlier.inputTokens,
				(this.outputTokens != null) ? this.outputTokens : earlier.outputTokens,
				(this.cacheCreationInputTokens != null) ? this.cacheCreationInputTokens
						: earlier.cacheCreationInputTokens,
				(this.cacheReadInputTokens != null) ? this.cacheReadInputTokens : earlier.cacheReadInputTokens);
	}

	/**
	 * Return this usage in the chat completions' terms, as the starter's metrics record it: every input token
	 * (cached or not) as a prompt token, the cache reads as cached tokens.
	 * @return the usage
	 */
	public Usage toUsage() {
		Integer input = null;
		if (this.inputTokens != null || this.cacheCreationInputTokens != null || this.cacheReadInputTokens != null) {
			input = zero(this.inputTokens) + zero(this.cacheCreationInputTokens) + zero(this.cacheReadInputTokens);
		}
		Integer total = (input != null && this.outputTokens != null) ? Integer.valueOf(input + this.outputTokens)
				: null;
		return new Usage(input, this.outputTokens, total,
				(this.cacheReadInputTokens != null) ? new Usage.PromptTokensDetails(this.cacheReadInputTokens) : null,
				null);
	}

	private static int zero(@Nullable Integer value) {
		return (value != null) ? value : 0;
	}

}
