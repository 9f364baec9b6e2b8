package services.aiapi.http;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * Where the pipeline leaves what it learnt about a call's last response, for a caller that asked for it by putting
 * a capture in the call's Reactor context under {@link #KEY}: the response's status and headers, and which attempt
 * it answered. Calls made without one pay a context lookup, nothing more.
 */
public final class ResponseCapture {

	/** The Reactor context key. */
	public static final String KEY = ResponseCapture.class.getName();

	private final long started = System.nanoTime();

	private volatile @Nullable HttpHeaders headers;

	private volatile @Nullable HttpStatusCode status;

	private volatile int attempts;

	private volatile @Nullable String model;

	void record(HttpStatusCode status, HttpHeaders headers, int attempt, @Nullable String model) {
		this.model = model;
		this.status = status;
		this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
		this.attempts = Math.max(this.attempts, attempt);
	}

	/**
	 * Return the last response's headers.
	 * @return the headers (read-only), empty when no response came
	 */
	public HttpHeaders headers() {
		HttpHeaders headers = this.headers;
		return (headers != null) ? headers : HttpHeaders.EMPTY;
	}

	/**
	 * Return the last response's status.
	 * @return the status, or {@code null} when no response came
	 */
	public @Nullable HttpStatusCode status() {
		return this.status;
	}

	/**
	 * Return the model the last response answered for: the call's own, or the one of its fallback chain that
	 * answered.
	 * @return the model, or {@code null} when the call named none or no response came
	 */
	public @Nullable String model() {
		return this.model;
	}

	/**
	 * Return how many attempts the call took.
	 * @return the attempts, counting from 1
	 */
	public int attempts() {
		return Math.max(1, this.attempts);
	}

	/**
	 * Return the nanosecond time the capture was made, as {@link System#nanoTime()} counts.
	 * @return the start
	 */
	public long started() {
		return this.started;
	}

}
