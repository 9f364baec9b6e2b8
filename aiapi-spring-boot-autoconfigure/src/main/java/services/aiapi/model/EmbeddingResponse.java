package services.aiapi.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * The {@code POST /v1/embeddings} response.
 *
 * @param object always {@code list}
 * @param data one embedding per input, in input order
 * @param model the model used
 * @param usage the tokens used
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbeddingResponse(@Nullable String object, @Nullable List<Embedding> data, @Nullable String model,
		@Nullable Usage usage) {

	/**
	 * One embedding.
	 *
	 * @param index the index of the input it embeds
	 * @param embedding the vector
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Embedding(@Nullable Integer index, float @Nullable [] embedding) {

	}

}
