package services.aiapi.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation. Its content is text ({@link #content()}) or, for a user message with images,
 * {@link #contentParts() parts}; on the wire both are the OpenAI {@code content} field.
 *
 * @param role who wrote it: {@code system}, {@code developer}, {@code user}, {@code assistant} or {@code tool}
 * @param text the text ({@link #content()}); for a message sent as parts, its text parts joined
 * @param name an optional name for the author
 * @param toolCallId the tool call this message answers, for {@code tool} messages
 * @param toolCalls the tools the model calls, for {@code assistant} messages
 * @param reasoningContent the reasoning a reasoning model sends before its answer ({@code reasoning_content})
 * @param refusal the model's refusal, when it declined to answer in the requested format
 * @param contentParts the content as parts (text, images), or {@code null} for text content
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatMessage(@Nullable String role, @JsonIgnore @Nullable String text, @Nullable String name,
		@JsonProperty("tool_call_id") @Nullable String toolCallId,
		@JsonProperty("tool_calls") @Nullable List<ToolCall> toolCalls,
		@JsonProperty("reasoning_content") @Nullable String reasoningContent, @Nullable String refusal,
		@JsonIgnore @Nullable List<ContentPart> contentParts) {

	/**
	 * Create a text message.
	 * @param role the role
	 * @param content the text
	 * @param name an optional author name
	 * @param toolCallId the call a {@code tool} message answers
	 */
	public ChatMessage(@Nullable String role, @Nullable String content, @Nullable String name,
			@Nullable String toolCallId) {
		this(role, content, name, toolCallId, null, null, null, null);
	}

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
	 * Create a {@code user} message of parts: text and images.
	 * @param parts the parts, such as {@link ContentPart#text(String)} and {@link ContentPart#imageUrl(String)}
	 * @return the message
	 */
	public static ChatMessage user(ContentPart... parts) {
		List<ContentPart> list = List.of(parts);
		return new ChatMessage("user", textOf(list), null, null, null, null, null, list);
	}

	/**
	 * Create an {@code assistant} message, for earlier turns of a conversation.
	 * @param content the earlier answer
	 * @return the message
	 */
	public static ChatMessage assistant(String content) {
		return of("assistant", content);
	}

	/**
	 * Create an {@code assistant} message that called tools, for the turn before the tools' answers.
	 * @param toolCalls the calls the model made
	 * @return the message
	 */
	public static ChatMessage assistant(List<ToolCall> toolCalls) {
		List<ToolCall> calls = toolCalls.stream()
			.map((call) -> new ToolCall(null, call.id(), (call.type() != null) ? call.type() : "function",
					call.function()))
			.toList();
		return new ChatMessage("assistant", null, null, null, calls, null, null, null);
	}

	/**
	 * Create a {@code tool} message: a tool's result, answering one call.
	 * @param toolCallId the id of the call it answers
	 * @param content the result, usually JSON
	 * @return the message
	 */
	public static ChatMessage tool(String toolCallId, String content) {
		return new ChatMessage("tool", content, null, toolCallId);
	}

	/**
	 * Return the text: the message's content, or for a message sent as parts, its text parts joined.
	 * @return the text, or {@code null} (an assistant message that only calls tools)
	 */
	public @Nullable String content() {
		return this.text;
	}

	/**
	 * Return whether this message calls tools.
	 * @return whether it has tool calls
	 */
	@JsonIgnore
	public boolean hasToolCalls() {
		return this.toolCalls != null && !this.toolCalls.isEmpty();
	}

	@JsonProperty("content")
	@Nullable Object jsonContent() {
		return (this.contentParts != null) ? this.contentParts : this.text;
	}

	@JsonCreator
	static ChatMessage fromJson(@JsonProperty("role") @Nullable String role,
			@JsonProperty("content") @Nullable Object content, @JsonProperty("name") @Nullable String name,
			@JsonProperty("tool_call_id") @Nullable String toolCallId,
			@JsonProperty("tool_calls") @Nullable List<ToolCall> toolCalls,
			@JsonProperty("reasoning_content") @Nullable String reasoningContent,
			@JsonProperty("refusal") @Nullable String refusal) {
		if (content instanceof List<?> list) {
			List<ContentPart> parts = new ArrayList<>(list.size());
			for (Object element : list) {
				parts.add(partOf(element));
			}
			return new ChatMessage(role, textOf(parts), name, toolCallId, toolCalls, reasoningContent, refusal,
					List.copyOf(parts));
		}
		String text = (content == null || content instanceof String) ? (String) content : String.valueOf(content);
		return new ChatMessage(role, text, name, toolCallId, toolCalls, reasoningContent, refusal, null);
	}

	private static ContentPart partOf(@Nullable Object element) {
		if (element instanceof String text) {
			return ContentPart.text(text);
		}
		if (!(element instanceof Map<?, ?> map)) {
			return new ContentPart(null, null, null);
		}
		String type = (map.get("type") instanceof String t) ? t : null;
		String text = (map.get("text") instanceof String t) ? t : null;
		ContentPart.ImageUrl image = null;
		if (map.get("image_url") instanceof Map<?, ?> url) {
			image = new ContentPart.ImageUrl((url.get("url") instanceof String u) ? u : null,
					(url.get("detail") instanceof String d) ? d : null);
		}
		return new ContentPart(type, text, image);
	}

	private static @Nullable String textOf(List<ContentPart> parts) {
		StringBuilder text = null;
		for (ContentPart part : parts) {
			if (part != null && ContentPart.TEXT.equals(part.type()) && part.text() != null) {
				text = (text == null) ? new StringBuilder(part.text()) : text.append('\n').append(part.text());
			}
		}
		return (text != null) ? text.toString() : null;
	}

}
