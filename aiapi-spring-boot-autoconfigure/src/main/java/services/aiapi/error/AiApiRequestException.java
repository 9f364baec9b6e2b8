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

	public AiApiRequestException(String message, @Nullable HttpMethod method, @Nullable URI uri,
			@Nullable Throwable cause) {
		super(describe(message, method, uri), cause);
		this.method = method;
		this.uri = uri;
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
