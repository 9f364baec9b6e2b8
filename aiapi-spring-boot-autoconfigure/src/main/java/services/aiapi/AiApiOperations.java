package services.aiapi;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerSentEvent;

import services.aiapi.model.BillingSubscription;
import services.aiapi.model.BillingUsage;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.EmbeddingRequest;
import services.aiapi.model.EmbeddingResponse;
import services.aiapi.model.ModelList;
import services.aiapi.model.MultipartBody;
import services.aiapi.model.VideoTask;
import services.aiapi.model.VideoTaskRequest;
import services.aiapi.model.audio.SpeechRequest;
import services.aiapi.model.audio.Transcription;
import services.aiapi.model.audio.TranscriptionRequest;
import services.aiapi.model.images.ImageEditRequest;
import services.aiapi.model.images.ImageRequest;
import services.aiapi.model.moderation.ModerationRequest;
import services.aiapi.model.moderation.ModerationResponse;
import services.aiapi.model.moderation.RerankRequest;
import services.aiapi.model.moderation.RerankResponse;
import services.aiapi.model.images.ImageResponse;
import services.aiapi.model.messages.MessageRequest;
import services.aiapi.model.messages.MessageResponse;
import services.aiapi.model.messages.MessageStreamEvent;
import services.aiapi.model.responses.Response;
import services.aiapi.model.responses.ResponseRequest;
import services.aiapi.model.responses.ResponseStreamEvent;

/**
 * Blocking operations on the aiapi.services gateway, implemented by {@link AiApiTemplate}. Every failure is
 * thrown as a {@link services.aiapi.error.AiApiException}. Do not call from a reactive (event-loop) thread; use
 * {@link ReactiveAiApiOperations} there.
 */
public interface AiApiOperations {

	/**
	 * Return a view of these operations whose every call uses the given options.
	 * @param options the options
	 * @return the view
	 * @see ReactiveAiApiOperations#withOptions(AiApiCallOptions)
	 */
	AiApiOperations withOptions(AiApiCallOptions options);

	/**
	 * Make a call and get its answer with what the response said about it.
	 * @param <T> the answer's type
	 * @param call the call, made on the operations given to it
	 * @return the answer and its metadata
	 * @see ReactiveAiApiOperations#withResponse(java.util.function.Function)
	 */
	<T> AiApiResponse<T> withResponse(java.util.function.Function<AiApiOperations, T> call);

	/**
	 * Make a streamed call and learn what its response said as soon as its first element arrives.
	 * @param <T> the element type
	 * @param call the call, made on the operations given to it
	 * @param onResponse told about the response once, before the first element is returned
	 * @return the stream
	 * @see ReactiveAiApiOperations#withStreamResponse(java.util.function.Function, java.util.function.Consumer)
	 */
	<T> Stream<T> withStreamResponse(java.util.function.Function<AiApiOperations, Stream<T>> call,
			java.util.function.Consumer<AiApiResponse<T>> onResponse);

	/**
	 * Create a chat completion.
	 * @param request the request
	 * @return the completion
	 */
	ChatCompletion chat(ChatCompletionRequest request);

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
	<T> T chat(ChatCompletionRequest request, Class<T> type);

	/**
	 * Ask the default model a single question.
	 * @param prompt the user's prompt
	 * @return the completion
	 */
	ChatCompletion chat(String prompt);

	/**
	 * Stream a chat completion. Close the stream (try-with-resources) to stop early.
	 * @param request the request
	 * @return the chunks, as they arrive
	 */
	Stream<ChatCompletionChunk> chatStream(ChatCompletionRequest request);

	/**
	 * Stream a chat completion to a consumer, returning when the stream ends.
	 * @param request the request
	 * @param onChunk called with each chunk, on the calling thread
	 */
	void chatStream(ChatCompletionRequest request, Consumer<ChatCompletionChunk> onChunk);

	/**
	 * List the models the key may use.
	 * @return the models
	 */
	ModelList listModels();

	/**
	 * Create a response with OpenAI's Responses API ({@code POST /v1/responses}).
	 * @param request the request; a missing model is taken from {@code aiapi.default-model}
	 * @return the response
	 * @see ReactiveAiApiOperations#createResponse(ResponseRequest)
	 */
	Response createResponse(ResponseRequest request);

	/**
	 * Ask the Responses API for an answer as a Java type (structured output).
	 * @param <T> the answer's type
	 * @param request the request
	 * @param type the answer's type
	 * @return the answer
	 * @see ReactiveAiApiOperations#createResponse(ResponseRequest, Class)
	 */
	<T> T createResponse(ResponseRequest request, Class<T> type);

