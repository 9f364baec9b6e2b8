package services.aiapi;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
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
 * Reactive operations on the aiapi.services gateway, implemented by {@link ReactiveAiApiTemplate}. Every
 * failure is signalled as a {@link services.aiapi.error.AiApiException}.
 */
public interface ReactiveAiApiOperations {

	/**
	 * Return a view of these operations whose every call uses the given options: extra headers (such as
	 * {@code Accept-Language}), a deadline and a number of attempts of its own. The view shares everything else
	 * (connections, rate limiter, breakers, metrics); it is cheap to make per call.
	 * @param options the options
	 * @return the view
	 */
	ReactiveAiApiOperations withOptions(AiApiCallOptions options);

	/**
	 * Make a call and get its answer with what the response said about it: the gateway's request id, the key's
	 * rate-limit state, the attempts it took, its duration and the response headers. For example
	 * {@code withResponse((api) -> api.chat(request))}. When the function makes several calls, the metadata is the
	 * last response's.
	 * @param <T> the answer's type
	 * @param call the call, made on the operations given to it
	 * @return the answer and its metadata
	 */
	<T> Mono<AiApiResponse<T>> withResponse(java.util.function.Function<ReactiveAiApiOperations, Mono<T>> call);

	/**
	 * Make a streamed call and learn what its response said as soon as its first element arrives: the consumer is
	 * called once, before that element is delivered, with the first element as the value and the response's request
	 * id, rate-limit state, attempts (a stream is retried only before its first element), time to that element and
	 * headers. A stream that fails before any element does not call it. For example
	 * {@code withStreamResponse((api) -> api.chatStream(request), (response) -> log(response.requestId()))}.
	 * @param <T> the element type
	 * @param call the call, made on the operations given to it
	 * @param onResponse told about the response once
	 * @return the stream
	 */
	<T> Flux<T> withStreamResponse(java.util.function.Function<ReactiveAiApiOperations, Flux<T>> call,
			java.util.function.Consumer<AiApiResponse<T>> onResponse);

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
	 * Create a response with OpenAI's Responses API ({@code POST /v1/responses}).
	 * @param request the request; a missing model is taken from {@code aiapi.default-model}
	 * @return the response; one that stopped early has {@code status: "incomplete"} and says why
	 */
	Mono<Response> createResponse(ResponseRequest request);

	/**
	 * Ask the Responses API for an answer as a Java type (structured output): the request gets a strict
	 * {@code json_schema} text format derived from the type (unless it sets a text format of its own), and the
	 * answer's output text is read as the type; anything else is a
	 * {@link services.aiapi.error.StructuredOutputException} carrying the raw text.
	 * @param <T> the answer's type
	 * @param request the request
	 * @param type the answer's type
	 * @return the answer
	 */
	<T> Mono<T> createResponse(ResponseRequest request, Class<T> type);

	/**
	 * Stream a response of the Responses API: its events as they come ({@code response.created},
	 * {@code response.output_text.delta} ... {@code response.completed}), unknown event types included. Retried
	 * only until the first event reaches the subscriber. An {@code error} or {@code response.failed} event ends
	 * the stream with its typed exception; a stream that ends without {@code response.completed} or
	 * {@code response.incomplete} with a {@link services.aiapi.error.StreamTruncatedException}.
	 * {@link services.aiapi.model.responses.ResponseAccumulator} turns the events into the response.
	 * @param request the request; a missing model is taken from {@code aiapi.default-model}
	 * @return the events
	 */
	Flux<ResponseStreamEvent> createResponseStream(ResponseRequest request);

	/**
	 * Create a message with Anthropic's Messages API ({@code POST /v1/messages}), authenticated with the bearer
	 * key as every other route.
	 * @param request the request; a missing model is taken from {@code aiapi.default-model}; {@code max_tokens}
	 * is required
	 * @return the message
	 */
	Mono<MessageResponse> createMessage(MessageRequest request);

	/**
	 * Stream a message of the Messages API: its events as they come ({@code message_start},
	 * {@code content_block_delta} ... {@code message_stop}; {@code ping}s included). Retried only until the first
	 * event reaches the subscriber. An {@code error} event ends the stream with its typed exception (an
	 * {@code overloaded_error} as a {@link services.aiapi.error.ServiceUnavailableException}); a stream that ends
	 * without {@code message_stop} with a {@link services.aiapi.error.StreamTruncatedException}.
	 * {@link services.aiapi.model.messages.MessageAccumulator} turns the events into the message.
	 * @param request the request
	 * @return the events
	 */
	Flux<MessageStreamEvent> createMessageStream(MessageRequest request);

