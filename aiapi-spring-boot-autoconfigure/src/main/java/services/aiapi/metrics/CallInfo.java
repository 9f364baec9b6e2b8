package services.aiapi.metrics;

import org.jspecify.annotations.Nullable;

/**
 * What a logical call is: its operation, the model it is for, and the length of its prompt.
 *
 * @param operation the operation, such as {@code chat}, {@code chat.stream}, {@code embeddings}
 * @param model the requested model, or {@code null} for calls without one
 * @param promptLength characters of prompt text sent (never the text itself)
 */
public record CallInfo(String operation, @Nullable String model, int promptLength) {

	/**
	 * Return the GenAI operation name of OpenTelemetry's conventions.
	 * @return {@code chat}, {@code embeddings}, or the operation itself
	 */
	public String genAiOperationName() {
		return this.operation.startsWith("chat") ? "chat" : this.operation;
	}

}
