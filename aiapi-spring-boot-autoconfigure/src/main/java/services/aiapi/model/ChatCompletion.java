package services.aiapi.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A {@code chat.completion} response.
 *
 * @param id the completion id
 * @param object always {@code chat.completion}
 * @param created creation time, epoch seconds
 * @param model the model that answered
 * @param choices the generated choices
 * @param usage the tokens used
 * @param systemFingerprint the backend configuration fingerprint, when sent
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletion(@Nullable String id, @Nullable String object, @Nullable Long created,
		@Nullable String model, @Nullable List<Choice> choices, @Nullable Usage usage,
		@JsonProperty("system_fingerprint") @Nullable String systemFingerprint) {

	/**
	 * Return the content of the first choice.
	 * @return the answer text, or {@code null} when there is none
	 */
	public @Nullable String content() {
		if (this.choices == null || this.choices.isEmpty() || this.choices.get(0).message() == null) {
			return null;
		}
		return this.choices.get(0).message().content();
	}

	/**
	 * Return the message of the first choice.
	 * @return the message, or {@code null} when there is none
	 */
	public @Nullable ChatMessage message() {
		return (this.choices == null || this.choices.isEmpty()) ? null : this.choices.get(0).message();
	}

	/**
	 * Return the tool calls of the first choice.
	 * @return the calls, empty when the model called none
	 */
	public List<ToolCall> toolCalls() {
		ChatMessage message = message();
		return (message != null && message.toolCalls() != null) ? message.toolCalls() : List.of();
	}

	/**
	 * Return the reasoning of the first choice, which reasoning models send as {@code reasoning_content}.
	 * @return the reasoning, or {@code null}
	 */
	public @Nullable String reasoningContent() {
		ChatMessage message = message();
		return (message != null) ? message.reasoningContent() : null;
	}

	/**
	 * Return the finish reason of the first choice.
	 * @return {@code stop}, {@code length}, {@code content_filter}, {@code tool_calls}, or {@code null}
	 */
	public @Nullable String finishReason() {
		return (this.choices == null || this.choices.isEmpty()) ? null : this.choices.get(0).finishReason();
	}

	/**
	 * One generated choice.
	 *
	 * @param index the choice's index
	 * @param message the generated message
	 * @param finishReason why generation stopped; {@code content_filter} when the provider's output filter cut
	 * it
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Choice(@Nullable Integer index, @Nullable ChatMessage message,
			@JsonProperty("finish_reason") @Nullable String finishReason) {

	}

}
