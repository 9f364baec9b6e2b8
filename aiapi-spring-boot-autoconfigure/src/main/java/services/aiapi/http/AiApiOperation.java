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
	CHAT("chat", false, true),

	/** {@code POST /v1/chat/completions} with {@code "stream": true}. */
	CHAT_STREAM("chat.stream", false, true),

	/** {@code POST /v1/responses}: OpenAI's Responses API. */
	RESPONSES("responses", false, true),

	/** {@code POST /v1/responses} with {@code "stream": true}. */
	RESPONSES_STREAM("responses.stream", false, true),

	/** {@code POST /v1/messages}: Anthropic's Messages API. */
	MESSAGES("messages", false, true),

	/** {@code POST /v1/messages} with {@code "stream": true}. */
	MESSAGES_STREAM("messages.stream", false, true),

	/** {@code GET /v1/models}. */
	MODELS("models", false, true),

	/** {@code POST /v1/embeddings}. */
	EMBEDDINGS("embeddings", false, true),

	/** Submission of an async task, such as {@code POST /v1/videos}: charged at submit. */
	VIDEO_SUBMIT("video.submit", true, true),

	/** Poll of an async task. */
	VIDEO_GET("video.get", false, true),

	/** The health probe. */
	HEALTH("health", false, false),

	/** A read of the key's subscription or usage ({@code /v1/dashboard/billing/*}): free, never charged. */
	BILLING("billing", false, false),

	/** Any other call, such as one made with {@code exchange(...)}. */
	EXCHANGE("exchange", false, true),

	/** A stream of server-sent events from any other route, such as one read with {@code stream(...)}. */
	EXCHANGE_STREAM("exchange.stream", false, true),

	/** A binary answer read as it comes, such as one read with {@code download(...)}. */
	DOWNLOAD("download", false, true),

	/** A multipart upload, such as one made with {@code upload(...)}. */
	UPLOAD("upload", false, true),

	/** {@code POST /v1/images/generations} or {@code /v1/images/edits}: charged when submitted. */
	IMAGES("images.generate", true, true),

	/** {@code POST /v1/audio/speech}: charged when submitted. */
	SPEECH("audio.speech", true, true),

	/** {@code POST /v1/audio/transcriptions} or {@code /v1/audio/translations}. */
	TRANSCRIPTION("audio.transcribe", false, true),

	/** {@code POST /v1/moderations}. */
	MODERATION("moderations", false, true),

	/** {@code POST /v1/rerank}. */
	RERANK("rerank", false, true);

	private final String tagValue;

	private final boolean billableOnSubmit;

	private final boolean callLimited;

	AiApiOperation(String tagValue, boolean billableOnSubmit, boolean callLimited) {
		this.tagValue = tagValue;
		this.billableOnSubmit = billableOnSubmit;
		this.callLimited = callLimited;
	}

	/**
	 * Whether the call spends a permit of the client-side rate limiter and counts for a circuit breaker. The free
	 * reads beside the API (health, billing) do neither: they must not use up the application's permits nor open
	 * a breaker, and the gateway limits them on its own (a 429 from it is still honoured).
	 * @return {@code false} for health and billing reads
	 */
	public boolean isCallLimited() {
		return this.callLimited;
	}

	/**
	 * Return the name used in metric tags, observations and logs.
	 * @return such as {@code chat.stream}
	 */
	public String tagValue() {
		return this.tagValue;
	}

	/**
	 * Return the operation name of OpenTelemetry's GenAI semantic conventions ({@code gen_ai.operation.name}).
	 * @return {@code chat} for every chat dialect (chat completions, Responses, Messages), streamed or not;
	 * {@code embeddings}; otherwise the {@linkplain #tagValue() tag value}
	 */
	public String genAiOperationName() {
		return switch (this) {
			case CHAT, CHAT_STREAM, RESPONSES, RESPONSES_STREAM, MESSAGES, MESSAGES_STREAM -> "chat";
			default -> this.tagValue;
		};
	}

	/**
	 * Whether a call of this kind names a model its request can be sent again for, so that a fallback chain
	 * ({@code aiapi.fallback.chains}) applies: chat in every dialect, streamed or not, and the media and task
	 * submissions (which move on only when nothing was sent). Embeddings never do: another model's vectors are of
	 * another space.
	 * @return {@code true} for chat, Responses, Messages, images, speech and task submissions
	 */
	public boolean hasModelFallbacks() {
		return switch (this) {
			case CHAT, CHAT_STREAM, RESPONSES, RESPONSES_STREAM, MESSAGES, MESSAGES_STREAM, IMAGES, SPEECH,
					VIDEO_SUBMIT -> true;
			default -> false;
		};
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
	 * {@code /kling/v1/videos/…}) is {@link #VIDEO_SUBMIT}, one that generates media ({@code /v1/images/generations},
	 * {@code /v1/images/edits}, {@code /v1/audio/speech}) {@link #IMAGES} or {@link #SPEECH} — all charged when
	 * submitted — anything else {@link #EXCHANGE}.
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
		if (submission) {
			return VIDEO_SUBMIT;
		}
		// generated media are charged as they are asked for, like a task: not sent again once they may have been
		if (normalized.endsWith("/v1/images/generations") || normalized.endsWith("/v1/images/edits")) {
			return IMAGES;
		}
		return normalized.endsWith("/v1/audio/speech") ? SPEECH : EXCHANGE;
	}

}
