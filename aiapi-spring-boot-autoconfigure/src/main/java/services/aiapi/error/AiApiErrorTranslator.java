package services.aiapi.error;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.Assert;

/**
 * The one place where gateway responses and transport failures become {@link AiApiException}s. Blocking,
 * reactive and streaming calls all go through it. Classifies by HTTP status first, then by the gateway's code,
 * so that both the documented contract and what the gateway software really sends map to the same types.
 */
public final class AiApiErrorTranslator {

	/** Header carrying the gateway's request id. */
	public static final String REQUEST_ID_HEADER = "X-Oneapi-Request-Id";

	private static final Set<String> QUOTA_CODES = Set.of("quota_not_enough", "insufficient_user_quota",
			"pre_consume_token_quota_failed", "insufficient_quota");

	private static final Set<String> CONTENT_FILTER_CODES = Set.of("content_filtered", "prompt_blocked",
			"sensitive_words_detected");

	private static final Set<String> TASK_NOT_FOUND_CODES = Set.of("task_not_found", "task_not_exist");

	// Apache HttpClient's words (the caller-thread transport) for a connection that closed before the whole
	// response came: no response at all, or a body cut short
	private static final Set<String> PREMATURE_END = Set.of("NoHttpResponseException", "ConnectionClosedException",
			"MalformedChunkCodingException", "TruncatedChunkException");

	private static final Set<String> INVALID_REQUEST_CODES = Set.of("invalid_request_error", "invalid_request");

	private static final Pattern REQUEST_ID_SUFFIX = Pattern.compile("\\(request id: ?([^)\\s]+)\\)");

	// The attempt an exception is being created for: set by this translator around each creation (a synchronous
	// call on one thread), read by the exceptions' constructors into final fields.
	private final Clock clock;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private final UnaryOperator<@Nullable String> redaction;

	/**
	 * Create a translator.
	 * @param clock the clock to resolve {@code Retry-After} dates against
	 * @param connectTimeout the connect timeout, named in timeout messages
	 * @param readTimeout the read timeout, named in timeout messages
	 */
	public AiApiErrorTranslator(Clock clock, Duration connectTimeout, Duration readTimeout) {
		this(clock, connectTimeout, readTimeout, UnaryOperator.identity());
	}

	/**
	 * Create a translator that removes a secret from everything a gateway says.
	 * @param clock the clock to resolve {@code Retry-After} dates against
	 * @param connectTimeout the connect timeout, named in timeout messages
	 * @param readTimeout the read timeout, named in timeout messages
	 * @param redaction applied to every text read from a response (message, type, param, code, data, raw body),
	 * such as {@code apiKey::redact}, so that a gateway or proxy that echoes the key does not put it in an exception
	 */
	public AiApiErrorTranslator(Clock clock, Duration connectTimeout, Duration readTimeout,
			UnaryOperator<@Nullable String> redaction) {
		Assert.notNull(clock, "Clock must not be null");
		Assert.notNull(redaction, "Redaction must not be null");
		this.clock = clock;
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
		this.redaction = redaction;
	}

	/**
	 * Translate an error response of the given attempt.
	 * @param status the HTTP status
	 * @param headers the response headers
	 * @param body the body bytes read (bounded)
	 * @param cut whether {@code body} is a prefix of a longer body
	 * @param attempt the request and attempt the response answered
	 * @return the exception to throw
	 */
	public AiApiResponseException translate(HttpStatusCode status, HttpHeaders headers, byte[] body, boolean cut,
			CallAttempt attempt) {
		return translate(status, headers, ErrorBodyParser.parse(body, cut), attempt);
	}

	/**
	 * Translate an error already parsed, of the given attempt.
	 * @param status the HTTP status of the response that carried it
	 * @param headers the response headers
	 * @param error the parsed error
	 * @param attempt the request and attempt the response answered
	 * @return the exception to throw
	 */
	public AiApiResponseException translate(HttpStatusCode status, HttpHeaders headers, GatewayError said,
			CallAttempt attempt) {
		return translate(status, headers, said, attempt, 0);
	}