	/**
	 * Read the server-sent events of any route, each event's data as the given type ({@code String} for the
	 * data as it came, Jackson's {@code JsonNode} for a tree), with its SSE event name and id: Gemini's
	 * {@code streamGenerateContent?alt=sse}, {@code /v1/completions}, or a route the starter does not type. The
	 * call goes through the same pipeline as a chat stream (authentication, rate limiter, breaker, retry until
	 * the first event, deadline until the first event, idle timeout between events, typed errors, metrics); an
	 * error event in any dialect the gateway relays (OpenAI's {@code {"error":…}}, Anthropic's
	 * {@code event: error}, the Responses API's {@code error} and {@code response.failed}) ends the stream with
	 * its typed exception. The stream ends with the response body or {@code [DONE]}. The path is taken as
	 * {@link #exchange} takes it.
	 * @param <T> the type of each event's data
	 * @param method the method
	 * @param path the path, relative to {@code aiapi.base-url}, with any query
	 * @param body the request body, written as JSON, or {@code null}
	 * @param eventType the type of each event's data
	 * @return the events
	 */
	<T> Flux<ServerSentEvent<T>> stream(HttpMethod method, String path, @Nullable Object body, Class<T> eventType);

	/**
	 * Download a binary answer (a finished video, generated speech, a file) as it comes, buffer by buffer, never
	 * held whole: through the same pipeline as every call (authentication, limiter, breaker, typed errors, metrics),
	 * retried only until the first buffer reaches the subscriber, {@code aiapi.timeout} until that buffer,
	 * {@code aiapi.stream-idle-timeout} between buffers, at most {@code aiapi.max-response-size} bytes (per call:
	 * {@link AiApiCallOptions.Builder#maxResponseSize}). An error status, or a JSON error body, fails typed. The
	 * subscriber owns each buffer it receives and must release it ({@code DataBufferUtils.write} to a file does);
	 * the path is taken as {@link #exchange} takes it.
	 * @param method the method
	 * @param path the path, relative to {@code aiapi.base-url}
	 * @param body the request body, written as JSON, or {@code null}
	 * @return the body's buffers
	 */
	Flux<DataBuffer> download(HttpMethod method, String path, @Nullable Object body);

	/**
	 * Upload files with {@code POST multipart/form-data} and read the JSON answer as the given type: files from
	 * bytes, a {@code Path} (streamed from disk) or a Spring {@code Resource}, and text fields. The upload is refused
	 * before anything is sent when it is larger than {@code aiapi.max-upload-size}; it goes through the same
	 * pipeline as every call, and is retried only when every file can be read again. A {@code POST} to a
	 * task-submission path is billable on submit, as with {@link #exchange}. The path is taken as {@link #exchange}
	 * takes it.
	 * @param <T> the answer's type
	 * @param path the path, relative to {@code aiapi.base-url}, such as {@code /v1/audio/transcriptions}
	 * @param body the parts
	 * @param responseType the answer's type
	 * @return the answer
	 */
	<T> Mono<T> upload(String path, MultipartBody body, Class<T> responseType);

	/**
	 * Generate images ({@code POST /v1/images/generations}). Charged when submitted: a 429 or 5xx answer is retried,
	 * a call that may have reached the gateway (a timeout after sending) is not.
	 * @param request the request; {@code model} and {@code prompt} are required
	 * @return the images, as URLs or inline, as the request asked
	 */
	Mono<ImageResponse> generateImage(ImageRequest request);

	/**
	 * Edit images ({@code POST /v1/images/edits}): the images, and a mask, uploaded as {@link #upload} sends them.
	 * Charged when submitted, like a generation.
	 * @param request the request; {@code model}, {@code prompt} and an image are required
	 * @return the edited images
	 */
	Mono<ImageResponse> editImage(ImageEditRequest request);

	/**
	 * Return an image's bytes, whichever form it came in: decoded when inline, fetched when a URL — by a client that
	 * never sends the API key to that host, within {@code aiapi.timeout} and {@code aiapi.max-response-size}.
	 * @param image the image
	 * @return its bytes
	 */
	Mono<byte[]> imageBytes(ImageResponse.Image image);

