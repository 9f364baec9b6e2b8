package services.aiapi.sample;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.model.VideoTask;
import services.aiapi.model.VideoTaskRequest;

/**
 * Submits video generation tasks and reports their progress.
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
		return this.aiApi.submitVideoTask(VideoTaskRequest.of(model, question.prompt())).map(TaskView::of);
	}

	@GetMapping("/videos/{id}")
	Mono<TaskView> get(@PathVariable String id) {
		return this.aiApi.getVideoTask(id).map(TaskView::of);
	}

	// Polls (every aiapi.tasks.poll-interval) until the task ends: a failed task is a TaskFailedException and a
	// task that takes longer than aiapi.tasks.await-timeout a TaskTimeoutException, both answered as problem details.
	@GetMapping("/videos/{id}/result")
	Mono<TaskView> await(@PathVariable String id) {
		return this.aiApi.awaitVideoTask(id).map(TaskView::of);
	}

	record VideoQuestion(String prompt, String model) {
	}

	record TaskView(String id, String state, String status, Integer progress, String videoUrl, String failure) {

		static TaskView of(VideoTask task) {
			return new TaskView(task.id(), task.state().name(), task.status(), task.progressPercent(), task.videoUrl(),
					task.failureMessage());
		}

	}

}