	/**
	 * Translate an error event of a stream whose response status was a success: the error is classified as the
	 * status its type stands for (Anthropic's {@code overloaded_error} as a 503, the Responses API's
	 * {@code rate_limit_exceeded} as a 429 ...), so that it is as retryable as the same error before the stream,
	 * while the exception keeps the status the response really had.
	 * @param status the HTTP status of the response that carried the event
	 * @param headers the response headers
	 * @param said the parsed error
	 * @param attempt the request and attempt the response answered
	 * @return the exception to throw
	 */
	public AiApiResponseException translateInStream(HttpStatusCode status, HttpHeaders headers, GatewayError said,
			CallAttempt attempt) {
		return translate(status, headers, said, attempt, InStreamStatus.of(said));
	}

	private AiApiResponseException translate(HttpStatusCode status, HttpHeaders headers, GatewayError said,
			CallAttempt attempt, int equivalent) {
		GatewayError error = redacted(said);
		String requestId = requestId(headers, error);
		String code = error.code();
		int effective = (equivalent > 0) ? equivalent : effectiveStatus(status.value(), code);
		if (code != null) {
			if (QUOTA_CODES.contains(code)) {
				return new QuotaExceededException(attempt, status, headers, error, requestId);
			}
			if (CONTENT_FILTER_CODES.contains(code)) {
				return new ContentFilteredException(attempt, status, headers, error, requestId);
			}
			if (TASK_NOT_FOUND_CODES.contains(code)) {
				return new TaskNotFoundException(attempt, status, headers, error, requestId);
			}
			if ("model_not_found".equals(code)) {
				return new ModelNotFoundException(attempt, status, headers, error, requestId);
			}
			if (effective >= 500 && INVALID_REQUEST_CODES.contains(code)) {
				return new BadRequestException(attempt, status, headers, error, requestId);
			}
		}
		if (effective == 403 && isQuotaMessage(error.message())) {
			// the gateway's Messages route (Anthropic's error shape) drops the code: its quota refusal is
			// recognised by its message, so that it stays a quota error (never retried, key pools move on)
			return new QuotaExceededException(attempt, status, headers, error, requestId);
		}
		return switch (effective) {
			case 400, 413, 422 -> new BadRequestException(attempt, status, headers, error, requestId);
			case 401 -> new InvalidApiKeyException(attempt, status, headers, error, requestId);
			case 403 -> new PermissionDeniedException(attempt, status, headers, error, requestId);
			case 404 -> new NotFoundException(attempt, status, headers, error, requestId);
			case 429 -> new RateLimitExceededException(attempt, status, headers, error, requestId,
					RetryAfter.from(headers, error, this.clock).orElse(null),
					RateLimit.from(headers, this.clock).orElse(null));
			case 500 -> new InternalServerErrorException(attempt, status, headers, error, requestId);
			case 502 -> new BadGatewayException(attempt, status, headers, error, requestId);
			case 503 -> new ServiceUnavailableException(attempt, status, headers, error, requestId);
			case 504 -> new GatewayTimeoutException(attempt, status, headers, error, requestId);
			default -> otherStatus(attempt, effective, status, headers, error, requestId);
		};
	}

	/**
	 * Translate a success response of the given attempt whose body could not be read.
	 * @param status the HTTP status
	 * @param headers the response headers
	 * @param body the body bytes (bounded)
	 * @param cause the decoding failure
	 * @param attempt the request and attempt the response answered
	 * @return the exception to throw
	 */
	public InvalidResponseException unreadable(HttpStatusCode status, HttpHeaders headers, byte[] body,
			@Nullable Throwable cause, CallAttempt attempt) {
		GatewayError parsed = ErrorBodyParser.parse(body, false);
		String reason = (cause instanceof DataBufferLimitException) ? "Response larger than aiapi.max-response-size"
				: (body.length == 0) ? "Empty response body" : "Unreadable response body";
		String summary = (parsed.message() != null) ? reason + ": " + parsed.message() : reason;
		GatewayError error = redacted(new GatewayError(parsed.code(), summary, parsed.type(), parsed.param(),
				parsed.data(), parsed.rawBody(), parsed.bodyTruncated()));
		return new InvalidResponseException(attempt, status, headers, error, requestId(headers, null), cause);
	}

