package services.aiapi.test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import services.aiapi.AiApiTemplate;
import services.aiapi.ReactiveAiApiTemplate;
import services.aiapi.actuate.AiApiEndpoint;
import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.autoconfigure.AiApiEndpointAutoConfiguration;
import services.aiapi.autoconfigure.AiApiMetricsAutoConfiguration;
import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.ContentFilteredException;
import services.aiapi.error.TaskFailedException;
import services.aiapi.error.TaskNotFoundException;
import services.aiapi.model.TaskState;
import services.aiapi.model.VideoTaskRequest;
import services.aiapi.model.tasks.KlingVideoRequest;
import services.aiapi.model.tasks.MidjourneyRequest;
import services.aiapi.model.tasks.SunoRequest;
import services.aiapi.model.tasks.Task;
import services.aiapi.model.tasks.TaskFamily;
import services.aiapi.model.tasks.TaskHandle;
import services.aiapi.model.tasks.TaskRequest;
import services.aiapi.model.tasks.VideoGenerationRequest;
import services.aiapi.resilience.AiApiResilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every task family end to end against the simulator, in both dialects: submit, progress, result, download; a task
 * resumed by another application context from its stored handle; a submit that timed out after sending is never
 * sent twice; a result on another host never receives the key.
 */
class TaskFamiliesTests {

	@RegisterExtension
	static AiApiSimulatorExtension gateway = new AiApiSimulatorExtension(
			AiApiSimulator.builder().taskDuration(Duration.ofMillis(400)));

	@TempDir
	Path files;

