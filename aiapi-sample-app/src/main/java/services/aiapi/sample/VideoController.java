package services.aiapi.sample;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.model.VideoTaskRequest;
import services.aiapi.model.tasks.SunoRequest;
import services.aiapi.model.tasks.Task;
import services.aiapi.model.tasks.TaskFamily;
import services.aiapi.model.tasks.TaskHandle;

/**
 * Async tasks through the one task API: videos (OpenAI's {@code /v1/videos}) and songs (Suno) — submit, poll,
 * follow the progress as server-sent events, await, and stream the result.
 */
@RestController
class VideoController {

	private final ReactiveAiApiOperations aiApi;

	VideoController(ReactiveAiApiOperations aiApi) {
		this.aiApi = aiApi;
	}

	@PostMapping("/videos")
	Mono<TaskView> submit(@RequestBody VideoQuestion question) {
		String model = (question.model() != null) ? question.model() : "sora-2";
		return this.aiApi.submitTask(VideoTaskRequest.of(model, question.prompt()))
			.flatMap(this.aiApi::getTask)
			.map(TaskView::of);
	}

	@GetMapping("/videos/{id}")
	Mono<TaskView> get(@PathVariable String id) {
		return this.aiApi.getTask(TaskHandle.of(TaskFamily.OPENAI_VIDEO, id)).map(TaskView::of);
	}

	// Polls (from aiapi.tasks.poll-interval, backing off) until the task ends: a failed task is a
	// TaskFailedException and one that takes longer than aiapi.tasks.await-timeout a TaskTimeoutException, both
	// answered as problem details.
	@GetMapping("/videos/{id}/result")
	Mono<TaskView> await(@PathVariable String id) {
		return this.aiApi.awaitTask(TaskHandle.of(TaskFamily.OPENAI_VIDEO, id)).map(TaskView::of);
	}

	// Each poll that changed something, as an event a browser's EventSource reads; the last one is "done"
	@GetMapping(path = "/videos/{id}/progress", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<TaskView>> progress(@PathVariable String id) {
		return events(TaskHandle.of(TaskFamily.OPENAI_VIDEO, id));
	}

	// The finished video as it comes from the gateway, never held whole
	@GetMapping(path = "/videos/{id}/content", produces = "video/mp4")
	Flux<DataBuffer> content(@PathVariable String id) {
		TaskHandle handle = TaskHandle.of(TaskFamily.OPENAI_VIDEO, id);
		return this.aiApi.getTask(handle).flatMapMany(this.aiApi::downloadTaskResult);
	}

	@PostMapping("/music")
	Mono<TaskView> compose(@RequestBody VideoQuestion question) {
		return this.aiApi.submitTask(SunoRequest.music(question.prompt(), question.model()))
			.map((handle) -> new TaskView(handle.id(), "QUEUED", null, null, null, null, handle.toToken()));
	}

	@GetMapping(path = "/music/{id}/progress", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<TaskView>> musicProgress(@PathVariable String id) {
		return events(TaskHandle.of(TaskFamily.SUNO, id));
	}

	// The song from the provider's host: fetched without the API key
	@GetMapping(path = "/music/{id}/content", produces = "audio/wav")
	Flux<DataBuffer> song(@PathVariable String id) {
		return this.aiApi.awaitTask(TaskHandle.of(TaskFamily.SUNO, id)).flatMapMany(this.aiApi::downloadTaskResult);
	}

	private Flux<ServerSentEvent<TaskView>> events(TaskHandle handle) {
		return this.aiApi.taskUpdates(handle)
			.map((task) -> ServerSentEvent.builder(TaskView.of(task)).event(task.isDone() ? "done" : "progress").build());
	}

	record VideoQuestion(String prompt, String model) {
	}

	record TaskView(String id, String state, String status, Integer progress, String resultUrl, String failure,
			String handle) {

		static TaskView of(Task task) {
			return new TaskView(task.handle().id(), task.state().name(), task.status(), task.progress(),
					task.resultUrls().isEmpty() ? null : task.resultUrls().get(0), task.failureReason(),
					task.handle().toToken());
		}

	}

}
