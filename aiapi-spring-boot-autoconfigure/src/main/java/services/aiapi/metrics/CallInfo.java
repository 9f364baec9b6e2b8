package services.aiapi.metrics;

import org.jspecify.annotations.Nullable;

import services.aiapi.http.AiApiOperation;

/**
 * What a logical call is: its operation, the model it is for, and the length of its prompt.
 *
 * @param operation the operation; its {@link AiApiOperation#tagValue() tag value}, such as {@code chat},
 * {@code chat.stream} or {@code embeddings}, is what meters, observations and logs show
 * @param model the requested model, or {@code null} for calls without one; control characters are replaced by
 * {@code ?} and the name is cut to 256 characters, so it is safe to log
 * @param promptLength characters of prompt text sent (never the text itself)
 * @param modelTag the value of the {@code model} tag of meters and observations: the model, or {@code other} past
 * {@code aiapi.max-tracked-models} distinct names, or {@code none}
 * @param request the request sent, for the GenAI request attributes of the call's span (temperature, max tokens,
 * top p), or {@code null}; read when the call's observation starts, and not kept after it: listeners receive the
 * description {@link #withoutRequest() without it}
 */
public record CallInfo(AiApiOperation operation, @Nullable String model, int promptLength, String modelTag,
		@Nullable Object request) {

	private static final int MAX_MODEL_LENGTH = 256;

	public CallInfo {
		model = printable(model);
		modelTag = (modelTag != null) ? printable(modelTag) : CallOutcome.NONE;
	}

	/**
	 * Create a call description whose tag is the model itself.
	 * @param operation the operation
	 * @param model the model, or {@code null}
	 * @param promptLength characters of prompt text sent
	 */
	public CallInfo(AiApiOperation operation, @Nullable String model, int promptLength) {
		this(operation, model, promptLength, (model != null) ? model : CallOutcome.NONE, null);
	}

	/**
	 * Create a call description without its request.
	 * @param operation the operation
	 * @param model the model, or {@code null}
	 * @param promptLength characters of prompt text sent
	 * @param modelTag the model tag
	 */
	public CallInfo(AiApiOperation operation, @Nullable String model, int promptLength, String modelTag) {
		this(operation, model, promptLength, modelTag, null);
	}

	/**
	 * Return this description without its request: what outlives the start of the call (an open stream's would hold
	 * the caller's messages until it ends).
	 * @return this, when it has no request, else the same description without it
	 */
	public CallInfo withoutRequest() {
		return (this.request == null) ? this
				: new CallInfo(this.operation, this.model, this.promptLength, this.modelTag, null);
	}

	/**
	 * Return the GenAI operation name of OpenTelemetry's conventions.
	 * @return {@code chat} (for every chat dialect), {@code embeddings}, or the operation itself
	 */
	public String genAiOperationName() {
		return this.operation.genAiOperationName();
	}

	private static @Nullable String printable(@Nullable String text) {
		if (text == null) {
			return null;
		}
		StringBuilder safe = null;
		int length = Math.min(text.length(), MAX_MODEL_LENGTH);
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
				if (safe == null) {
					safe = new StringBuilder(text.substring(0, i));
				}
				safe.append('?');
			}
			else if (safe != null) {
				safe.append(c);
			}
		}
		String result = (safe != null) ? safe.toString() : text.substring(0, length);
		return (text.length() > MAX_MODEL_LENGTH) ? result + "…" : result;
	}

}
