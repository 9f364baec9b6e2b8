package services.aiapi;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;

import services.aiapi.model.BillingSubscription;
import services.aiapi.model.BillingUsage;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.EmbeddingRequest;
import services.aiapi.model.EmbeddingResponse;
import services.aiapi.model.ModelList;
import services.aiapi.model.VideoTask;
import services.aiapi.model.VideoTaskRequest;

/**
 * Blocking client of the aiapi.services gateway, delegating to a {@link ReactiveAiApiOperations}. Every call
 * ends: the reactive pipeline beneath applies the read, stream-idle and task timeouts.
 */
public class AiApiTemplate implements AiApiOperations {

	private final ReactiveAiApiOperations reactive;

	/**
	 * Create a template.
	 * @param reactive the reactive operations to delegate to
	 */
	public AiApiTemplate(ReactiveAiApiOperations reactive) {
		Assert.notNull(reactive, "ReactiveAiApiOperations must not be null");
		this.reactive = reactive;
	}

	@Override
	public ChatCompletion chat(ChatCompletionRequest request) {
		return this.reactive.chat(request).block();
	}

	@Override
	public <T> T chat(ChatCompletionRequest request, Class<T> type) {
		return this.reactive.chat(request, type).block();
	}

	@Override
	public ChatCompletion chat(String prompt) {
		return this.reactive.chat(prompt).block();
	}

	@Override
	public Stream<ChatCompletionChunk> chatStream(ChatCompletionRequest request) {
		return this.reactive.chatStream(request).toStream(1);
	}

	@Override
	public void chatStream(ChatCompletionRequest request, Consumer<ChatCompletionChunk> onChunk) {
		Assert.notNull(onChunk, "Consumer must not be null");
		try (Stream<ChatCompletionChunk> chunks = chatStream(request)) {
			chunks.forEach(onChunk);
		}
	}

	@Override
	public ModelList listModels() {
		return this.reactive.listModels().block();
	}

	@Override
	public BillingSubscription getBillingSubscription() {
		return this.reactive.getBillingSubscription().block();
	}

	@Override
	public BillingUsage getBillingUsage() {
		return this.reactive.getBillingUsage().block();
	}

	@Override
	public EmbeddingResponse embed(EmbeddingRequest request) {
		return this.reactive.embed(request).block();
	}

	@Override
	public VideoTask submitVideoTask(VideoTaskRequest request) {
		return this.reactive.submitVideoTask(request).block();
	}

	@Override
	public VideoTask getVideoTask(String taskId) {
		return this.reactive.getVideoTask(taskId).block();
	}

	@Override
	public VideoTask awaitVideoTask(String taskId) {
		return this.reactive.awaitVideoTask(taskId).block();
	}

	@Override
	public VideoTask awaitVideoTask(String taskId, Duration pollInterval, Duration timeout) {
		return this.reactive.awaitVideoTask(taskId, pollInterval, timeout).block();
	}

	@Override
	public <T> @Nullable T exchange(HttpMethod method, String path, @Nullable Object body, Class<T> responseType) {
		return this.reactive.exchange(method, path, body, responseType).block();
	}

}
