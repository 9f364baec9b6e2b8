package services.aiapi;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.time.Clock;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import services.aiapi.error.TaskFailedException;
import services.aiapi.error.TaskTimeoutException;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.ResilienceSettings;
import services.aiapi.model.TaskState;
import services.aiapi.model.VideoTask;
import services.aiapi.model.VideoTaskRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static services.aiapi.GatewayTestSupport.json;

/**
 * Async video tasks: submit and fetch in both of the gateway's dialects over HTTP, and awaiting in virtual time.
 */
class VideoTaskIntegrationTests {

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	@Test
	void submitAndFetchInBothDialects() {
		gateway.stubFor(post("/v1/videos").willReturn(json(200,
				"{\"id\":\"task_0123456789abcdef0123456789abcdef\",\"object\":\"video\",\"model\":\"sora-2\",\"status\":\"queued\",\"progress\":0,\"created_at\":1764111600}")));
		gateway.stubFor(get("/v1/videos/task_envelope").willReturn(json(200,
				"{\"code\":\"success\",\"message\":\"\",\"data\":{\"task_id\":\"task_envelope\",\"status\":\"IN_PROGRESS\",\"progress\":\"30%\",\"fail_reason\":\"\",\"result_url\":\"\"}}")));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			VideoTask submitted = template.submitVideoTask(VideoTaskRequest.of("sora-2", "a cat surfing"));
			assertThat(submitted.id()).isEqualTo("task_0123456789abcdef0123456789abcdef");
			assertThat(submitted.state()).isEqualTo(TaskState.QUEUED);
			assertThat(submitted.progressPercent()).isZero();
			VideoTask fetched = template.getVideoTask("task_envelope");
			assertThat(fetched.id()).isEqualTo("task_envelope");
			assertThat(fetched.state()).isEqualTo(TaskState.RUNNING);
			assertThat(fetched.progressPercent()).isEqualTo(30);
			assertThat(fetched.failureMessage()).isNull();
		});
		gateway.verify(postRequestedFor(urlEqualTo("/v1/videos"))
			.withRequestBody(matchingJsonPath("$.prompt", equalTo("a cat surfing"))));
	}

	@Test
	void statusStringsMapSafely() {
		assertThat(TaskState.of("NOT_START")).isEqualTo(TaskState.QUEUED);
		assertThat(TaskState.of("SUBMITTED")).isEqualTo(TaskState.QUEUED);
		assertThat(TaskState.of("processing")).isEqualTo(TaskState.RUNNING);
		assertThat(TaskState.of("SUCCESS")).isEqualTo(TaskState.SUCCEEDED);
		assertThat(TaskState.of("completed")).isEqualTo(TaskState.SUCCEEDED);
		assertThat(TaskState.of("FAILURE")).isEqualTo(TaskState.FAILED);
		assertThat(TaskState.of("unknown")).isEqualTo(TaskState.UNKNOWN);
		assertThat(TaskState.of("something-new")).isEqualTo(TaskState.UNKNOWN);
		assertThat(TaskState.of(null)).isEqualTo(TaskState.UNKNOWN);
		assertThat(TaskState.UNKNOWN.isTerminal()).isFalse();
	}

	@Test
	void awaitPollsUntilSucceededInVirtualTime() {
		Deque<String> answers = new ArrayDeque<>();
		answers.add(task("queued", 0));
		answers.add(task("in_progress", 40));
		answers.add(task("unknown", 40));
		answers.add("{\"id\":\"t1\",\"status\":\"completed\",\"progress\":100,\"metadata\":{\"url\":\"https://cdn/x.mp4\"}}");
		int[] polls = new int[1];
		StepVerifier
			.withVirtualTime(() -> templateAnswering(answers, polls).awaitVideoTask("t1", Duration.ofSeconds(10),
					Duration.ofMinutes(5)))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(30))
			.assertNext((task) -> {
				assertThat(task.state()).isEqualTo(TaskState.SUCCEEDED);
				assertThat(task.videoUrl()).isEqualTo("https://cdn/x.mp4");
			})
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(polls[0]).isEqualTo(4);
	}

	@Test
	void awaitSignalsFailedTask() {
		Deque<String> answers = new ArrayDeque<>();
		answers.add(task("in_progress", 10));
		answers.add("{\"id\":\"t1\",\"status\":\"failed\",\"error\":{\"message\":\"upstream rejected the prompt\",\"code\":\"content_policy\"}}");
		StepVerifier
			.withVirtualTime(() -> templateAnswering(answers, new int[1]).awaitVideoTask("t1", Duration.ofSeconds(10),
					Duration.ofMinutes(5)))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(10))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(TaskFailedException.class, (failed) -> {
				assertThat(failed.getTaskId()).isEqualTo("t1");
				assertThat(failed.getFailureCode()).isEqualTo("content_policy");
				assertThat(failed.getFailureMessage()).isEqualTo("upstream rejected the prompt");
				assertThat(failed.isRetryable()).isFalse();
			}))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void awaitTimesOutWithTheLastStatus() {
		Deque<String> answers = new ArrayDeque<>();
		for (int i = 0; i < 100; i++) {
			answers.add(task("in_progress", i));
		}
		StepVerifier
			.withVirtualTime(() -> templateAnswering(answers, new int[1]).awaitVideoTask("t1", Duration.ofSeconds(10),
					Duration.ofMinutes(2)))
			.expectSubscription()
			.thenAwait(Duration.ofMinutes(2))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(TaskTimeoutException.class,
					(timeout) -> {
						assertThat(timeout.getLastStatus()).isEqualTo("in_progress");
						assertThat(timeout.getMessage()).contains("aiapi.tasks.await-timeout");
					}))
			.verify(Duration.ofSeconds(5));
	}

	private static String task(String status, int progress) {
		return "{\"id\":\"t1\",\"status\":\"" + status + "\",\"progress\":" + progress + "}";
	}

	// A template over an in-memory exchange function, so polling runs entirely in virtual time.
	private static ReactiveAiApiTemplate templateAnswering(Deque<String> answers, int[] polls) {
		WebClient.Builder webClient = WebClient.builder().exchangeFunction((request) -> {
			polls[0]++;
			return Mono.just(ClientResponse.create(HttpStatus.OK)
				.header(HttpHeaders.CONTENT_TYPE, "application/json")
				.body(answers.poll())
				.build());
		});
		return AiApiClientBuilder.create("http://127.0.0.1:1", "sk-test")
			.webClientBuilder(webClient)
			.resilience(new AiApiResilience(ResilienceSettings.disabled(), Clock.systemUTC(), List.of()))
			.buildReactiveTemplate();
	}

}
