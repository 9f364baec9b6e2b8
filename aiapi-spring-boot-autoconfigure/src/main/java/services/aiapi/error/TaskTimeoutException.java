package services.aiapi.error;

import java.time.Duration;

/**
 * An async task was still running when the await timeout passed. The task itself goes on; poll it again with
 * its id, or raise {@code aiapi.tasks.await-timeout}.
 */
public class TaskTimeoutException extends AiApiException {

	private final String taskId;

	private final String lastStatus;

	public TaskTimeoutException(String taskId, String lastStatus, Duration timeout) {
		super("Task " + taskId + " was still '" + lastStatus + "' after " + timeout.toSeconds()
				+ " s; it goes on at the gateway: poll it again by id or raise aiapi.tasks.await-timeout", null, 1);
		this.taskId = taskId;
		this.lastStatus = lastStatus;
	}

	/**
	 * Return the task's id.
	 * @return the id
	 */
	public String getTaskId() {
		return this.taskId;
	}

	/**
	 * Return the last status seen.
	 * @return the status
	 */
	public String getLastStatus() {
		return this.lastStatus;
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
