package services.aiapi.model.tasks;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import services.aiapi.model.TaskState;

/**
 * A task as one poll found it, the same for every family: its state mapped from the family's status words, its
 * progress where the family reports one, the URLs of its result (videos, audio, images), and why it failed.
 *
 * @param handle the task
 * @param state where it stands
 * @param status the status word as the gateway sent it, or {@code null}
 * @param progress percent done, 0–100, or {@code null} where the family reports none (or sent something that is
 * not a number)
 * @param resultUrls the URLs of the result, in the order the family lists them (empty until it succeeded)
 * @param failureReason why it failed, or {@code null}
 * @param raw the task as the family wrote it (after its envelope), for what this record does not type: Midjourney's
 * buttons, Suno's clips, Kling's metadata
 */
public record Task(TaskHandle handle, TaskState state, @Nullable String status, @Nullable Integer progress,
		List<String> resultUrls, @Nullable String failureReason, JsonNode raw) {

	/**
	 * Whether the task will not change any more.
	 * @return {@code true} once it succeeded, failed or was cancelled
	 */
	public boolean isDone() {
		return this.state.isTerminal();
	}

	/**
	 * Whether this poll says something the previous one did not: state, status word, progress, result or failure.
	 * @param previous the previous poll, or {@code null}
	 * @return {@code true} when something changed
	 */
	public boolean differsFrom(@Nullable Task previous) {
		return previous == null || previous.state != this.state || !java.util.Objects.equals(previous.status, this.status)
				|| !java.util.Objects.equals(previous.progress, this.progress)
				|| !previous.resultUrls.equals(this.resultUrls)
				|| !java.util.Objects.equals(previous.failureReason, this.failureReason);
	}

	@Override
	public String toString() {
		return "Task[" + this.handle.family().tagValue() + " " + this.handle.id() + " " + this.state
				+ ((this.progress != null) ? " " + this.progress + "%" : "") + ", results=" + this.resultUrls.size()
				+ ((this.failureReason != null) ? ", failure=" + this.failureReason : "") + "]";
	}

}
