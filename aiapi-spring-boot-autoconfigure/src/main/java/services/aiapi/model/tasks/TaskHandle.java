package services.aiapi.model.tasks;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What identifies a submitted task, to store and resume later — tasks live for days, and a process that did not
 * submit a task can await and download it from its handle. A record of plain values: it serializes to JSON as it
 * is, or to one line with {@link #toToken()} and back with {@link #parse(String)}.
 *
 * @param family the task's family
 * @param id the gateway's task id
 * @param submittedAt when it was submitted (time to completion is measured from it)
 * @param model the model it was submitted for, or {@code null}
 */
public record TaskHandle(TaskFamily family, String id, Instant submittedAt, @Nullable String model) {

	public TaskHandle {
		Assert.notNull(family, "Family must not be null");
		Assert.hasText(id, "Task id must not be empty");
		Assert.isTrue(id.chars().noneMatch((c) -> c == '/' || c == '?' || c == '#' || c <= ' '),
				() -> "A task id is one path segment: no '/', '?', '#' or whitespace");
		Assert.notNull(submittedAt, "Submitted-at must not be null");
	}

	/**
	 * A handle for a task known only by its family and id (submitted elsewhere).
	 * @param family the family
	 * @param id the id
	 * @return the handle, submitted "now" as far as this process knows
	 */
	public static TaskHandle of(TaskFamily family, String id) {
		return new TaskHandle(family, id, Instant.now(), null);
	}

	/**
	 * Return the handle as one line: {@code family:id:submittedAtMillis[:model]}.
	 * @return the token
	 */
	public String toToken() {
		return this.family.name() + ":" + this.id + ":" + this.submittedAt.toEpochMilli()
				+ ((this.model != null) ? ":" + this.model : "");
	}

	/**
	 * Read a handle written by {@link #toToken()}.
	 * @param token the token
	 * @return the handle
	 * @throws IllegalArgumentException when the token is not one
	 */
	public static TaskHandle parse(String token) {
		Assert.hasText(token, "Token must not be empty");
		String[] parts = token.split(":", 4);
		Assert.isTrue(parts.length >= 3, "A task handle token is family:id:submittedAtMillis[:model]");
		try {
			return new TaskHandle(TaskFamily.valueOf(parts[0]), parts[1], Instant.ofEpochMilli(Long.parseLong(parts[2])),
					(parts.length == 4) ? parts[3] : null);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("A task handle token's third part is epoch milliseconds", ex);
		}
	}

}
