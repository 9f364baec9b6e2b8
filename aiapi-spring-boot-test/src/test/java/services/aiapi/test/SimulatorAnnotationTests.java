package services.aiapi.test;

import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;

import services.aiapi.AiApiTemplate;
import services.aiapi.error.AiApiException;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.Model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@link AutoConfigureAiApiSimulator} sets up without code, the reset between test methods, and a scripted
 * exact answer.
 */
@SpringBootTest(classes = SimulatorAnnotationTests.App.class, properties = "aiapi.retry.enabled=false")
@AutoConfigureAiApiSimulator(models = { "model-one", "model-two" }, keys = { "sk-second-key-0001", "sk-first-key-0002" },
		quota = 2, reply = "echo: {prompt}", chunkPaceMillis = 0)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulatorAnnotationTests {

	@Autowired
	AiApiTemplate aiApi;

	@Autowired
	AiApiSimulator simulator;

	@Value("${aiapi.api-key}")
	String configuredKey;

	@Test
	@Order(1)
	void theAnnotationSetsModelsKeysQuotaAndReplies() {
		assertThat(this.configuredKey).isEqualTo("sk-second-key-0001");
		assertThat(this.aiApi.listModels().models()).extracting(Model::id).containsExactly("model-one", "model-two");
		assertThat(this.aiApi.chat(ChatCompletionRequest.ofUser("Hi").model("model-one").build())
			.content()).isEqualTo("echo: Hi");
		this.aiApi.chat(ChatCompletionRequest.ofUser("Hi").model("model-two").build());
		// the models list is free; two chats spent the quota of 2
		assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> this.aiApi
			.chat(ChatCompletionRequest.ofUser("Hi").model("model-one").build()));
		// left for the next test, which must not see it
		this.simulator.failNext(3, 503, "service_unavailable");
	}

	@Test
	@Order(2)
	void eachTestStartsFromAFreshSimulator() {
		assertThat(this.simulator.requestCount()).isZero();
		assertThat(this.aiApi.chat(ChatCompletionRequest.ofUser("again").model("model-two").build())
			.content()).isEqualTo("echo: again");
	}

	@Test
	@Order(3)
	void oneExactAnswerCanBeScripted() {
		this.simulator.respondNext(ScriptedResponse.json(200,
				"{\"error\":{\"message\":\"upstream said no\",\"type\":\"upstream_error\",\"code\":\"upstream_refused\"}}")
			.withHeader("X-Oneapi-Request-Id", "scripted-1"));
		assertThatExceptionOfType(AiApiResponseException.class)
			.isThrownBy(() -> this.aiApi
				.chat(ChatCompletionRequest.ofUser("Hi").model("model-one").build()))
			.satisfies((ex) -> {
				assertThat(ex.getErrorCode()).isEqualTo("upstream_refused");
				assertThat(ex.getRequestId()).isEqualTo("scripted-1");
			});
		this.simulator.respondNext(ScriptedResponse.events(List.of(
				"{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"par\"},\"finish_reason\":null}]}",
				"{\"error\":{\"message\":\"upstream broke\",\"code\":\"502\"}}")));
		assertThatExceptionOfType(AiApiException.class).isThrownBy(() -> this.aiApi.chatStream(
				ChatCompletionRequest.ofUser("Hi").model("model-one").build(), (chunk) -> {
				}));
	}

	@SpringBootApplication
	static class App {

	}

}
