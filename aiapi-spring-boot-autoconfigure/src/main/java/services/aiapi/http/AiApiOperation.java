package services.aiapi.http;

import java.util.Locale;

import org.springframework.http.HttpMethod;

/**
 * The kinds of call the starter makes. Each knows whether the gateway charges it when it is submitted, so that a
 * submission that may have reached the gateway (a read timeout, a connection lost after sending) is not sent again
 * unless {@code aiapi.retry.retry-task-submission-on-timeout} says so.
 */
public enum AiApiOperation {

	/** {@code POST /v1/chat/completions}. */
	CHAT("chat", false),

	/** {@code POST /v1/chat/completions} with {@code "stream": true}. */
	CHAT_STREAM("chat.stream", false),

	/** {@code GET /v1/models}. */
	MODELS("models", false),

	/** {@code POST /v1/embeddings}. */
	EMBEDDINGS("embeddings", false),

	/** Submission of an async task, such as {@code POST /v1/videos}: charged at submit. */
	VIDEO_SUBMIT("video.submit", true),

	/** Poll of an async task. */
	VIDEO_GET("video.get", false),

	/** The health probe. */
	HEALTH("health", false),

	/** Any other call, such as one made with {@code exchange(...)}. */
	EXCHANGE("exchange", false);

	private final String tagValue;

	private final boolean billableOnSubmit;

	AiApiOperation(String tagValue, boolean billableOnSubmit) {
		this.tagValue = tagValue;
		this.billableOnSubmit = billableOnSubmit;
	}

	/**
	 * Return the name used in metric tags, observations and logs.
	 * @return such as {@code chat.stream}
	 */
	public String tagValue() {
		return this.tagValue;
	}

	/**
	 * Whether the gateway charges this call when it is submitted, so that sending it twice may charge twice.
	 * @return {@code true} for task submissions
	 */
	public boolean isBillableOnSubmit() {
		return this.billableOnSubmit;
	}

	/**
	 * Return the operation of a raw call, from its method and path: a {@code POST} to a task-submission path of
	 * the gateway ({@code /v1/videos}, {@code /v1/video/generations}, {@code /mj/submit/…}, {@code /suno/submit/…},
	 * {@code /kling/v1/videos/…}) is {@link #VIDEO_SUBMIT}, anything else {@link #EXCHANGE}.
	 * @param method the request method
	 * @param path the request path, with or without a query
	 * @return the operation
	 */
	public static AiApiOperation of(HttpMethod method, String path) {
		if (!HttpMethod.POST.equals(method)) {
			return EXCHANGE;
		}
		String normalized = path;
		int query = normalized.indexOf('?');
		if (query >= 0) {
			normalized = normalized.substring(0, query);
		}
		normalized = normalized.toLowerCase(Locale.ROOT);
		while (normalized.endsWith("/")) {
			normalized = normalized.substring(0, normalized.length() - 1);
		}
		boolean submission = normalized.endsWith("/v1/videos") || normalized.endsWith("/v1/video/generations")
				|| normalized.contains("/mj/submit/") || normalized.contains("/suno/submit/")
				|| normalized.contains("/kling/v1/videos/");
		return submission ? VIDEO_SUBMIT : EXCHANGE;
	}

}
