package services.aiapi.model.messages;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A content block of a Messages API message: {@code text}, {@code image}, {@code tool_use}, {@code tool_result},
 * {@code thinking} (with its {@code signature}) or {@code redacted_thinking}. Create request blocks with the
 * factory methods; {@link #cached()} marks a block as a prompt-cache breakpoint.
 *
 * @param type the block's type
 * @param text the text ({@code text})
 * @param source the image ({@code image}): {@code {"type":"base64","media_type":…,"data":…}} or
 * {@code {"type":"url","url":…}}
 * @param id the tool call's id ({@code tool_use})
 * @param name the tool ({@code tool_use})
 * @param input the tool's input ({@code tool_use})
 * @param toolUseId the call a result answers ({@code tool_result})
 * @param content the result ({@code tool_result}): a {@code String} or a list of blocks
 * @param isError whether the tool failed ({@code tool_result})
 * @param thinking the model's thinking ({@code thinking})
 * @param signature the thinking's signature, to send the block back unchanged ({@code thinking})
 * @param data the encrypted thinking ({@code redacted_thinking})
 * @param cacheControl a prompt-cache breakpoint ({@code {"type":"ephemeral"}})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContentBlock(@Nullable String type, @Nullable String text, @Nullable Map<String, Object> source,
		@Nullable String id, @Nullable String name, @Nullable Map<String, Object> input,
		@JsonProperty("tool_use_id") @Nullable String toolUseId, @Nullable Object content,
		@JsonProperty("is_error") @Nullable Boolean isError, @Nullable String thinking, @Nullable String signature,
		@Nullable String data, @JsonProperty("cache_control") @Nullable Map<String, Object> cacheControl) {

	/**
	 * A text block.
	 * @param text the text
	 * @return the block
	 */
	public static ContentBlock text(String text) {
		Assert.notNull(text, "Text must not be null");
		return new ContentBlock("text", text, null, null, null, null, null, null, null, null, null, null, null);
	}

	/**
	 * An image block from base64 data.
	 * @param mediaType such as {@code image/png}
	 * @param base64 the image, base64-encoded
	 * @return the block
	 */
	public static ContentBlock image(String mediaType, String base64) {
		Assert.hasText(mediaType, "Media type must not be empty");
		Assert.notNull(base64, "Data must not be null");
		return new ContentBlock("image", null, Map.of("type", "base64", "media_type", mediaType, "data", base64), null,
				null, null, null, null, null, null, null, null, null);
	}

	/**
	 * An image block from a URL.
	 * @param url the image's URL
	 * @return the block
	 */
	public static ContentBlock imageUrl(String url) {
		Assert.hasText(url, "URL must not be empty");
		return new ContentBlock("image", null, Map.of("type", "url", "url", url), null, null, null, null, null, null,
				null, null, null, null);
	}

	/**
	 * The result of a tool call.
	 * @param toolUseId the call's id
	 * @param result what the tool returned
	 * @param isError whether the tool failed
	 * @return the block
	 */
	public static ContentBlock toolResult(String toolUseId, String result, boolean isError) {
		Assert.hasText(toolUseId, "Tool use id must not be empty");
		Assert.notNull(result, "Result must not be null");
		return new ContentBlock("tool_result", null, null, null, null, null, toolUseId, result,
				isError ? Boolean.TRUE : null, null, null, null, null);
	}

	/**
	 * Return this block marked as a prompt-cache breakpoint ({@code cache_control: {"type":"ephemeral"}}).
	 * @return the copy
	 */
	public ContentBlock cached() {
		return new ContentBlock(this.type, this.text, this.source, this.id, this.name, this.input, this.toolUseId,
				this.content, this.isError, this.thinking, this.signature, this.data, Map.of("type", "ephemeral"));
	}

	/**
	 * Whether this block is a tool call.
	 * @return {@code true} for {@code tool_use}
	 */
	@JsonIgnore
	public boolean isToolUse() {
		return "tool_use".equals(this.type);
	}

}