	/**
	 * Translate a failure of the given attempt that left no response (see
	 * {@link #transportFailure(Throwable, HttpMethod, URI)}).
	 * @param failure the failure
	 * @param attempt the request and attempt that failed
	 * @return the exception to throw
	 */
	public AiApiException transportFailure(Throwable failure, CallAttempt attempt) {
		if (failure instanceof AiApiException aiApiException) {
			return aiApiException;
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String type = cause.getClass().getName();
			if (type.endsWith("ConnectionRequestTimeoutException")) {
				// Apache HttpClient's wait for a pooled connection (the caller-thread transport)
				return new ConnectionPoolExhaustedException("waited too long for a connection", attempt, failure);
			}
			if (type.endsWith("ConnectTimeoutException") || type.endsWith("SslHandshakeTimeoutException")) {
				return new AiApiTimeoutException(AiApiTimeoutException.Phase.CONNECT, this.connectTimeout, attempt,
						failure);
			}
			if (type.endsWith("ReadTimeoutException") || cause instanceof TimeoutException
					|| cause instanceof SocketTimeoutException) {
				return new AiApiTimeoutException(AiApiTimeoutException.Phase.READ, this.readTimeout, attempt, failure);
			}
			if (type.endsWith("PoolAcquirePendingLimitException")) {
				return new ConnectionPoolExhaustedException("too many calls waiting for a connection", attempt,
						failure);
			}
			if (type.endsWith("PoolAcquireTimeoutException")) {
				return new ConnectionPoolExhaustedException("waited too long for a connection", attempt, failure);
			}
			if (cause instanceof UnknownHostException) {
				return new AiApiRequestException("Could not resolve the gateway's host name; check aiapi.base-url and DNS",
						attempt, failure);
			}
			if (cause instanceof ConnectException) {
				return new AiApiRequestException(
						"Could not connect to the gateway; check aiapi.base-url, the network and any firewall", attempt,
						failure);
			}
			if (cause instanceof SSLHandshakeException || cause instanceof SSLPeerUnverifiedException) {
				return new TlsHandshakeException(String.valueOf(cause.getMessage()), attempt, failure);
			}
			if (cause instanceof SSLException) {
				return new AiApiRequestException("TLS with the gateway failed: " + cause.getMessage(), attempt,
						failure);
			}
			if (type.endsWith("PrematureCloseException") || cause instanceof ClosedChannelException
					|| PREMATURE_END.contains(cause.getClass().getSimpleName())) {
				return new AiApiRequestException("The connection closed before the response was complete", attempt,
						failure);
			}
		}
		return new AiApiRequestException("The call to the gateway failed: " + failure, attempt, failure);
	}

	/**
	 * Translate an error response.
	 * @param status the HTTP status
	 * @param headers the response headers
	 * @param body the body bytes read (bounded)
	 * @param cut whether {@code body} is a prefix of a longer body
	 * @return the exception to throw
	 */
	public AiApiResponseException translate(HttpStatusCode status, HttpHeaders headers, byte[] body, boolean cut) {
		return translate(status, headers, body, cut, CallAttempt.UNKNOWN);
	}

	/**
	 * Translate an error already parsed, such as the {@code error} of a stream chunk or of a 200 body.
	 * @param status the HTTP status of the response that carried it
	 * @param headers the response headers
	 * @param error the parsed error
	 * @return the exception to throw
	 */
	public AiApiResponseException translate(HttpStatusCode status, HttpHeaders headers, GatewayError error) {
		return translate(status, headers, error, CallAttempt.UNKNOWN);
	}

