package services.aiapi.springai;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.AbstractEmbeddingModel;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.EmptyUsage;

import org.springframework.util.Assert;

import services.aiapi.ReactiveAiApiOperations;

/**
 * Spring AI's {@link org.springframework.ai.embedding.EmbeddingModel} on the starter's {@code POST /v1/embeddings}:
 * validation, resilience, typed errors and metrics as for every starter call.
 */
public class AiApiEmbeddingModel extends AbstractEmbeddingModel {

	private final ReactiveAiApiOperations operations;

	private final @Nullable String defaultModel;

	/**
	 * Create a model.
	 * @param operations the starter's reactive operations
	 * @param defaultModel the embedding model when a request names none
	 */
	public AiApiEmbeddingModel(ReactiveAiApiOperations operations, @Nullable String defaultModel) {
		Assert.notNull(operations, "ReactiveAiApiOperations must not be null");
		this.operations = operations;
		this.defaultModel = defaultModel;
	}

	@Override
	public EmbeddingResponse call(EmbeddingRequest request) {
		EmbeddingOptions options = request.getOptions();
		String model = (options != null && options.getModel() != null) ? options.getModel() : this.defaultModel;
		Integer dimensions = (options != null) ? options.getDimensions() : null;
		services.aiapi.model.EmbeddingResponse response = this.operations
			.embed(new services.aiapi.model.EmbeddingRequest(model, request.getInstructions(), dimensions, null, null))
			.block();
		Assert.state(response != null, "The starter returned no embeddings");
		List<Embedding> embeddings = new ArrayList<>();
		if (response.data() != null) {
			for (int i = 0; i < response.data().size(); i++) {
				var data = response.data().get(i);
				embeddings.add(new Embedding((data.embedding() != null) ? data.embedding() : new float[0],
						(data.index() != null) ? data.index() : i));
			}
		}
		var usage = (response.usage() != null) ? new DefaultUsage(response.usage().promptTokens(), 0,
				response.usage().totalTokens(), response.usage()) : new EmptyUsage();
		return new EmbeddingResponse(embeddings,
				new EmbeddingResponseMetadata((response.model() != null) ? response.model() : "", usage));
	}

	@Override
	public float[] embed(Document document) {
		String text = getEmbeddingContent(document);
		Assert.notNull(text, "The document has no text to embed");
		return embed(text);
	}

}