	/**
	 * Stream a response of the Responses API. Close the stream (try-with-resources) to stop early.
	 * @param request the request
	 * @return the events, as they arrive
	 * @see ReactiveAiApiOperations#createResponseStream(ResponseRequest)
	 */
	Stream<ResponseStreamEvent> createResponseStream(ResponseRequest request);

	/**
	 * Create a message with Anthropic's Messages API ({@code POST /v1/messages}).
	 * @param request the request; {@code max_tokens} is required
	 * @return the message
	 * @see ReactiveAiApiOperations#createMessage(MessageRequest)
	 */
	MessageResponse createMessage(MessageRequest request);

	/**
	 * Stream a message of the Messages API. Close the stream (try-with-resources) to stop early.
	 * @param request the request
	 * @return the events, as they arrive
	 * @see ReactiveAiApiOperations#createMessageStream(MessageRequest)
	 */
	Stream<MessageStreamEvent> createMessageStream(MessageRequest request);

	/**
	 * Read the server-sent events of any route. Close the stream (try-with-resources) to stop early.
	 * @param <T> the type of each event's data
	 * @param method the method
	 * @param path the path, relative to {@code aiapi.base-url}, with any query
	 * @param body the request body, written as JSON, or {@code null}
	 * @param eventType the type of each event's data
	 * @return the events, as they arrive
	 * @see ReactiveAiApiOperations#stream(HttpMethod, String, Object, Class)
	 */
	<T> Stream<ServerSentEvent<T>> stream(HttpMethod method, String path, @Nullable Object body, Class<T> eventType);

	/**
	 * Download a binary answer as a stream: the request is sent, and the body read, as the stream is read; a failure
	 * (an error status, a JSON error body, a timeout, a cut) is thrown typed from {@code read}. Close it to stop
	 * early, which releases what was not read and cancels the call.
	 * @param method the method
	 * @param path the path, relative to {@code aiapi.base-url}
	 * @param body the request body, written as JSON, or {@code null}
	 * @return the body
	 * @see ReactiveAiApiOperations#download(HttpMethod, String, Object)
	 */
	InputStream download(HttpMethod method, String path, @Nullable Object body);

	/**
	 * Download a binary answer to a file, never held whole in memory: written to a temporary file beside the
	 * target, then moved onto it, so the target is either the whole download or unchanged.
	 * @param method the method
	 * @param path the path, relative to {@code aiapi.base-url}
	 * @param body the request body, written as JSON, or {@code null}
	 * @param target the file to write
	 * @return the bytes written
	 * @see ReactiveAiApiOperations#download(HttpMethod, String, Object)
	 */
	long download(HttpMethod method, String path, @Nullable Object body, Path target);

	/**
	 * Upload files with {@code POST multipart/form-data} and read the JSON answer as the given type.
	 * @param <T> the answer's type
	 * @param path the path, relative to {@code aiapi.base-url}
	 * @param body the parts
	 * @param responseType the answer's type
	 * @return the answer
	 * @see ReactiveAiApiOperations#upload(String, MultipartBody, Class)
	 */
	<T> T upload(String path, MultipartBody body, Class<T> responseType);

	/**
	 * Generate images ({@code POST /v1/images/generations}).
	 * @param request the request; {@code model} and {@code prompt} are required
	 * @return the images
	 * @see ReactiveAiApiOperations#generateImage(ImageRequest)
	 */
	ImageResponse generateImage(ImageRequest request);

	/**
	 * Edit images ({@code POST /v1/images/edits}).
	 * @param request the request
	 * @return the edited images
	 * @see ReactiveAiApiOperations#editImage(ImageEditRequest)
	 */
	ImageResponse editImage(ImageEditRequest request);

	/**
	 * Return an image's bytes, whichever form it came in.
	 * @param image the image
	 * @return its bytes
	 * @see ReactiveAiApiOperations#imageBytes(ImageResponse.Image)
	 */
	byte[] imageBytes(ImageResponse.Image image);

	/**
	 * Speak a text, as a stream of audio read as it is generated. Close it to stop early.
	 * @param request the request
	 * @return the audio
	 * @see ReactiveAiApiOperations#speech(SpeechRequest)
	 */
	InputStream speech(SpeechRequest request);

	/**
	 * Speak a text into a file, written whole or not at all.
	 * @param request the request
	 * @param target the file
	 * @return the bytes written
	 * @see ReactiveAiApiOperations#speech(SpeechRequest)
	 */
	long speech(SpeechRequest request, Path target);

	/**
	 * Transcribe an audio file.
	 * @param request the request
	 * @return the transcription
	 * @see ReactiveAiApiOperations#transcribe(TranscriptionRequest)
	 */
	Transcription transcribe(TranscriptionRequest request);

	/**
	 * Translate an audio file into English text.
	 * @param request the request
	 * @return the translation
	 * @see ReactiveAiApiOperations#translate(TranscriptionRequest)
	 */
	Transcription translate(TranscriptionRequest request);

