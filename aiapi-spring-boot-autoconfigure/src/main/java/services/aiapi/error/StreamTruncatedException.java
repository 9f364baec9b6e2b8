package services.aiapi.error;

/**
 * A stream ended before its answer was complete: a chat stream without any choice reporting a
 * {@code finish_reason}, a Responses or Messages stream without its completing event. The gateway logs a mid-stream
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
	 * Create a new instance for a stream of events that ended without the event that completes it, such as
	 * {@code response.completed} (Responses API) or {@code message_stop} (Messages API).
	 * @param receivedContent the text deltas received, concatenated
	 * @param receivedEvents how many events were received
	 * @param completingEvent the event that should have completed the stream
	 * @param attempt the request whose stream ended, and which attempt of its call it was
	 */
	public StreamTruncatedException(String receivedContent, int receivedEvents, String completingEvent,
			CallAttempt attempt) {
		super("The stream ended after " + receivedEvents + " events (" + receivedContent.length()
				+ " characters of text) without " + completingEvent
				+ ": the answer is truncated. The upstream provider probably failed mid-stream; retry or shorten the request",
				null, attempt.attempt());
		this.receivedContent = receivedContent;
		this.receivedChunks = receivedEvents;
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
		super("The stream broke off after " + receivedChunks + " chunks or events (" + receivedContent.length()
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
