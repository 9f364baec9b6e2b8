package services.aiapi.model.messages;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A Messages API answer ({@code type: "message"}).
 *
 * @param id the message's id
 * @param type always {@code message}
 * @param role always {@code assistant}
 * @param model the model that answered
 * @param content the content blocks: text, tool calls, thinking
 * @param stopReason {@code end_turn}, {@code max_tokens}, {@code stop_sequence}, {@code tool_use},
 * {@code pause_turn} or {@code refusal}
 * @param stopSequence the stop sequence that ended generation
 * @param usage the tokens used
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessageResponse(@Nullable String id, @Nullable String type, @Nullable String role,
		@Nullable String model, @Nullable List<ContentBlock> content,
		@JsonProperty("stop_reason") @Nullable String stopReason,
		@JsonProperty("stop_sequence") @Nullable String stopSequence, @Nullable MessageUsage usage) {

	/**
	 * Return the text of the answer: its text blocks, concatenated.
	 * @return the text, or an empty string
	 */
	public String text() {
		return join("text");
	}

	/**
	 * Return the model's thinking: its thinking blocks, concatenated.
	 * @return the thinking, or an empty string
	 */
	public String thinking() {
		return join("thinking");
	}

	/**
	 * Return the tool calls of the answer.
	 * @return the {@code tool_use} blocks, in order; empty when none
	 */
	public List<ContentBlock> toolUses() {
		return (this.content != null)
				? this.content.stream().filter((block) -> block != null && block.isToolUse()).toList() : List.of();
	}

	/**
	 * Return this answer as the assistant message of the next turn (thinking blocks and their signatures kept, as
	 * a tool loop with thinking requires).
	 * @return the message
	 */
	public MessageParam asParam() {
		return MessageParam.assistant((this.content != null) ? this.content : List.of());
	}

	private String join(String type) {
		if (this.content == null) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		for (ContentBlock block : this.content) {
			if (block != null && type.equals(block.type())) {
				String part = "text".equals(type) ? block.text() : block.thinking();
				if (part != null) {
					text.append(part);
				}
			}
		}
		return text.toString();
	}

}
