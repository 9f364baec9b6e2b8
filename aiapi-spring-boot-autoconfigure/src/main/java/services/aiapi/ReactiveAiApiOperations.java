package services.aiapi;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;

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
 * Reactive operations on the aiapi.services gateway, implemented by {@link ReactiveAiApiTemplate}. Every
 * failure is signalled as a {@link services.aiapi.error.AiApiException}.
 */
public interface ReactiveAiApiOperations {

	/**
	 * Create a chat completion.
	 * @param request the request; a missing model is taken from {@code aiapi.default-model}
	 * @return the completion
	 */
	Mono<ChatCompletion> chat(ChatCompletionRequest request);

	/**
	 * Ask for an answer as a Java type (structured output): the request gets a strict {@code json_schema} response
	 * format derived from the type (unless it sets a response format of its own), and the answer's content is read
	 * as the type. An answer that is not JSON of that shape, was cut short, or was refused is a
	 * {@link services.aiapi.error.StructuredOutputException} carrying the raw text.
	 * @param <T> the answer's type
	 * @param request the request
	 * @param type a record or bean
	 * @return the answer
	 */
	<T> Mono<T> chat(ChatCompletionRequest request, Class<T> type);

	/**
	 * Ask the default model a single question.
	 * @param prompt the user's prompt
	 * @return the completion
	 */
	Mono<ChatCompletion> chat(String prompt);

	/**
	 * Stream a chat completion as server-sent events. Usage arrives in a last chunk without choices unless the
	 * request sets its own stream options. A stream that ends without a {@code finish_reason} fails with
	 * {@link services.aiapi.error.StreamTruncatedException}.
	 * @param request the request
	 * @return the chunks
	 */
	Flux<ChatCompletionChunk> chatStream(ChatCompletionRequest request);

	/**
	 * List the models the key may use ({@code GET /v1/models}; free).
	 * @return the models
	 */
	Mono<ModelList> listModels();

	/**
	 * Read the key's limits ({@code GET /v1/dashboard/billing/subscription}); free. An unlimited key reports
	 * {@link BillingSubscription#isUnlimited()}.
	 * @return the subscription
	 */
	Mono<BillingSubscription> getBillingSubscription();

	/**
	 * Read what the key has spent ({@code GET /v1/dashboard/billing/usage}); free.
	 * @return the usage
	 */
	Mono<BillingUsage> getBillingUsage();

	/**
	 * Create embeddings.
	 * @param request the request; a missing model is taken from {@code aiapi.default-embedding-model}
	 * @return the embeddings
	 */
	Mono<EmbeddingResponse> embed(EmbeddingRequest request);

	/**
	 * Submit a video generation task. Quota is charged at submission.
	 * @param request the request
	 * @return the task as queued
	 */
	Mono<VideoTask> submitVideoTask(VideoTaskRequest request);

	/**
	 * Fetch a video task's current state.
	 * @param taskId the task id
	 * @return the task
	 */
	Mono<VideoTask> getVideoTask(String taskId);

	/**
	 * Poll a video task every {@code aiapi.tasks.poll-interval} until it succeeds, fails or
	 * {@code aiapi.tasks.await-timeout} passes.
	 * @param taskId the task id
	 * @return the succeeded task; a failed one signals {@link services.aiapi.error.TaskFailedException}, a
	 * timeout {@link services.aiapi.error.TaskTimeoutException}
	 */
	Mono<VideoTask> awaitVideoTask(String taskId);

	/**
	 * Poll a video task until it succeeds, fails or the timeout passes.
	 * @param taskId the task id
	 * @param pollInterval the wait between polls
	 * @param timeout the longest wait in all
	 * @return the succeeded task
	 */
	Mono<VideoTask> awaitVideoTask(String taskId, Duration pollInterval, Duration timeout);

	/**
	 * Call an endpoint the starter does not model, with the same authentication and error translation.
	 * @param <T> the response type
	 * @param method the HTTP method
	 * @param path the path, such as {@code /v1/images/generations}
	 * @param body the request body, written as JSON; {@code null} for none
	 * @param responseType the response type; {@code String} for the raw body
	 * @return the response body
	 */
	<T> Mono<T> exchange(HttpMethod method, String path, @Nullable Object body, Class<T> responseType);

}
