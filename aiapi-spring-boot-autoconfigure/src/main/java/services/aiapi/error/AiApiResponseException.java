package services.aiapi.error;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;

/**
 * The gateway answered, and the answer is an error: an HTTP status of 400 or above, or a 200 whose body is an
 * error. Carries everything the gateway said, with the accessors Spring users know from
 * {@code WebClientResponseException}.
 *
 * <p>Subclasses name the documented cases; this class itself is thrown for statuses the gateway does not
 * document (a 405 or 409, say).
 */
public class AiApiResponseException extends AiApiException {

	private static final JsonMapper BODY_MAPPER = JsonMapper.builder().build();

	private final int statusCode;

	private final transient HttpHeaders headers;

	private final GatewayError error;

	private final @Nullable String requestId;

	private final boolean retryable;

	private final @Nullable HttpMethod requestMethod;

	private final @Nullable URI requestUri;

	/**
	 * Create a new instance.
	 * @param attempt the request the gateway answered, and which attempt of its call it was
	 * @param status the HTTP status of the response
	 * @param headers the response headers
	 * @param error what was read from the body
	 * @param requestId the gateway's request id, when known
	 * @param retryable whether the request may succeed when sent again
	 * @param hint one sentence telling the user what to check
	 */
	public AiApiResponseException(CallAttempt attempt, HttpStatusCode status, HttpHeaders headers,
			GatewayError error,
			@Nullable String requestId, boolean retryable, String hint) {
		super(describe(status.value(), error, requestId, hint), attempt.attempt());
		this.statusCode = status.value();
		this.headers = HttpHeaders.readOnlyHttpHeaders(Objects.requireNonNull(headers, "Headers must not be null"));
		this.error = error;
		this.requestId = requestId;
		this.retryable = retryable;
		this.requestMethod = attempt.method();
		this.requestUri = attempt.uri();
	}

	/**
	 * Return the method of the request the gateway answered.
	 * @return the method, or {@code null} when the exception was not created for a request the starter sent
	 */
	public @Nullable HttpMethod getRequestMethod() {
		return this.requestMethod;
	}

	/**
	 * Return the URI of the request the gateway answered (the API key is never part of it).
	 * @return the URI, or {@code null} when the exception was not created for a request the starter sent
	 */
	public @Nullable URI getRequestUri() {
		return this.requestUri;
	}

	static String describe(int status, GatewayError error, @Nullable String requestId, String hint) {
		StringBuilder text = new StringBuilder("HTTP ").append(status);
		if (error.code() != null) {
			text.append(' ').append(error.code());
		}
		text.append(": ").append((error.message() != null) ? error.message() : "(no error message in the response)");
		if (requestId != null && (error.message() == null || !error.message().contains(requestId))) {
			text.append(" (request id: ").append(requestId).append(')');
		}
		if (!hint.isEmpty()) {
			// a gateway message that ends a sentence already gets no second full stop
			char last = text.charAt(text.length() - 1);
			text.append((last == '.' || last == '!' || last == '?') ? " " : ". ").append(hint);
		}
		return text.toString();
	}

	/**
	 * Return the HTTP status code.
	 * @return the status
	 */
	public HttpStatusCode getStatusCode() {
		return HttpStatusCode.valueOf(this.statusCode);
	}

	/**
	 * Return the response headers.
	 * @return the read-only headers
	 */
	public HttpHeaders getResponseHeaders() {
		return (this.headers != null) ? this.headers : HttpHeaders.EMPTY;
	}

	/**
	 * Return the gateway's machine-readable error code, normalised to a string.
	 * @return the code, or {@code null} when the body carried none (an empty 429, an HTML page)
	 */
	public @Nullable String getErrorCode() {
		return this.error.code();
	}

	/**
	 * Return the gateway's human-readable message.
	 * @return the message, or {@code null} when the body carried none
	 */
	public @Nullable String getGatewayMessage() {
		return this.error.message();
	}

	/**
	 * Return the error type of OpenAI-style bodies, such as {@code invalid_request_error} or
	 * {@code upstream_error}.
	 * @return the type, or {@code null}
	 */
	public @Nullable String getErrorType() {
		return this.error.type();
	}

	/**
	 * Return the request parameter the error is about.
	 * @return the parameter, or {@code null}
	 */
	public @Nullable String getParam() {
		return this.error.param();
	}

	/**
	 * Return the {@code data} of the error body as plain Java maps, lists and values.
	 * @return the data, or {@code null}
	 */
	public @Nullable Object getData() {
		return this.error.data();
	}

	/**
	 * Return everything that was read from the error body.
	 * @return the parsed error
	 */
	public GatewayError getGatewayError() {
		return this.error;
	}

	/**
	 * Return the gateway's request id, from the {@code X-Oneapi-Request-Id} header or the
	 * {@code (request id: …)} suffix of the message. Quote it to support.
	 * @return the request id, or {@code null}
	 */
	public @Nullable String getRequestId() {
		return this.requestId;
	}

	/**
	 * Return the response body as text (bounded: a large body is cut).
	 * @return the body, empty when there was none
	 */
	public String getResponseBodyAsString() {
		return this.error.rawBody();
	}

	/**
	 * Return the response body as bytes (bounded: a large body is cut).
	 * @return the body bytes
	 */
	public byte[] getResponseBodyAsByteArray() {
		return this.error.rawBody().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Decode the response body into the given type.
	 * @param <E> the target type
	 * @param type the target type
	 * @return the decoded body, or {@code null} when the body is empty or is not JSON of that type
	 */
	public <E> @Nullable E getResponseBodyAs(Class<E> type) {
		if (this.error.rawBody().isEmpty() || this.error.bodyTruncated()) {
			return null;
		}
		try {
			return BODY_MAPPER.readValue(this.error.rawBody(), type);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	@Override
	public boolean isRetryable() {
		return this.retryable;
	}

}
