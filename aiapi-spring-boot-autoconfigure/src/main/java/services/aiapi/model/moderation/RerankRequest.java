package services.aiapi.model.moderation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@code POST /v1/rerank} request, in the Jina/Cohere shape the gateway relays: documents ordered by how well they
 * answer a query.
 *
 * @param model the rerank model (required), such as {@code jina-reranker-v2-base-multilingual}
 * @param query the query
 * @param documents the documents to order
 * @param topN how many of the best to return, or {@code null} for all
 * @param returnDocuments whether each result carries its document's text
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RerankRequest(@Nullable String model, String query, List<String> documents,
		@JsonProperty("top_n") @Nullable Integer topN,
		@JsonProperty("return_documents") @Nullable Boolean returnDocuments) {

	public RerankRequest {
		Assert.notNull(query, "Query must not be null");
		Assert.notNull(documents, "Documents must not be null");
		documents = List.copyOf(documents);
	}

	/**
	 * Create a request.
	 * @param model the model
	 * @param query the query
	 * @param documents the documents
	 * @return the request
	 */
	public static RerankRequest of(String model, String query, List<String> documents) {
		return new RerankRequest(model, query, documents, null, null);
	}

	/**
	 * Return a copy that keeps only the best results.
	 * @param topN how many
	 * @return the copy
	 */
	public RerankRequest withTopN(int topN) {
		return new RerankRequest(this.model, this.query, this.documents, topN, this.returnDocuments);
	}

}
