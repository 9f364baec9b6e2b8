package services.aiapi.model;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Where an async task stands. Gateways and their channels report status as an open set of strings
 * ({@code queued}, {@code IN_PROGRESS}, {@code SUCCESS}, {@code processing}, …); {@link #of(String)} maps them
 * safely, and anything it does not know is {@link #UNKNOWN}, which is not terminal.
 */
public enum TaskState {

	/** Accepted, not started. */
	QUEUED,

	/** Being worked on. */
	RUNNING,

	/** Finished with a result. */
	SUCCEEDED,

	/** Finished without a result. */
	FAILED,

	/** Cancelled, or expired before it finished. */
	CANCELLED,

	/** A status this client does not know. */
	UNKNOWN;

	/**
	 * Map a status string.
	 * @param status the status as the gateway sent it
	 * @return the state; {@link #UNKNOWN} for {@code null} or an unknown string
	 */
	public static TaskState of(@Nullable String status) {
		if (status == null) {
			return UNKNOWN;
		}
		return switch (status.trim().toLowerCase(Locale.ROOT)) {
			case "queued", "pending", "not_start", "submitted", "created", "waiting" -> QUEUED;
			case "in_progress", "processing", "running", "generating", "streaming" -> RUNNING;
			case "completed", "complete", "success", "succeeded", "succeed", "done" -> SUCCEEDED;
			case "failed", "failure", "fail", "error" -> FAILED;
			case "cancelled", "canceled", "expired" -> CANCELLED;
			default -> UNKNOWN;
		};
	}

	/**
	 * Whether the task will not change any more.
	 * @return {@code true} for {@link #SUCCEEDED}, {@link #FAILED} and {@link #CANCELLED}
	 */
	public boolean isTerminal() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}
