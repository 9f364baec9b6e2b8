package services.aiapi.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A {@code POST /v1/embeddings} request.
 *
 * @param model the embedding model; {@code null} to use {@code aiapi.default-embedding-model}
 * @param input the texts to embed
 * @param dimensions the number of dimensions, for models that support it
 * @param encodingFormat {@code float} (the default) or {@code base64}
 * @param user an end-user id for abuse monitoring
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingRequest(@Nullable String model, @Nullable List<String> input, @Nullable Integer dimensions,
		@JsonProperty("encoding_format") @Nullable String encodingFormat, @Nullable String user) {

	/**
	 * Create a request for some texts.
	 * @param model the model, or {@code null} for the default
	 * @param input the texts
	 * @return the request
	 */
	public static EmbeddingRequest of(@Nullable String model, List<String> input) {
		return new EmbeddingRequest(model, List.copyOf(input), null, null, null);
	}

	/**
	 * Return a copy with the given model.
	 * @param model the model id
	 * @return the copy
	 */
	public EmbeddingRequest withModel(String model) {
		return new EmbeddingRequest(model, this.input, this.dimensions, this.encodingFormat, this.user);
	}

}
