package services.aiapi.metrics;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.ChatMessage;
import services.aiapi.model.messages.ContentBlock;
import services.aiapi.model.messages.MessageParam;
import services.aiapi.model.messages.MessageRequest;
import services.aiapi.model.messages.MessageResponse;
import services.aiapi.model.responses.Response;
import services.aiapi.model.responses.ResponseRequest;

/**
 * Prompt and completion text on a call's span ({@code gen_ai.prompt}, {@code gen_ai.completion}) — only when the
 * application opts in ({@code aiapi.tracing.include-content=true}), and then with every API key the client knows
 * masked ({@code ****cdef}), each configured pattern replaced by {@value #REDACTED}, and cut to a bound. Off, nothing
 * of the content is read.
 */
public final class SpanContent {

	/** What a redacted part reads as. */
	public static final String REDACTED = "[REDACTED]";

	private final Function<@Nullable String, @Nullable String> keys;

	private final List<Pattern> patterns;

	private final int maxLength;

	/**
	 * Create the capture.
	 * @param keys replaces every API key the client knows in a text (masked)
	 * @param patterns further patterns to redact (e-mail addresses, account numbers …)
	 * @param maxLength the most characters kept of each text
	 */
	public SpanContent(Function<@Nullable String, @Nullable String> keys, List<Pattern> patterns, int maxLength) {
		Assert.notNull(keys, "Key redaction must not be null");
		Assert.isTrue(maxLength > 0, "maxLength must be positive");
		this.keys = keys;
		this.patterns = List.copyOf(patterns);
		this.maxLength = maxLength;
	}

	@Nullable String prompt(@Nullable Object request) {
		StringBuilder text = new StringBuilder();
		if (request instanceof ChatCompletionRequest chat && chat.messages() != null) {
			for (ChatMessage message : chat.messages()) {
				append(text, message.role(), message.content());
			}
		}
		else if (request instanceof ResponseRequest responses) {
			append(text, "instructions", responses.instructions());
			append(text, "input", (responses.input() instanceof String input) ? input : null);
		}
		else if (request instanceof MessageRequest messages && messages.messages() != null) {
			append(text, "system", (messages.system() instanceof String system) ? system : null);
			for (MessageParam message : messages.messages()) {
				for (ContentBlock block : message.content()) {
					append(text, message.role(), block.text());
				}
			}
		}
		return clean(text.isEmpty() ? null : text.toString());
	}

	@Nullable String completion(@Nullable Object answer) {
		if (answer instanceof ChatCompletion completion) {
			return clean(completion.content());
		}
		if (answer instanceof Response response) {
			return clean(response.outputText());
		}
		if (answer instanceof MessageResponse message) {
			return clean(message.text());
		}
		return null;
	}

	private static void append(StringBuilder text, @Nullable String role, @Nullable String content) {
		if (content != null && !content.isEmpty()) {
			if (!text.isEmpty()) {
				text.append('\n');
			}
			text.append((role != null) ? role : "?").append(": ").append(content);
		}
	}

	private @Nullable String clean(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String cleaned = this.keys.apply(text);
		if (cleaned == null) {
			return null;
		}
		for (Pattern pattern : this.patterns) {
			cleaned = pattern.matcher(cleaned).replaceAll(REDACTED);
		}
		return (cleaned.length() > this.maxLength) ? cleaned.substring(0, this.maxLength) + "…" : cleaned;
	}

}
