package services.aiapi.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation.
 *
 * @param role who wrote it: {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text
 * @param name an optional name for the author
 * @param toolCallId the tool call this message answers, for {@code tool} messages
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatMessage(@Nullable String role, @Nullable String content, @Nullable String name,
		@JsonProperty("tool_call_id") @Nullable String toolCallId) {

	/**
	 * Create a message with a role and content.
	 * @param role the role
	 * @param content the content
	 * @return the message
	 */
	public static ChatMessage of(String role, String content) {
		return new ChatMessage(role, content, null, null);
	}

	/**
	 * Create a {@code system} message.
	 * @param content the instructions
	 * @return the message
	 */
	public static ChatMessage system(String content) {
		return of("system", content);
	}

	/**
	 * Create a {@code user} message.
	 * @param content the prompt
	 * @return the message
	 */
	public static ChatMessage user(String content) {
		return of("user", content);
	}

	/**
	 * Create an {@code assistant} message, for earlier turns of a conversation.
	 * @param content the earlier answer
	 * @return the message
	 */
	public static ChatMessage assistant(String content) {
		return of("assistant", content);
	}

}
