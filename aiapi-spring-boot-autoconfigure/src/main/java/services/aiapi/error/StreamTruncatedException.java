package services.aiapi.error;

/**
 * A chat stream ended without any choice reporting a {@code finish_reason}: the gateway logs a mid-stream
 * upstream failure but still ends the stream with {@code [DONE]}, so the answer looks complete but is not.
 * Keeps what was received. Not retried: a replay would duplicate text and charge twice.
 */
public class StreamTruncatedException extends AiApiException {

	private final String receivedContent;

	private final int receivedChunks;

	/**
	 * Create a new instance.
	 * @param receivedContent the content deltas received, concatenated
	 * @param receivedChunks how many chunks were received
	 * @param attempt the request whose stream ended, and which attempt of its call it was
	 */
	public StreamTruncatedException(String receivedContent, int receivedChunks, CallAttempt attempt) {
		super("The chat stream ended after " + receivedChunks + " chunks (" + receivedContent.length()
				+ " characters) without a finish_reason: the answer is truncated. The upstream provider probably failed mid-stream; retry or shorten the request",
				null, attempt.attempt());
		this.receivedContent = receivedContent;
		this.receivedChunks = receivedChunks;
	}

	/**
	 * Create a new instance for a stream whose connection failed after chunks had been delivered; it is not
	 * replayed, since that would duplicate text and charge twice.
	 * @param receivedContent the content deltas received, concatenated
	 * @param receivedChunks how many chunks were received
	 * @param attempt the request whose stream broke off, and which attempt of its call it was
	 * @param cause the failure that cut the stream
	 */
	public StreamTruncatedException(String receivedContent, int receivedChunks, CallAttempt attempt,
			Throwable cause) {
		super("The chat stream broke off after " + receivedChunks + " chunks (" + receivedContent.length()
				+ " characters): " + cause.getMessage(), cause, attempt.attempt());
		this.receivedContent = receivedContent;
		this.receivedChunks = receivedChunks;
	}

	/**
	 * Return the content deltas received before the stream ended, concatenated.
	 * @return the partial answer
	 */
	public String getReceivedContent() {
		return this.receivedContent;
	}

	/**
	 * Return how many chunks were received.
	 * @return the chunk count
	 */
	public int getReceivedChunks() {
		return this.receivedChunks;
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
