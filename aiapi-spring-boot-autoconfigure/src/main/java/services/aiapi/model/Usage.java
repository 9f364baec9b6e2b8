package services.aiapi.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * Tokens a call used. Gateways may add fields (reasoning tokens, cache details); they are ignored.
 *
 * @param promptTokens tokens of the input
 * @param completionTokens tokens of the output
 * @param totalTokens both together
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Usage(@JsonProperty("prompt_tokens") @Nullable Integer promptTokens,
		@JsonProperty("completion_tokens") @Nullable Integer completionTokens,
		@JsonProperty("total_tokens") @Nullable Integer totalTokens) {

}
