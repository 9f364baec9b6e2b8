package services.aiapi.error;

import org.jspecify.annotations.Nullable;

/**
 * The model answered, but not with the structured output asked for: the text is not JSON, does not fit the Java
 * type, was cut at the token limit, or the model refused. The call itself succeeded (and was charged), so it is not
 * retried; {@link #getRawContent()} keeps what the model said.
 */
public class StructuredOutputException extends AiApiException {

	private static final int SHOWN = 200;

	private final @Nullable String rawContent;

	private final Class<?> targetType;

	private final @Nullable String finishReason;

	private final @Nullable String completionId;

	/**
	 * Create a new instance.
	 * @param reason what went wrong
	 * @param rawContent the answer's text as the model sent it
	 * @param targetType the type the answer was to be read as
	 * @param finishReason the choice's finish reason
	 * @param completionId the completion's id
	 * @param cause the parse failure, if any
	 */
	public StructuredOutputException(String reason, @Nullable String rawContent, Class<?> targetType,
			@Nullable String finishReason, @Nullable String completionId, @Nullable Throwable cause) {
		super(reason + " (reading the answer as " + targetType.getSimpleName() + ", finish_reason "
				+ finishReason + ", completion " + completionId + "): " + preview(rawContent), cause, 1);
		this.rawContent = rawContent;
		this.targetType = targetType;
		this.finishReason = finishReason;
		this.completionId = completionId;
	}

	/**
	 * Return the answer's text as the model sent it.
	 * @return the raw content, or {@code null} when the answer had none (a refusal, a tool call)
	 */
	public @Nullable String getRawContent() {
		return this.rawContent;
	}

	/**
	 * Return the type the answer was to be read as.
	 * @return the target type
	 */
	public Class<?> getTargetType() {
		return this.targetType;
	}

	/**
	 * Return the finish reason: {@code length} means the answer was cut at the token limit.
	 * @return the finish reason, or {@code null}
	 */
	public @Nullable String getFinishReason() {
		return this.finishReason;
	}

	/**
	 * Return the id of the completion that did not fit.
	 * @return the id, or {@code null}
	 */
	public @Nullable String getCompletionId() {
		return this.completionId;
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

	private static String preview(@Nullable String raw) {
		if (raw == null) {
			return "no content";
		}
		return (raw.length() <= SHOWN) ? raw : raw.substring(0, SHOWN) + "… (" + raw.length() + " chars)";
	}

}
