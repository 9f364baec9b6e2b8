package services.aiapi.model.responses;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A Responses API answer ({@code object: "response"}).
 *
 * @param id the response's id
 * @param object always {@code response}
 * @param createdAt creation time, epoch seconds
 * @param status {@code completed}, {@code incomplete}, {@code failed}, {@code in_progress} ...
 * @param model the model that answered
 * @param output the output items, in order
 * @param usage the tokens used
 * @param incompleteDetails why an incomplete response stopped
 * @param error what failed, for a failed response
 * @param previousResponseId the response this one continues
 * @param metadata the request's metadata
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Response(@Nullable String id, @Nullable String object, @JsonProperty("created_at") @Nullable Long createdAt,
		@Nullable String status, @Nullable String model, @Nullable List<ResponseOutputItem> output,
		@Nullable ResponseUsage usage, @JsonProperty("incomplete_details") @Nullable IncompleteDetails incompleteDetails,
		@Nullable ResponseError error, @JsonProperty("previous_response_id") @Nullable String previousResponseId,
		@Nullable Map<String, String> metadata) {

	/**
	 * Return the text of the answer: every message's {@code output_text}, concatenated.
	 * @return the text, or an empty string
	 */
	public String outputText() {
		if (this.output == null) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		for (ResponseOutputItem item : this.output) {
			if (item != null && "message".equals(item.type())) {
				text.append(item.text());
			}
		}
		return text.toString();
	}

	/**
	 * Return the function calls the model made.
	 * @return the calls, in order; empty when none
	 */
	public List<ResponseOutputItem> functionCalls() {
		return (this.output != null)
				? this.output.stream().filter((item) -> item != null && item.isFunctionCall()).toList() : List.of();
	}

	/**
	 * Return the reasoning summary, when the request asked for one.
	 * @return the summary's text, or an empty string
	 */
	public String reasoningSummary() {
		if (this.output == null) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		for (ResponseOutputItem item : this.output) {
			if (item != null && "reasoning".equals(item.type())) {
				text.append(item.text());
			}
		}
		return text.toString();
	}

	/**
	 * Return the refusal, if the model refused.
	 * @return the refusal's text, or {@code null}
	 */
	public @Nullable String refusal() {
		if (this.output == null) {
			return null;
		}
		for (ResponseOutputItem item : this.output) {
			if (item != null && item.refusal() != null) {
				return item.refusal();
			}
		}
		return null;
	}

	/**
	 * Whether the response stopped before it was complete ({@code status: "incomplete"}).
	 * @return {@code true} when incomplete; {@link #incompleteDetails()} says why
	 */
	@JsonIgnore
	public boolean isIncomplete() {
		return "incomplete".equals(this.status);
	}

	/**
	 * Why a response stopped early.
	 *
	 * @param reason {@code max_output_tokens} or {@code content_filter}
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record IncompleteDetails(@Nullable String reason) {

	}

	/**
	 * What failed.
	 *
	 * @param code the error's code
	 * @param message the error's message
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record ResponseError(@Nullable String code, @Nullable String message) {

	}

}
