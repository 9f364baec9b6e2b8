package services.aiapi.model.moderation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import services.aiapi.model.Usage;

/**
 * The answer to a rerank: the documents' indexes, best first, with their scores.
 *
 * @param model the model used
 * @param results the results, best first
 * @param usage the tokens used
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RerankResponse(@Nullable String model, @Nullable List<Result> results, @Nullable Usage usage) {

	/**
	 * One document's place.
	 *
	 * @param index the document's index in the request
	 * @param relevanceScore how well it answers the query
	 * @param document the document, when asked for: {@code {"text":…}} (Jina, Cohere) or the text itself
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Result(int index, @JsonProperty("relevance_score") double relevanceScore,
			@Nullable Object document) {

		/**
		 * Return the document's text, whichever shape it came in.
		 * @return the text, or {@code null} when the answer did not carry it
		 */
		public @Nullable String text() {
			if (this.document instanceof String text) {
				return text;
			}
			if (this.document instanceof Map<?, ?> map && map.get("text") instanceof String text) {
				return text;
			}
			return null;
		}

	}

}
