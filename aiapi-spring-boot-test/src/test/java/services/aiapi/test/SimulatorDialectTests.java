package services.aiapi.test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.HttpMethod;

import services.aiapi.AiApiTemplate;
import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.error.BadRequestException;
import services.aiapi.error.ContentFilteredException;
import services.aiapi.error.InvalidApiKeyException;
import services.aiapi.error.ModelNotFoundException;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.error.RateLimitExceededException;
import services.aiapi.error.TaskNotFoundException;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.EmbeddingRequest;
import services.aiapi.model.TaskState;
import services.aiapi.model.VideoTask;
import services.aiapi.model.VideoTaskRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The starter against the simulator, in both dialects: every endpoint works and every documented error arrives
 * as its typed exception.
 */
class SimulatorDialectTests {

	static final TestClock clock = new TestClock(Instant.parse("2026-11-25T12:00:00Z"));

	@RegisterExtension
	static AiApiSimulatorExtension gateway = new AiApiSimulatorExtension(AiApiSimulator.builder()
		.clock(clock)
		.pings(true)
		.key("sk-sim-unlimited-000001", AiApiSimulator.KeySettings.unlimited())
		.key("sk-sim-one-call-000002", new AiApiSimulator.KeySettings(1, 0))
		.key("sk-sim-one-per-min-003", new AiApiSimulator.KeySettings(-1, 1)));

