package services.aiapi.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One {@code chat.completion.chunk} of a streamed answer. The last chunk of a stream that asked for usage has no
 * choices and carries {@link #usage()}.
 *
 * @param id the completion id (the same for every chunk)
 * @param object always {@code chat.completion.chunk}
 * @param created creation time, epoch seconds
 * @param model the model that answers
 * @param choices the deltas of this chunk
 * @param usage the tokens used, on the usage chunk only
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionChunk(@Nullable String id, @Nullable String object, @Nullable Long created,
		@Nullable String model, @Nullable List<Choice> choices, @Nullable Usage usage) {

	/**
	 * Return a completion as the one chunk of a stream, for a server that answered a stream request with a plain
	 * {@code chat.completion}: each choice's message becomes its delta.
	 * @param completion the completion
	 * @return the chunk
	 */
	public static ChatCompletionChunk of(ChatCompletion completion) {
		List<Choice> choices = (completion.choices() != null) ? completion.choices()
			.stream()
			.map((choice) -> new Choice(choice.index(), choice.message(), choice.finishReason()))
			.toList() : null;
		return new ChatCompletionChunk(completion.id(), "chat.completion.chunk", completion.created(),
				completion.model(), choices, completion.usage());
	}

	/**
	 * Return the content delta of the first choice.
	 * @return the text of this chunk, or an empty string
	 */
	public String content() {
		if (this.choices == null || this.choices.isEmpty() || this.choices.get(0).delta() == null
				|| this.choices.get(0).delta().content() == null) {
			return "";
		}
		return this.choices.get(0).delta().content();
	}

	/**
	 * Return the reasoning delta of the first choice.
	 * @return the reasoning text of this chunk, or an empty string
	 */
	public String reasoningContent() {
		if (this.choices == null || this.choices.isEmpty() || this.choices.get(0).delta() == null
				|| this.choices.get(0).delta().reasoningContent() == null) {
			return "";
		}
		return this.choices.get(0).delta().reasoningContent();
	}

	/**
	 * Return the finish reason of the first choice that has one.
	 * @return the finish reason, or {@code null}
	 */
	public @Nullable String finishReason() {
		if (this.choices != null) {
			for (Choice choice : this.choices) {
				if (choice.finishReason() != null) {
					return choice.finishReason();
				}
			}
		}
		return null;
	}

	/**
	 * One choice's delta.
	 *
	 * @param index the choice's index
	 * @param delta the new part of the message
	 * @param finishReason why generation stopped, on the choice's last chunk
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Choice(@Nullable Integer index, @Nullable ChatMessage delta,
			@JsonProperty("finish_reason") @Nullable String finishReason) {

	}

}
