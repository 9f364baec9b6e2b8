package services.aiapi.model.moderation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a moderation: one result per input.
 *
 * @param id the moderation's id
 * @param model the model used
 * @param results one per input, in order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModerationResponse(@Nullable String id, @Nullable String model, @Nullable List<Result> results) {

	/**
	 * Whether any input was flagged.
	 * @return {@code true} when one was
	 */
	@JsonIgnore
	public boolean isFlagged() {
		return this.results != null && this.results.stream().anyMatch(Result::flagged);
	}

	/**
	 * The verdict on one input.
	 *
	 * @param flagged whether any category applies
	 * @param categories each category, such as {@code violence} or {@code hate/threatening}, and whether it
	 * applies
	 * @param categoryScores each category's score, from 0 to 1
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Result(boolean flagged, @Nullable Map<String, Boolean> categories,
			@JsonProperty("category_scores") @Nullable Map<String, Double> categoryScores) {

		/**
		 * Return the categories that apply.
		 * @return their names; empty when none
		 */
		public List<String> flaggedCategories() {
			return (this.categories != null) ? this.categories.entrySet()
				.stream()
				.filter((entry) -> Boolean.TRUE.equals(entry.getValue()))
				.map(Map.Entry::getKey)
				.sorted()
				.toList() : List.of();
		}

	}

}
