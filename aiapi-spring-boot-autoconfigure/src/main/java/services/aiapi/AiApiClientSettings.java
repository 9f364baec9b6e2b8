package services.aiapi;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What the templates need to know beyond the {@code WebClient}: defaults for requests and the timeouts they
 * apply themselves.
 *
 * @param defaultModel the chat model used when a request names none
 * @param defaultEmbeddingModel the embedding model used when a request names none
 * @param readTimeout the longest wait for a response, and for the first line of a stream
 * @param streamIdleTimeout the longest silence between two lines of a stream
 * @param maxResponseSize the largest response body, and the longest stream line, in bytes
 * @param taskPollInterval the wait between two polls of an async task
 * @param taskAwaitTimeout the longest wait for an async task to finish
 * @param timeout the longest a whole call may take, all attempts, waits and the reading of its body included;
 * for a stream, the longest wait for its first chunk
 * @param maxUploadSize the largest multipart upload, all its parts together, in bytes
 */
public record AiApiClientSettings(@Nullable String defaultModel, @Nullable String defaultEmbeddingModel,
		Duration readTimeout, Duration streamIdleTimeout, int maxResponseSize, Duration taskPollInterval,
		Duration taskAwaitTimeout, Duration timeout, long maxUploadSize) {

	/** Default of {@link #timeout()}. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

	/** Default of {@link #maxUploadSize()}: 100 MB. */
	public static final long DEFAULT_MAX_UPLOAD_SIZE = 100L * 1024 * 1024;

	/**
	 * Create settings with the default {@link #maxUploadSize()}.
	 * @param defaultModel the chat model used when a request names none
	 * @param defaultEmbeddingModel the embedding model used when a request names none
	 * @param readTimeout the longest wait for a response, and for the first line of a stream
	 * @param streamIdleTimeout the longest silence between two lines of a stream
	 * @param maxResponseSize the largest response body, and the longest stream line, in bytes
	 * @param taskPollInterval the wait between two polls of an async task
	 * @param taskAwaitTimeout the longest wait for an async task to finish
	 * @param timeout the longest a whole call may take
	 */
	public AiApiClientSettings(@Nullable String defaultModel, @Nullable String defaultEmbeddingModel,
			Duration readTimeout, Duration streamIdleTimeout, int maxResponseSize, Duration taskPollInterval,
			Duration taskAwaitTimeout, Duration timeout) {
		this(defaultModel, defaultEmbeddingModel, readTimeout, streamIdleTimeout, maxResponseSize, taskPollInterval,
				taskAwaitTimeout, timeout, DEFAULT_MAX_UPLOAD_SIZE);
	}

	/**
	 * Create settings with the default {@link #timeout()}.
	 * @param defaultModel the chat model used when a request names none
	 * @param defaultEmbeddingModel the embedding model used when a request names none
	 * @param readTimeout the longest wait for a response, and for the first line of a stream
	 * @param streamIdleTimeout the longest silence between two lines of a stream
	 * @param maxResponseSize the largest response body, and the longest stream line, in bytes
	 * @param taskPollInterval the wait between two polls of an async task
	 * @param taskAwaitTimeout the longest wait for an async task to finish
	 */
	public AiApiClientSettings(@Nullable String defaultModel, @Nullable String defaultEmbeddingModel,
			Duration readTimeout, Duration streamIdleTimeout, int maxResponseSize, Duration taskPollInterval,
			Duration taskAwaitTimeout) {
		this(defaultModel, defaultEmbeddingModel, readTimeout, streamIdleTimeout, maxResponseSize, taskPollInterval,
				taskAwaitTimeout, DEFAULT_TIMEOUT);
	}

	public AiApiClientSettings {
		Assert.isTrue(positive(timeout), "timeout must be positive");
		Assert.isTrue(positive(readTimeout), "readTimeout must be positive");
		Assert.isTrue(positive(streamIdleTimeout), "streamIdleTimeout must be positive");
		Assert.isTrue(maxResponseSize > 0, "maxResponseSize must be positive");
		Assert.isTrue(maxUploadSize > 0, "maxUploadSize must be positive");
		Assert.isTrue(positive(taskPollInterval), "taskPollInterval must be positive");
		Assert.isTrue(positive(taskAwaitTimeout), "taskAwaitTimeout must be positive");
	}

	private static boolean positive(@Nullable Duration duration) {
		return duration != null && !duration.isNegative() && !duration.isZero();
	}

	/**
	 * Settings with the starter's defaults and no default models.
	 * @return the settings
	 */
	public static AiApiClientSettings defaults() {
		return new AiApiClientSettings(null, null, Duration.ofSeconds(60), Duration.ofSeconds(30), 16 * 1024 * 1024,
				Duration.ofSeconds(10), Duration.ofMinutes(30), DEFAULT_TIMEOUT, DEFAULT_MAX_UPLOAD_SIZE);
	}

}
