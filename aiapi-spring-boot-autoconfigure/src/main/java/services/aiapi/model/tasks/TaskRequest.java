package services.aiapi.model.tasks;

import org.jspecify.annotations.Nullable;

import services.aiapi.error.RequestValidationException;

/**
 * A task submission of one family: where it goes, what it sends, what it checks before anything is sent. The
 * gateway charges a submission when it accepts it, so a submission is never sent twice once it may have reached the
 * gateway (a read timeout, a connection lost after sending) — only when the gateway said it did not accept it
 * (a 429, a 5xx status, no channel for the model).
 */
public interface TaskRequest {

	/**
	 * Return the family the task belongs to.
	 * @return the family
	 */
	TaskFamily family();

	/**
	 * Return the path the submission is posted to.
	 * @return the path, relative to the base URL
	 */
	String path();

	/**
	 * Return the model the task is for, when the family names one.
	 * @return the model, or {@code null}
	 */
	@Nullable String model();

	/**
	 * Return the JSON body posted.
	 * @return the body
	 */
	Object body();

	/**
	 * Check the request before anything is sent.
	 * @throws RequestValidationException naming the field at fault
	 */
	void validate();

	/**
	 * Return the prompt's length, for metrics.
	 * @return the length, 0 when there is none
	 */
	default int promptLength() {
		return 0;
	}

	static void require(boolean condition, String field, String message) {
		if (!condition) {
			throw new RequestValidationException(field, message);
		}
	}

	static void put(java.util.Map<String, Object> body, String name, @Nullable Object value) {
		if (value != null) {
			body.put(name, value);
		}
	}

	static boolean hasText(@Nullable String text) {
		return text != null && !text.isBlank();
	}

}