	private void run(Dialect dialect, String key, Consumer<AiApiTemplate> test) {
		gateway.simulator().setDialect(dialect);
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=" + gateway.simulator().baseUrl(), "aiapi.api-key=" + key,
					"aiapi.default-model=gemini-2.5-flash", "aiapi.retry.enabled=false")
			.run((context) -> test.accept(context.getBean(AiApiTemplate.class)));
	}

	private void run(Dialect dialect, Consumer<AiApiTemplate> test) {
		run(dialect, "sk-sim-unlimited-000001", test);
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void modelsChatAndEmbeddings(Dialect dialect) {
		run(dialect, (template) -> {
			assertThat(template.listModels().models()).extracting("id").contains("gemini-2.5-flash", "sora-2");
			var completion = template.chat("What is 2+2?");
			assertThat(completion.content()).isEqualTo("This is the simulator's answer to: What is 2+2?");
			assertThat(completion.usage().completionTokens()).isEqualTo(9);
			var embeddings = template.embed(EmbeddingRequest.of("text-embedding-3-small", List.of("a", "b")));
			assertThat(embeddings.data()).hasSize(2);
			assertThat(embeddings.data().get(0).embedding()).hasSize(8);
		});
		assertThat(gateway.simulator().requestCount("/v1/chat/completions")).isEqualTo(1);
		assertThat(gateway.simulator().requests()).allMatch(RecordedRequest::authenticated);
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void streamsWithPingsAndUsage(Dialect dialect) {
		run(dialect, (template) -> {
			List<ChatCompletionChunk> chunks;
			try (var stream = template.chatStream(ChatCompletionRequest.ofUser("Tell me a story").build())) {
				chunks = stream.toList();
			}
			assertThat(chunks.stream().map(ChatCompletionChunk::content).collect(Collectors.joining()))
				.isEqualTo("This is the simulator's answer to: Tell me a story");
			assertThat(chunks.get(chunks.size() - 1).usage().totalTokens()).isPositive();
		});
		assertThat(gateway.simulator().lastRequestBody()).contains("\"stream\":true").contains("include_usage");
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void videoTaskProgressesOverTime(Dialect dialect) {
		run(dialect, (template) -> {
			VideoTask task = template.submitVideoTask(VideoTaskRequest.of("sora-2", "a cat surfing"));
			assertThat(task.state()).isEqualTo(TaskState.QUEUED);
			clock.advance(Duration.ofSeconds(3));
			VideoTask running = template.getVideoTask(task.id());
			assertThat(running.state()).isEqualTo(TaskState.RUNNING);
			assertThat(running.progressPercent()).isEqualTo(50);
			clock.advance(Duration.ofSeconds(3));
			VideoTask done = template.awaitVideoTask(task.id(), Duration.ofMillis(10), Duration.ofSeconds(5));
			assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
			assertThat(done.videoUrl()).endsWith("/v1/videos/" + task.id() + "/content");
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void invalidKey(Dialect dialect) {
		run(dialect, "sk-not-a-known-key-0000", (template) -> assertThat(catchThrowable(() -> template.chat("Hi")))
			.isInstanceOfSatisfying(InvalidApiKeyException.class, (ex) -> {
				assertThat(ex.getRequestId()).isNotBlank();
				assertThat(ex.getErrorCode()).isEqualTo((dialect == Dialect.DOCUMENTED) ? "invalid_api_key" : null);
			}));
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void quotaExhausted(Dialect dialect) {
		run(dialect, "sk-sim-one-call-000002", (template) -> {
			template.chat("Hi");
			assertThat(catchThrowable(() -> template.chat("Hi"))).isInstanceOfSatisfying(QuotaExceededException.class,
					(ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(403));
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void rateLimited(Dialect dialect) {
		run(dialect, "sk-sim-one-per-min-003", (template) -> {
			template.chat("Hi");
			assertThat(catchThrowable(() -> template.chat("Hi")))
				.isInstanceOfSatisfying(RateLimitExceededException.class, (ex) -> {
					if (dialect == Dialect.DOCUMENTED) {
						assertThat(ex.getRetryAfter()).hasValueSatisfying((wait) -> assertThat(wait).isPositive());
						assertThat(ex.getRateLimit()).hasValueSatisfying(
								(limit) -> assertThat(limit.remainingRequests()).isZero());
						// the rest of the key's minute (windows at whole minutes of the simulator's clock)
						assertThat(ex.getData()).isInstanceOfSatisfying(Map.class, (data) -> {
							assertThat(data).containsOnlyKeys("retry_after");
							assertThat(((Number) data.get("retry_after")).intValue()).isBetween(1, 60);
						});
					}
					else {
						assertThat(ex.getResponseBodyAsString()).isEmpty();
						assertThat(ex.getRetryAfter()).isEmpty();
					}
				});
		});
		clock.advance(Duration.ofSeconds(61));
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void unknownModel(Dialect dialect) {
		run(dialect, (template) -> assertThat(catchThrowable(
				() -> template.chat(ChatCompletionRequest.ofUser("Hi").model("no-such-model").build())))
			.isInstanceOfSatisfying(ModelNotFoundException.class, (ex) -> {
				assertThat(ex.getStatusCode().value()).isEqualTo((dialect == Dialect.DOCUMENTED) ? 404 : 503);
				assertThat(ex.isRetryable()).isFalse();
			}));
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void unknownTask(Dialect dialect) {
		run(dialect, (template) -> assertThat(catchThrowable(() -> template.getVideoTask("task_missing")))
			.isInstanceOfSatisfying(TaskNotFoundException.class, (ex) -> assertThat(ex.getErrorCode())
				.isEqualTo((dialect == Dialect.DOCUMENTED) ? "task_not_found" : "task_not_exist")));
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void contentFilter(Dialect dialect) {
		run(dialect, (template) -> assertThat(catchThrowable(() -> template.chat("Tell me about forbidden-topic")))
			.isInstanceOfSatisfying(ContentFilteredException.class, (ex) -> assertThat(ex.getReason())
				.isEqualTo((dialect == Dialect.DOCUMENTED) ? "inappropriate_content" : "sensitive_words_detected")));
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void invalidParametersSentRaw(Dialect dialect) {
		run(dialect, (template) -> assertThat(catchThrowable(() -> template.exchange(HttpMethod.POST,
				"/v1/chat/completions", Map.of("model", "gemini-2.5-flash", "messages", "Hello"), Map.class)))
			.isInstanceOfSatisfying(BadRequestException.class,
					(ex) -> assertThat(ex.getGatewayMessage()).contains("invalid message format")));
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void errorTriggersForDemos(Dialect dialect) {
		run(dialect, (template) -> {
			assertThat(catchThrowable(() -> template.chat("simulate: quota_not_enough")))
				.isInstanceOf(QuotaExceededException.class);
			assertThat(catchThrowable(() -> template.chat("simulate: invalid_api_key")))
				.isInstanceOf(InvalidApiKeyException.class);
			assertThat(catchThrowable(() -> template.chat("simulate: rate_limit_exceeded")))
				.isInstanceOf(RateLimitExceededException.class);
		});
	}

}
