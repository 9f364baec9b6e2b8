package services.aiapi.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * An async video task as the gateway reports it, in either of its dialects ({@code /v1/videos} or the
 * {@code /v1/video/generations} envelope's {@code data}).
 *
 * @param id the task id ({@code id}, or {@code task_id})
 * @param object always {@code video} where sent
 * @param model the model
 * @param status the status string as sent; see {@link #state()}
 * @param progress progress as sent: a number 0–100 or a string such as {@code 30%}
 * @param createdAt creation time, epoch seconds
 * @param error why the task failed, when it did
 * @param failReason why the task failed, in the envelope dialect
 * @param resultUrl where the result is, in the envelope dialect
 * @param metadata further fields, such as {@code url}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VideoTask(@JsonAlias("task_id") @Nullable String id, @Nullable String object, @Nullable String model,
		@Nullable String status, @Nullable Object progress, @JsonProperty("created_at") @Nullable Long createdAt,
		@Nullable TaskError error, @JsonProperty("fail_reason") @Nullable String failReason,
		@JsonProperty("result_url") @Nullable String resultUrl, @Nullable Map<String, Object> metadata) {

	/**
	 * Return the status mapped to a {@link TaskState}.
	 * @return the state
	 */
	public TaskState state() {
		return TaskState.of(this.status);
	}

	/**
	 * Return the progress as a percentage.
	 * @return 0–100, or {@code null} when not reported or unreadable
	 */
	public @Nullable Integer progressPercent() {
		if (this.progress instanceof Number number) {
			return number.intValue();
		}
		if (this.progress instanceof String text) {
			try {
				return (int) Double.parseDouble(text.replace("%", "").trim());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	/**
	 * Return where the finished video can be fetched.
	 * @return {@code result_url}, else {@code metadata.url}, else {@code null}
	 */
	public @Nullable String videoUrl() {
		if (this.resultUrl != null && !this.resultUrl.isEmpty()) {
			return this.resultUrl;
		}
		Object url = (this.metadata != null) ? this.metadata.get("url") : null;
		return (url != null) ? url.toString() : null;
	}

	/**
	 * Return the failure message, from {@code error.message} or {@code fail_reason}.
	 * @return the message, or {@code null}
	 */
	public @Nullable String failureMessage() {
		if (this.error != null && this.error.message() != null) {
			return this.error.message();
		}
		return (this.failReason != null && !this.failReason.isEmpty()) ? this.failReason : null;
	}

	/**
	 * Why a task failed.
	 *
	 * @param message the message
	 * @param code the code
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record TaskError(@Nullable String message, @Nullable String code) {

	}

}
