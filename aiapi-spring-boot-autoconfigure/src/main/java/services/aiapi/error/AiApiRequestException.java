package services.aiapi.error;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * No response came back: the connection was refused or reset, the host name did not resolve, TLS failed, or
 * (in {@link AiApiTimeoutException}) a timeout passed. Retryable: with {@link RetryableResponseException} it makes
 * the retryable branch of the hierarchy.
 */
public class AiApiRequestException extends AiApiException {

	private final @Nullable HttpMethod method;

	private final @Nullable URI uri;

	/**
	 * Create an exception.
	 * @param message what went wrong
	 * @param attempt the request that failed, and which attempt of its call it was
	 * @param cause the failure
	 */
	public AiApiRequestException(String message, CallAttempt attempt, @Nullable Throwable cause) {
		super(describe(message, attempt.method(), attempt.uri()), cause, attempt.attempt());
		this.method = attempt.method();
		this.uri = attempt.uri();
	}

	private static String describe(String message, @Nullable HttpMethod method, @Nullable URI uri) {
		return (method != null && uri != null) ? message + " [" + method.name() + " " + uri + "]" : message;
	}

	/**
	 * Return the method of the request that failed.
	 * @return the method, or {@code null} when unknown
	 */
	public @Nullable HttpMethod getMethod() {
		return this.method;
	}

	/**
	 * Return the URI of the request that failed.
	 * @return the URI, or {@code null} when unknown
	 */
	public @Nullable URI getUri() {
		return this.uri;
	}

	@Override
	public boolean isRetryable() {
		return true;
	}

}
