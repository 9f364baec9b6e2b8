package services.aiapi.model.messages;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.util.Assert;

/**
 * A message of a Messages API conversation.
 *
 * @param role {@code user} or {@code assistant}
 * @param content its content blocks
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageParam(String role, List<ContentBlock> content) {

	public MessageParam {
		Assert.hasText(role, "Role must not be empty");
		Assert.notNull(content, "Content must not be null");
		content = List.copyOf(content);
	}

	/**
	 * A user message with one text block.
	 * @param text the text
	 * @return the message
	 */
	public static MessageParam user(String text) {
		return new MessageParam("user", List.of(ContentBlock.text(text)));
	}

	/**
	 * A user message.
	 * @param blocks its blocks
	 * @return the message
	 */
	public static MessageParam user(ContentBlock... blocks) {
		return new MessageParam("user", List.of(blocks));
	}

	/**
	 * An assistant message with one text block.
	 * @param text the text
	 * @return the message
	 */
	public static MessageParam assistant(String text) {
		return new MessageParam("assistant", List.of(ContentBlock.text(text)));
	}

	/**
	 * An assistant message.
	 * @param blocks its blocks (for a tool loop: the blocks of the answer that called the tools, unchanged)
	 * @return the message
	 */
	public static MessageParam assistant(List<ContentBlock> blocks) {
		return new MessageParam("assistant", blocks);
	}

}