	/**
	 * Moderate texts or images.
	 * @param request the request
	 * @return one verdict per input
	 * @see ReactiveAiApiOperations#moderate(ModerationRequest)
	 */
	ModerationResponse moderate(ModerationRequest request);

	/**
	 * Order documents by how well they answer a query.
	 * @param request the request
	 * @return the documents' indexes, best first, with their scores
	 * @see ReactiveAiApiOperations#rerank(RerankRequest)
	 */
	RerankResponse rerank(RerankRequest request);

	/**
	 * Read the key's limits ({@code GET /v1/dashboard/billing/subscription}); free. An unlimited key reports
	 * {@link BillingSubscription#isUnlimited()}.
	 * @return the subscription
	 */
	BillingSubscription getBillingSubscription();

	/**
	 * Read what the key has spent ({@code GET /v1/dashboard/billing/usage}); free.
	 * @return the usage
	 */
	BillingUsage getBillingUsage();

	/**
	 * Create embeddings.
	 * @param request the request
	 * @return the embeddings
	 */
	EmbeddingResponse embed(EmbeddingRequest request);

	/**
	 * Submit a video generation task.
	 * @param request the request
	 * @return the task as queued
	 */
	VideoTask submitVideoTask(VideoTaskRequest request);

	/**
	 * Fetch a video task's current state.
	 * @param taskId the task id
	 * @return the task
	 */
	VideoTask getVideoTask(String taskId);

	/**
	 * Poll a video task until it succeeds, fails or {@code aiapi.tasks.await-timeout} passes.
	 * @param taskId the task id
	 * @return the succeeded task
	 */
	VideoTask awaitVideoTask(String taskId);

	/**
	 * Poll a video task until it succeeds, fails or the timeout passes.
	 * @param taskId the task id
	 * @param pollInterval the wait between polls
	 * @param timeout the longest wait in all
	 * @return the succeeded task
	 */
	VideoTask awaitVideoTask(String taskId, Duration pollInterval, Duration timeout);

	/**
	 * Submit an async task of any family.
	 * @param request the submission
	 * @return the task's handle
	 * @see ReactiveAiApiOperations#submitTask(services.aiapi.model.tasks.TaskRequest)
	 */
	services.aiapi.model.tasks.TaskHandle submitTask(services.aiapi.model.tasks.TaskRequest request);

	/**
	 * Poll a task once.
	 * @param handle the task
	 * @return the task now
	 * @see ReactiveAiApiOperations#getTask(services.aiapi.model.tasks.TaskHandle)
	 */
	services.aiapi.model.tasks.Task getTask(services.aiapi.model.tasks.TaskHandle handle);

	/**
	 * Wait for a task to finish.
	 * @param handle the task
	 * @return the succeeded task
	 * @see ReactiveAiApiOperations#awaitTask(services.aiapi.model.tasks.TaskHandle)
	 */
	services.aiapi.model.tasks.Task awaitTask(services.aiapi.model.tasks.TaskHandle handle);

	/**
	 * Wait for a task to finish, told of each poll that found something changed (progress, say) on the waiting
	 * thread.
	 * @param handle the task
	 * @param onUpdate told of each update, the last one finished
	 * @return the succeeded task
	 * @see ReactiveAiApiOperations#taskUpdates(services.aiapi.model.tasks.TaskHandle)
	 */
	services.aiapi.model.tasks.Task awaitTask(services.aiapi.model.tasks.TaskHandle handle,
			java.util.function.Consumer<services.aiapi.model.tasks.Task> onUpdate);

	/**
	 * Write a finished task's result to a file as it comes.
	 * @param task the finished task
	 * @param target the file (replaced)
	 * @return the bytes written
	 * @see ReactiveAiApiOperations#downloadTaskResult(services.aiapi.model.tasks.Task)
	 */
	long downloadTaskResult(services.aiapi.model.tasks.Task task, java.nio.file.Path target);

	/**
	 * Read a finished task's result as a stream; close it when done.
	 * @param task the finished task
	 * @return the content
	 * @see ReactiveAiApiOperations#downloadTaskResult(services.aiapi.model.tasks.Task)
	 */
	java.io.InputStream openTaskResult(services.aiapi.model.tasks.Task task);

	/**
	 * Call an endpoint the starter does not model.
	 * @param <T> the response type
	 * @param method the HTTP method
	 * @param path the path
	 * @param body the request body, written as JSON; {@code null} for none
	 * @param responseType the response type; {@code String} for the raw body
	 * @return the response body
	 */
	<T> @Nullable T exchange(HttpMethod method, String path, @Nullable Object body, Class<T> responseType);

}
