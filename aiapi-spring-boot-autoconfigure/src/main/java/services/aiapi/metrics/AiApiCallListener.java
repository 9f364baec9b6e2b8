package services.aiapi.metrics;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import services.aiapi.model.Usage;

/**
 * Told about every logical call the templates make (retries included in one call): metrics and logging
 * implement it. Implementations must be fast and must not throw.
 */
public interface AiApiCallListener {

	/**
	 * A call succeeded.
	 * @param call the call
	 * @param duration how long it took, retries included
	 * @param usage the tokens the gateway reported, or {@code null}
	 */
	default void onSuccess(CallInfo call, Duration duration, @Nullable Usage usage) {
	}

	/**
	 * A call failed.
	 * @param call the call
	 * @param duration how long it took, retries included
	 * @param error the failure, usually an {@link services.aiapi.error.AiApiException}
	 */
	default void onError(CallInfo call, Duration duration, Throwable error) {
	}

	/**
	 * The first chunk of a stream arrived.
	 * @param call the call
	 * @param sinceStart the time from subscription to the first chunk
	 */
	default void onFirstChunk(CallInfo call, Duration sinceStart) {
	}

}