	private AiApiResponseException otherStatus(CallAttempt attempt, int effective, HttpStatusCode status,
			HttpHeaders headers, GatewayError error, @Nullable String requestId) {
		if (effective == 501) {
			return new AiApiResponseException(attempt, status, headers, error, requestId, false,
					"The gateway does not implement this endpoint; check the path");
		}
		if (effective >= 500) {
			return new ServerException(attempt, status, headers, error, requestId);
		}
		if (effective >= 300 && effective < 400) {
			return new AiApiResponseException(attempt, status, headers, error, requestId, false,
					"The server redirected to " + headers.getFirst(HttpHeaders.LOCATION)
							+ "; set aiapi.base-url to the gateway's https address");
		}
		// Set.of(...).contains(null) throws: a 405 or 418 with no code must still end typed
		if ((error.code() != null && INVALID_REQUEST_CODES.contains(error.code()))
				|| "invalid_request_error".equals(error.type())) {
			return new BadRequestException(attempt, status, headers, error, requestId);
		}
		if (effective == 408) {
			return new RequestTimeoutException(attempt, status, headers, error, requestId);
		}
		return new AiApiResponseException(attempt, status, headers, error, requestId, false,
				"Quote the request id to support if this persists");
	}

	// A 200 that carries an error, or an error body whose numeric code says more than the status does.
	private static boolean isQuotaMessage(@Nullable String message) {
		if (message == null) {
			return false;
		}
		String lower = message.toLowerCase(Locale.ROOT);
		return lower.contains("额度不足") || lower.contains("quota is not enough") || lower.contains("insufficient quota")
				|| lower.contains("insufficient_user_quota") || lower.contains("quota exceeded");
	}

	private static int effectiveStatus(int status, @Nullable String code) {
		if (status < 300 && code != null && code.length() == 3 && Character.isDigit(code.charAt(0))) {
			try {
				int fromCode = Integer.parseInt(code);
				if (fromCode >= 400 && fromCode < 600) {
					return fromCode;
				}
			}
			catch (NumberFormatException ex) {
				// not a status
			}
		}
		return status;
	}

	private GatewayError redacted(GatewayError error) {
		String raw = this.redaction.apply(error.rawBody());
		return new GatewayError(this.redaction.apply(error.code()), this.redaction.apply(error.message()),
				this.redaction.apply(error.type()), this.redaction.apply(error.param()), redactedData(error.data()),
				(raw != null) ? raw : "", error.bodyTruncated());
	}

	private @Nullable Object redactedData(@Nullable Object data) {
		if (data instanceof String text) {
			return this.redaction.apply(text);
		}
		if (data instanceof Map<?, ?> map) {
			Map<Object, @Nullable Object> copy = new LinkedHashMap<>();
			map.forEach((key, value) -> copy.put(key, redactedData(value)));
			return copy;
		}
		if (data instanceof List<?> list) {
			return list.stream().map(this::redactedData).toList();
		}
		return data;
	}

	/**
	 * Return the request id of a response, from the header or the message suffix.
	 * @param headers the response headers
	 * @param error the parsed error, or {@code null}
	 * @return the request id, or {@code null}
	 */
	public static @Nullable String requestId(HttpHeaders headers, @Nullable GatewayError error) {
		String header = headers.getFirst(REQUEST_ID_HEADER);
		if (header != null && !header.isBlank()) {
			return header.trim();
		}
		if (error != null && error.message() != null) {
			Matcher matcher = REQUEST_ID_SUFFIX.matcher(error.message());
			if (matcher.find()) {
				return matcher.group(1);
			}
		}
		return null;
	}

	/**
	 * Translate a success response whose body could not be read as the expected JSON.
	 * @param status the HTTP status
	 * @param headers the response headers
	 * @param body the body bytes (bounded)
	 * @param cause the decoding failure
	 * @return the exception to throw
	 */
	public InvalidResponseException unreadable(HttpStatusCode status, HttpHeaders headers, byte[] body,
			@Nullable Throwable cause) {
		return unreadable(status, headers, body, cause, CallAttempt.UNKNOWN);
	}

	/**
	 * Translate a failure that left no response: refused or reset connection, DNS, TLS, timeouts, an exhausted
	 * connection pool. An {@link AiApiException} passes through unchanged.
	 * @param failure the failure
	 * @param method the request method, when known
	 * @param uri the request URI, when known
	 * @return the exception to throw
	 */
	public AiApiException transportFailure(Throwable failure, @Nullable HttpMethod method, @Nullable URI uri) {
		return transportFailure(failure, new CallAttempt(method, uri, 1));
	}

}
