package services.aiapi.error;

import org.jspecify.annotations.Nullable;

/**
 * An async task ended in failure while it was being awaited. Not retried: submitting again is a new, charged
 * task (the gateway refunds the failed one).
 */
public class TaskFailedException extends AiApiException {

	private final String taskId;

	private final String status;

	private final @Nullable String failureCode;

	private final @Nullable String failureMessage;

	public TaskFailedException(String taskId, String status, @Nullable String failureCode,
			@Nullable String failureMessage) {
		super("Task " + taskId + " ended with status '" + status + "'"
				+ ((failureCode != null) ? " (" + failureCode + ")" : "")
				+ ((failureMessage != null) ? ": " + failureMessage : ""), null, 1);
		this.taskId = taskId;
		this.status = status;
		this.failureCode = failureCode;
		this.failureMessage = failureMessage;
	}

	/**
	 * Return the task's id.
	 * @return the id
	 */
	public String getTaskId() {
		return this.taskId;
	}

	/**
	 * Return the status string the gateway reported.
	 * @return the status, such as {@code failed} or {@code FAILURE}
	 */
	public String getStatus() {
		return this.status;
	}

	/**
	 * Return the failure code the gateway reported.
	 * @return the code, or {@code null}
	 */
	public @Nullable String getFailureCode() {
		return this.failureCode;
	}

	/**
	 * Return the failure message the gateway reported.
	 * @return the message, or {@code null}
	 */
	public @Nullable String getFailureMessage() {
		return this.failureMessage;
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
