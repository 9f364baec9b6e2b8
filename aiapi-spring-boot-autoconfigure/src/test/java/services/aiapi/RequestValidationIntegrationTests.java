package services.aiapi;

import java.util.Arrays;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.RequestValidationException;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.ChatMessage;
import services.aiapi.model.EmbeddingRequest;
import services.aiapi.model.VideoTaskRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The parameter errors the gateway documents are refused before anything is sent, with the same base type a
 * server 400 has.
 */
class RequestValidationIntegrationTests {

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	private void refused(ChatCompletionRequest request, String param, String messagePart, String... properties) {
		GatewayTestSupport.contextRunner(gateway, properties).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			RequestValidationException ex = catchThrowableOfType(RequestValidationException.class,
					() -> template.chat(request));
			assertThat(ex).isInstanceOf(RequestValidationException.class);
			assertThat(((RequestValidationException) ex).isClientSide()).isTrue();
			assertThat(ex.getParam()).isEqualTo(param);
			assertThat(ex).isNotInstanceOf(AiApiResponseException.class);
			assertThat(ex.isRetryable()).isFalse();
			assertThat(ex.getMessage()).contains(messagePart).contains("not sent");
			assertThat(ex.isRetryable()).isFalse();
		});
		gateway.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void modelMissingWithoutDefault() {
		refused(ChatCompletionRequest.ofUser("Hi").build(), "model", "model is required", "aiapi.default-model=");
	}

	@Test
	void messagesEmpty() {
		refused(ChatCompletionRequest.builder().model("m").build(), "messages", "non-empty");
	}

	@Test
	void messageWithoutRole() {
		refused(ChatCompletionRequest.builder().model("m").message(new ChatMessage(null, "Hello", null, null)).build(),
				"messages", "invalid message format");
	}

	@Test
	void messageWithoutContent() {
		refused(ChatCompletionRequest.builder().model("m").messages(Arrays.asList(ChatMessage.of("user", null))).build(),
				"messages", "has no content");
	}

	@Test
	void maxTokensNotPositive() {
		refused(ChatCompletionRequest.ofUser("Hi").maxTokens(0).build(), "max_tokens", "positive integer");
	}

	@Test
	void temperatureOutOfRange() {
		refused(ChatCompletionRequest.ofUser("Hi").temperature(2.5).build(), "temperature", "between 0.0 and 2.0");
	}

	@Test
	void topPOutOfRange() {
		refused(ChatCompletionRequest.ofUser("Hi").topP(-0.1).build(), "top_p", "between 0.0 and 1.0");
	}

	@Test
	void streamingIsValidatedToo() {
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			assertThat(catchThrowableOfType(RequestValidationException.class,
					() -> template.chatStream(ChatCompletionRequest.ofUser("Hi").temperature(-1.0).build(), (c) -> {
					})).getParam()).isEqualTo("temperature");
		});
		gateway.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void embeddingsAndTasksAreValidated() {
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			assertThat(catchThrowableOfType(RequestValidationException.class,
					() -> template.embed(EmbeddingRequest.of("text-embedding-3-small", List.of()))).getParam())
				.isEqualTo("input");
			assertThat(catchThrowableOfType(RequestValidationException.class,
					() -> template.submitVideoTask(VideoTaskRequest.of("sora-2", " "))).getParam())
				.isEqualTo("prompt");
			assertThat(catchThrowableOfType(RequestValidationException.class,
					() -> template.getVideoTask("../admin")).getParam()).isEqualTo("task_id");
		});
		gateway.verify(0, anyRequestedFor(anyUrl()));
	}

}