	private ApplicationContextRunner runner(String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class,
					AiApiMetricsAutoConfiguration.class, AiApiEndpointAutoConfiguration.class,
					MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=" + gateway.simulator().baseUrl(),
					"aiapi.api-key=" + gateway.simulator().apiKey(), "aiapi.tasks.poll-interval=50ms",
					"aiapi.tasks.await-timeout=10s", "aiapi.retry.wait-duration=1ms", "aiapi.retry.max-wait-duration=2ms",
					"management.endpoints.web.exposure.include=aiapi")
			.withPropertyValues(properties);
	}

	static List<TaskRequest> requests() {
		return List.of(VideoTaskRequest.of("sora-2", "A cat on a piano"),
				VideoGenerationRequest.of("sora-2", "A cat on a piano"),
				KlingVideoRequest.textToVideo("kling-v1", "A cat on a piano"),
				KlingVideoRequest.imageToVideo("kling-v1", "https://example.com/cat.png", "The cat plays"),
				SunoRequest.music("A song about a cat", "chirp-v4"), MidjourneyRequest.imagine("A cat, watercolour"));
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void everyFamilyGoesFromSubmitThroughProgressToItsDownloadedResult(Dialect dialect) {
		gateway.simulator().setDialect(dialect);
		runner().run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			for (TaskRequest request : requests()) {
				TaskHandle handle = template.submitTask(request);
				assertThat(handle.family()).isEqualTo(request.family());
				List<Task> updates = new ArrayList<>();
				Task done = template.awaitTask(handle, updates::add);
				assertThat(done.state()).as(request.family().name()).isEqualTo(TaskState.SUCCEEDED);
				assertThat(updates).last().isEqualTo(done);
				assertThat(updates).extracting(Task::state).contains(TaskState.SUCCEEDED);
				// only what changed is told, so no two updates in a row are the same
				for (int i = 1; i < updates.size(); i++) {
					assertThat(updates.get(i).differsFrom(updates.get(i - 1))).isTrue();
				}
				Path target = this.files.resolve(handle.id() + ".bin");
				long bytes = template.downloadTaskResult(done, target);
				assertThat(bytes).as(request.family().name()).isPositive().isEqualTo(Files.size(target));
				byte[] head = Files.readAllBytes(target);
				String magic = new String(head, 0, 12, java.nio.charset.StandardCharsets.ISO_8859_1);
				assertThat(magic).as(request.family().name()).containsAnyOf("ftyp", "RIFF", "PNG");
			}
			assertThat(context.getBean(MeterRegistry.class).get("aiapi.tasks.finished").tag("outcome", "succeeded")
				.counters()).isNotEmpty();
		});
		// no result on the second host ever carried the key
		assertThat(gateway.simulator().cdnRequests()).isNotEmpty()
			.allSatisfy((request) -> assertThat(request.key()).isNull());
	}

	@Test
	void aFinishedOpenAiVideoIsRemixed() {
		runner().run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			Task video = template.awaitTask(template.submitTask(VideoTaskRequest.of("sora-2", "A cat")));
			TaskHandle remix = template.submitTask(VideoGenerationRequest.remix(video.handle().id(), "Make it a dog"));
			assertThat(remix.family()).isEqualTo(TaskFamily.OPENAI_VIDEO);
			Task remixed = template.awaitTask(remix);
			assertThat(template.downloadTaskResult(remixed, this.files.resolve("remix.mp4"))).isPositive();
		});
		assertThat(gateway.simulator().requestCount("/v1/videos")).isOne();
	}

	@Test
	void midjourneyQueueFullAndValidationCodesAreTyped() {
		runner("aiapi.retry.enabled=false").run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			gateway.simulator().respondNext(ScriptedResponse.json(200, "{\"code\":23,\"description\":\"queue full\",\"result\":null}"));
			assertThat(catchThrowable(() -> template.submitTask(MidjourneyRequest.imagine("A cat"))))
				.isInstanceOf(services.aiapi.error.RateLimitExceededException.class);
			gateway.simulator().respondNext(ScriptedResponse.json(200, "{\"code\":4,\"description\":\"bad prompt\",\"result\":null}"));
			assertThat(catchThrowable(() -> template.submitTask(MidjourneyRequest.imagine("A cat"))))
				.isInstanceOf(services.aiapi.error.BadRequestException.class);
		});
	}

	@Test
	void everyFamilyOnTheReactiveTemplate() {
		runner().run((context) -> {
			ReactiveAiApiTemplate template = context.getBean(ReactiveAiApiTemplate.class);
			for (TaskRequest request : requests()) {
				List<Task> updates = template.submitTask(request)
					.flatMapMany(template::taskUpdates)
					.collectList()
					.block(Duration.ofSeconds(10));
				assertThat(updates).as(request.family().name()).isNotEmpty();
				Task done = updates.get(updates.size() - 1);
				assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
				byte[] content = org.springframework.core.io.buffer.DataBufferUtils
					.join(template.downloadTaskResult(done))
					.map((buffer) -> {
						byte[] bytes = new byte[buffer.readableByteCount()];
						buffer.read(bytes);
						org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
						return bytes;
					})
					.block(Duration.ofSeconds(10));
				assertThat(content).as(request.family().name()).isNotEmpty();
			}
		});
	}

	@Test
	void sunoLyricsAndAMidjourneyButtonToo() {
		runner().run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			Task lyrics = template.awaitTask(template.submitTask(SunoRequest.lyrics("A cat who plays piano")));
			assertThat(lyrics.raw().path("data").path("text").asString()).contains("A cat who plays piano");
			Task grid = template.awaitTask(template.submitTask(MidjourneyRequest.imagine("A cat")));
			String upscale = grid.raw().path("buttons").get(0).path("customId").asString();
			Task upscaled = template.awaitTask(template.submitTask(MidjourneyRequest.action(grid.handle().id(), upscale)));
			assertThat(upscaled.resultUrls()).hasSize(1);
			try (InputStream image = template.openTaskResult(upscaled)) {
				assertThat(image.readAllBytes()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
			}
		});
	}

	@Test
	void aTaskSubmittedByOneContextIsAwaitedAndDownloadedByAnotherFromItsStoredHandle() {
		String[] stored = new String[1];
		runner().run((context) -> stored[0] = context.getBean(AiApiTemplate.class)
			.submitTask(KlingVideoRequest.textToVideo("kling-v1", "A cat"))
			.toToken());
		runner().run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			Task done = template.awaitTask(TaskHandle.parse(stored[0]));
			assertThat(template.downloadTaskResult(done, this.files.resolve("resumed.mp4"))).isPositive();
		});
		assertThat(gateway.simulator().requestCount("/kling/v1/videos/text2video")).isOne();
	}

	@Test
	void aSubmitThatTimedOutAfterSendingIsNeverSentTwice() {
		gateway.simulator().delayNext(1, Duration.ofSeconds(2));
		runner("aiapi.read-timeout=300ms").run((context) -> assertThat(
				catchThrowable(() -> context.getBean(AiApiTemplate.class)
					.submitTask(KlingVideoRequest.textToVideo("kling-v1", "A cat"))))
			.isInstanceOf(AiApiTimeoutException.class));
		assertThat(gateway.simulator().requestCount("/kling/v1/videos/text2video")).isOne();
	}

	@Test
	void aSubmitRefusedBeforeItWasAcceptedIsRetried() {
		gateway.simulator().failNext(2, 503, "service_unavailable");
		runner().run((context) -> assertThat(context.getBean(AiApiTemplate.class)
			.submitTask(SunoRequest.music("A song", null))
			.family()).isEqualTo(TaskFamily.SUNO));
		assertThat(gateway.simulator().requestCount("/suno/submit/music")).isEqualTo(3);
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void aFailedGenerationAndAnExpiredTaskEndTyped(Dialect dialect) {
		gateway.simulator().setDialect(dialect);
		runner().run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			for (TaskRequest request : List.of(KlingVideoRequest.textToVideo("kling-v1", "make it fail"),
					VideoGenerationRequest.of("sora-2", "make it fail"), SunoRequest.music("make it fail", null),
					MidjourneyRequest.imagine("make it fail"))) {
				TaskHandle handle = template.submitTask(request);
				assertThat(catchThrowable(() -> template.awaitTask(handle))).as(request.family().name())
					.isInstanceOfSatisfying(TaskFailedException.class,
							(failed) -> assertThat(failed.getMessage()).contains("simulated"));
			}
			for (TaskFamily family : List.of(TaskFamily.KLING_TEXT_TO_VIDEO, TaskFamily.VIDEO_GENERATION,
					TaskFamily.SUNO, TaskFamily.OPENAI_VIDEO)) {
				assertThat(catchThrowable(() -> template.getTask(TaskHandle.of(family, "expired-task-1"))))
					.as(family.name())
					.isInstanceOf(TaskNotFoundException.class);
			}
		});
	}

	@Test
	void hostileTaskEnvelopesEndTyped() {
		runner("aiapi.tasks.await-timeout=600ms", "aiapi.retry.enabled=false").run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			TaskHandle handle = TaskHandle.of(TaskFamily.VIDEO_GENERATION, "t-hostile");
			// a status word nobody knows, progress as text, no other field: a task in an unknown state, polled until
			// the await's deadline
			for (int i = 0; i < 40; i++) {
				gateway.simulator().respondNext(ScriptedResponse.json(200,
						"{\"code\":\"success\",\"data\":{\"status\":\"melting\",\"progress\":\"about half\"}}"));
			}
			Task odd = template.getTask(handle);
			assertThat(odd.state()).isEqualTo(TaskState.UNKNOWN);
			assertThat(odd.progress()).isNull();
			assertThat(odd.resultUrls()).isEmpty();
			assertThat(catchThrowable(() -> template.awaitTask(handle)))
				.isInstanceOf(services.aiapi.error.TaskTimeoutException.class)
				.hasMessageContaining("melting");
			gateway.simulator().reset();
			// a failure inside a 200
			gateway.simulator().respondNext(ScriptedResponse.json(200,
					"{\"code\":\"fail_to_fetch_task\",\"message\":\"upstream said no\",\"data\":null}"));
			assertThat(catchThrowable(() -> template.getTask(handle)))
				.isInstanceOf(services.aiapi.error.AiApiResponseException.class)
				.hasMessageContaining("upstream said no");
			// an expired task, in a 200
			gateway.simulator().respondNext(ScriptedResponse.json(200,
					"{\"code\":\"task_not_exist\",\"message\":\"task_not_exist\",\"data\":null}"));
			assertThat(catchThrowable(() -> template.getTask(handle))).isInstanceOf(TaskNotFoundException.class);
			// an HTML page where JSON was expected
			gateway.simulator().respondNext(ScriptedResponse.json(200, "<html><body>Bad gateway</body></html>")
				.withHeader("Content-Type", "text/html"));
			assertThat(catchThrowable(() -> template.getTask(handle)))
				.isInstanceOf(services.aiapi.error.InvalidResponseException.class);
			// a submit accepted without a task id: charged, so the answer is kept in the message
			gateway.simulator().respondNext(ScriptedResponse.json(200, "{\"code\":1,\"description\":\"ok\",\"result\":null}"));
			assertThat(catchThrowable(() -> template.submitTask(MidjourneyRequest.imagine("A cat"))))
				.isInstanceOf(TaskFailedException.class)
				.hasMessageContaining("names no task id")
				.hasMessageContaining("\"description\":\"ok\"");
			assertThat(gateway.simulator().requestCount("/mj/submit/imagine")).isOne();
		});
	}

	@Test
	void aSubmitIsCheckedBeforeAnythingIsSent() {
		runner().run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			for (TaskRequest invalid : List.of(KlingVideoRequest.textToVideo("kling-v1", " "),
					new KlingVideoRequest("kling-v1", "A cat", null, null, null, null, 7, null),
					SunoRequest.music("", null), MidjourneyRequest.blend(List.of("one"), null),
					MidjourneyRequest.action("", "x"), VideoGenerationRequest.of("", "A cat"))) {
				assertThat(catchThrowable(() -> template.submitTask(invalid))).as(invalid.toString())
					.isInstanceOf(services.aiapi.error.RequestValidationException.class);
			}
		});
		assertThat(gateway.simulator().requestCount()).isZero();
	}

	@Test
	void aMidjourneyRefusalInsideA200IsTyped() {
		runner().run((context) -> assertThat(catchThrowable(
				() -> context.getBean(AiApiTemplate.class).submitTask(MidjourneyRequest.imagine("something banned"))))
			.isInstanceOf(ContentFilteredException.class)
			.hasMessageContaining("code 24"));
	}

	@Test
	void pollsTakeTheirOwnBudgetAndTheEndpointListsTasksInFlight() {
		runner("aiapi.rate-limiter.limit-for-period=5", "aiapi.tasks.polls-per-minute=100").run((context) -> {
			ReactiveAiApiTemplate template = context.getBean(ReactiveAiApiTemplate.class);
			AiApiResilience resilience = context.getBean(AiApiResilience.class);
			TaskHandle handle = template.submitTask(KlingVideoRequest.textToVideo("kling-v1", "A cat"))
				.block(Duration.ofSeconds(5));
			int chatPermits = resilience.getRateLimiter().getMetrics().getAvailablePermissions();
			StepVerifier.create(template.taskUpdates(handle))
				.assertNext((first) -> {
					@SuppressWarnings("unchecked")
					List<Map<String, Object>> inFlight = (List<Map<String, Object>>) context.getBean(AiApiEndpoint.class)
						.describe()
						.get("tasksInFlight");
					assertThat(inFlight).singleElement()
						.satisfies((task) -> assertThat(task).containsEntry("id", handle.id())
							.containsEntry("family", "kling-text-to-video"));
				})
				.thenConsumeWhile((task) -> true)
				.verifyComplete();
			assertThat(resilience.getTaskTracker().inFlightCount()).isZero();
			// every poll came from the polls' budget; the calls' permits are as they were
			assertThat(resilience.getRateLimiter().getMetrics().getAvailablePermissions()).isEqualTo(chatPermits);
			int polls = gateway.simulator().requestCount("/kling/v1/videos/text2video/" + handle.id());
			assertThat(resilience.getTaskPollRateLimiter().getMetrics().getAvailablePermissions()).isEqualTo(100 - polls);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("aiapi.tasks.submitted").tag("family", "kling-text-to-video").counter().count()).isOne();
			assertThat(registry.get("aiapi.tasks.polls").tag("family", "kling-text-to-video").summary().totalAmount())
				.isEqualTo(polls);
			assertThat(registry.get("aiapi.tasks.duration").tag("outcome", "succeeded").timer().count()).isOne();
		});
	}

	@Test
	void pollsBackOffAndA429OnAPollWaitsItsRetryAfterWithoutFailing() {
		// a task of 3 s polled every 100 ms at first: the gaps grow by half each time (lower bounds only: a slow
		// machine makes them longer, never shorter)
		try (AiApiSimulator simulator = AiApiSimulator.builder().taskDuration(Duration.ofSeconds(3)).build().start()) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class))
				.withPropertyValues("aiapi.base-url=" + simulator.baseUrl(), "aiapi.api-key=" + simulator.apiKey(),
						"aiapi.tasks.poll-interval=100ms", "aiapi.retry.max-retry-after=100ms")
				.run((context) -> {
					AiApiTemplate template = context.getBean(AiApiTemplate.class);
					TaskHandle handle = template.submitTask(SunoRequest.music("A song", null));
					// the second poll is answered 429 with a wait longer than the calls' retry takes: the await
					// waits it out and goes on
					simulator.respondNext(ScriptedResponse.json(200, "{\"code\":\"success\",\"data\":{\"task_id\":\""
							+ handle.id() + "\",\"status\":\"NOT_START\",\"progress\":\"0%\"}}"));
					simulator.respondNext(ScriptedResponse.json(429,
							"{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\",\"code\":\"rate_limit_exceeded\"}}")
						.withHeader("Retry-After", "1"));
					Task done = template.awaitTask(handle);
					assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
				});
			List<Instant> polls = simulator.requests()
				.stream()
				.filter((request) -> request.path().startsWith("/suno/fetch/"))
				.map(RecordedRequest::receivedAt)
				.toList();
			assertThat(polls).hasSizeGreaterThanOrEqualTo(4);
			// after the 429 (the second poll), the third waited its Retry-After of 1 s
			assertThat(Duration.between(polls.get(1), polls.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
			// then the backoff: 150 ms, 225 ms, 337 ms ... after the first 100 ms
			assertThat(Duration.between(polls.get(0), polls.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(95));
			for (int i = 3; i < polls.size(); i++) {
				long expected = (long) (100 * Math.pow(1.5, i - 2));
				assertThat(Duration.between(polls.get(i - 1), polls.get(i)))
					.as("gap before poll %d", i + 1)
					.isGreaterThanOrEqualTo(Duration.ofMillis(Math.min(expected, 600) - 10));
			}
		}
	}

}