	/**
	 * Speak a text ({@code POST /v1/audio/speech}): the audio as it is generated, never held whole, as
	 * {@link #download} reads it. Charged when submitted: not asked for again once it may have reached the gateway.
	 * @param request the request; {@code model}, {@code input} and {@code voice} are required
	 * @return the audio's buffers, which the subscriber releases
	 */
	Flux<DataBuffer> speech(SpeechRequest request);

	/**
	 * Transcribe an audio file ({@code POST /v1/audio/transcriptions}), uploaded as {@link #upload} sends it.
	 * @param request the request
	 * @return the transcription: its text, and for {@code verbose_json} its segments and words with timestamps
	 */
	Mono<Transcription> transcribe(TranscriptionRequest request);

	/**
	 * Translate an audio file into English text ({@code POST /v1/audio/translations}).
	 * @param request the request
	 * @return the translation
	 */
	Mono<Transcription> translate(TranscriptionRequest request);

	/**
	 * Moderate texts or images ({@code POST /v1/moderations}).
	 * @param request the request
	 * @return one verdict per input: flagged, the categories that apply, their scores
	 */
	Mono<ModerationResponse> moderate(ModerationRequest request);

	/**
	 * Order documents by how well they answer a query ({@code POST /v1/rerank}, the Jina/Cohere shape).
	 * @param request the request; {@code model} is required
	 * @return the documents' indexes, best first, with their scores
	 */
	Mono<RerankResponse> rerank(RerankRequest request);

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
	 * Submit an async task of any family (OpenAI video, the generic {@code /v1/video/generations}, Kling, Suno,
	 * Midjourney). The gateway charges a submission when it accepts it: it is never sent again once it may have
	 * reached the gateway (a read timeout, a connection lost after sending), only when the gateway said it did not
	 * accept it (429, 5xx, no channel). A refusal inside a 200 (an envelope's code, Midjourney's code) fails typed.
	 * @param request the submission
	 * @return the task's handle, to await now or store and resume later
	 */
	Mono<services.aiapi.model.tasks.TaskHandle> submitTask(services.aiapi.model.tasks.TaskRequest request);

	/**
	 * Poll a task once, from the polls' own budget ({@code aiapi.tasks.polls-per-minute}), never the calls'
	 * permits. Polls are not charged and are retried like any call.
	 * @param handle the task
	 * @return the task as the gateway reports it now; a task the gateway does not know (expired) fails with
	 * {@link services.aiapi.error.TaskNotFoundException}
	 */
	Mono<services.aiapi.model.tasks.Task> getTask(services.aiapi.model.tasks.TaskHandle handle);

	/**
	 * Poll a task until it finishes: one element for each poll that found something changed (state, progress,
	 * result, failure), the last one finished, within {@code aiapi.tasks.await-timeout}. Polls start
	 * {@code aiapi.tasks.poll-interval} apart and back off (×1.5, up to six times the interval or a minute); a
	 * 429 on a poll waits its {@code Retry-After} and goes on.
	 * @param handle the task
	 * @return the updates; a wait past the timeout fails with {@link services.aiapi.error.TaskTimeoutException}
	 */
	Flux<services.aiapi.model.tasks.Task> taskUpdates(services.aiapi.model.tasks.TaskHandle handle);

	/**
	 * Poll a task until it finishes, as {@link #taskUpdates} does.
	 * @param handle the task
	 * @return the succeeded task; a failed or cancelled one fails with
	 * {@link services.aiapi.error.TaskFailedException}
	 */
	Mono<services.aiapi.model.tasks.Task> awaitTask(services.aiapi.model.tasks.TaskHandle handle);

	/**
	 * Download a finished task's result as it comes, never buffered whole: OpenAI's videos from
	 * {@code /v1/videos/{id}/content} with the key; every other family's first result URL: on the gateway's own
	 * origin (scheme, host and port of {@code aiapi.base-url}, or a path) with the key, on any other host (a
	 * provider's CDN) <em>without</em> it. The subscriber owns and releases each buffer.
	 * @param task the finished task
	 * @return the content
	 */
	Flux<DataBuffer> downloadTaskResult(services.aiapi.model.tasks.Task task);

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
