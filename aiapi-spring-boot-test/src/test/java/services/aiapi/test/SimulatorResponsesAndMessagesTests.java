package services.aiapi.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;

import services.aiapi.AiApiTemplate;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.BadRequestException;
import services.aiapi.error.InternalServerErrorException;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.error.ServiceUnavailableException;
import services.aiapi.error.StreamTruncatedException;
import services.aiapi.model.messages.ContentBlock;
import services.aiapi.model.messages.MessageAccumulator;
import services.aiapi.model.messages.MessageParam;
import services.aiapi.model.messages.MessageRequest;
import services.aiapi.model.messages.MessageResponse;
import services.aiapi.model.messages.MessageTool;
import services.aiapi.model.responses.Response;
import services.aiapi.model.responses.ResponseAccumulator;
import services.aiapi.model.responses.ResponseInputItem;
import services.aiapi.model.responses.ResponseOutputItem;
import services.aiapi.model.responses.ResponseRequest;
import services.aiapi.model.responses.ResponseTool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The simulator speaks the Responses API and Anthropic's Messages API in both dialects, single and streamed: tool
 * loops, structured output, reasoning and thinking, usage, errors before and inside the stream, cut streams; and
 * every request the starter sends passes the API's request schema.
 */
class SimulatorResponsesAndMessagesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static AiApiSimulatorExtension gateway = new AiApiSimulatorExtension(AiApiSimulator.builder());

	static final Map<String, Object> WEATHER_SCHEMA = Map.of("type", "object", "properties",
			Map.of("city", Map.of("type", "string"), "days", Map.of("type", "integer")), "required",
			List.of("city", "days"));

	/** A structured answer. */
	record Report(String city, int population, List<String> sights, boolean capital) {
	}

	private void run(Dialect dialect, Consumer<AiApiTemplate> test) {
		SimulatorContexts.run(gateway, dialect, (context) -> test.accept(context.getBean(AiApiTemplate.class)));
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void aResponsesToolLoopSingleAndStreamed(Dialect dialect) {
		run(dialect, (template) -> {
			ResponseRequest first = ResponseRequest.builder()
				.instructions("Answer with the tools.")
				.input("What's the weather?")
				.tool(ResponseTool.function("get_weather", "Weather in a city", WEATHER_SCHEMA))
				.build();
			Response called = template.createResponse(first);
			assertThat(called.status()).isEqualTo("completed");
			ResponseOutputItem call = called.functionCalls().get(0);
			assertThat(call.name()).isEqualTo("get_weather");
			assertThat(JSON.readTree(call.arguments())).isEqualTo(JSON.readTree("{\"city\":\"sample\",\"days\":1}"));
			ResponseRequest second = ResponseRequest.builder()
				.input(ResponseInputItem.user("What's the weather?"))
				.input(call.asInput())
				.input(call.output("{\"sky\":\"clear\"}"))
				.tool(ResponseTool.function("get_weather", "Weather in a city", WEATHER_SCHEMA))
				.build();
			Response answer = template.createResponse(second);
			assertThat(answer.outputText()).isEqualTo("Based on the tools: {\"sky\":\"clear\"}");
			assertThat(answer.usage().inputTokens()).isPositive();

			ResponseAccumulator streamedCall = new ResponseAccumulator();
			try (var events = template.createResponseStream(first)) {
				events.forEach(streamedCall::accept);
			}
			assertThat(streamedCall.isComplete()).isTrue();
			assertThat(streamedCall.response().functionCalls()).singleElement()
				.satisfies((streamed) -> assertThat(streamed.arguments()).isEqualTo(call.arguments()));
			ResponseAccumulator streamedAnswer = new ResponseAccumulator();
			try (var events = template.createResponseStream(second)) {
				events.forEach(streamedAnswer::accept);
			}
			assertThat(streamedAnswer.text()).isEqualTo(answer.outputText());
			assertThat(streamedAnswer.response().usage().totalTokens()).isEqualTo(answer.usage().totalTokens());
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void responsesStructuredOutputAndReasoning(Dialect dialect) {
		run(dialect, (template) -> {
			Report report = template.createResponse(ResponseRequest.of("Tell me about Lyon").build(), Report.class);
			assertThat(report).isEqualTo(new Report("sample", 1, List.of("sample"), true));
			Response reasoned = template
				.createResponse(ResponseRequest.of("2+2?").reasoningEffort("low").maxOutputTokens(500).build());
			assertThat(reasoned.reasoningSummary()).startsWith("Simulated reasoning (effort low)");
			assertThat(reasoned.usage().reasoningTokens()).isPositive();
			ResponseAccumulator streamed = new ResponseAccumulator();
			try (var events = template.createResponseStream(ResponseRequest.of("2+2?").reasoningEffort("low").build())) {
				events.forEach(streamed::accept);
			}
			assertThat(streamed.response().reasoningSummary()).isEqualTo(reasoned.reasoningSummary());
			assertThat(streamed.response().outputText()).isEqualTo(reasoned.outputText());
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void responsesErrorsBeforeAndInsideTheStream(Dialect dialect) {
		run(dialect, (template) -> {
			assertThatExceptionOfType(QuotaExceededException.class)
				.isThrownBy(() -> template.createResponse(ResponseRequest.of("simulate: quota").build()));
			List<String> seen = new ArrayList<>();
			assertThatExceptionOfType(InternalServerErrorException.class)
				.isThrownBy(() -> template.createResponseStream(ResponseRequest.of("simulate: stream_error").build())
					.forEach((event) -> seen.add(event.type())))
				.withMessageContaining("mid-stream");
			assertThat(seen).contains("response.output_text.delta").doesNotContain("response.completed");
			assertThatExceptionOfType(InternalServerErrorException.class)
				.isThrownBy(() -> template.createResponseStream(ResponseRequest.of("simulate: response_failed").build())
					.forEach((event) -> {
					}))
				.withMessageContaining("Simulated response failure");
			gateway.simulator().cutNextStream(2);
			assertThatExceptionOfType(StreamTruncatedException.class)
				.isThrownBy(() -> template.createResponseStream(ResponseRequest.of("Tell me a story").build())
					.forEach((event) -> {
					}))
				.satisfies((truncated) -> assertThat(truncated.getReceivedContent()).isNotEmpty());
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void aMessagesToolLoopSingleAndStreamedWithThinking(Dialect dialect) {
		run(dialect, (template) -> {
			MessageRequest first = MessageRequest.builder()
				.maxTokens(2048)
				.system("Answer with the tools.")
				.message(MessageParam.user("What's the weather?"))
				.tool(MessageTool.of("get_weather", "Weather in a city", WEATHER_SCHEMA))
				.thinking(MessageRequest.Thinking.enabled(1024))
				.build();
			MessageResponse called = template.createMessage(first);
			assertThat(called.stopReason()).isEqualTo("tool_use");
			assertThat(called.thinking()).startsWith("Simulated reasoning");
			ContentBlock use = called.toolUses().get(0);
			assertThat(use.input()).isEqualTo(Map.of("city", "sample", "days", 1));
			MessageRequest second = MessageRequest.builder()
				.maxTokens(2048)
				.message(MessageParam.user("What's the weather?"))
				.message(called.asParam())
				.message(MessageParam.user(ContentBlock.toolResult(use.id(), "{\"sky\":\"clear\"}", false)))
				.tool(MessageTool.of("get_weather", "Weather in a city", WEATHER_SCHEMA))
				.build();
			MessageResponse answer = template.createMessage(second);
			assertThat(answer.stopReason()).isEqualTo("end_turn");
			assertThat(answer.text()).isEqualTo("Based on the tools: {\"sky\":\"clear\"}");
			assertThat(answer.usage().cacheReadInputTokens()).isPositive();

			MessageAccumulator streamedCall = new MessageAccumulator();
			try (var events = template.createMessageStream(first)) {
				events.forEach(streamedCall::accept);
			}
			assertThat(streamedCall.isComplete()).isTrue();
			MessageResponse streamed = streamedCall.message();
			assertThat(streamed.thinking()).isEqualTo(called.thinking());
			assertThat(streamed.content().get(0).signature()).isNotEmpty();
			assertThat(streamed.toolUses()).singleElement()
				.satisfies((block) -> assertThat(block.input()).isEqualTo(use.input()));
			assertThat(streamed.usage().outputTokens()).isEqualTo(called.usage().outputTokens());
			MessageAccumulator streamedAnswer = new MessageAccumulator();
			try (var events = template.createMessageStream(second)) {
				events.forEach(streamedAnswer::accept);
			}
			assertThat(streamedAnswer.message().text()).isEqualTo(answer.text());
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void messagesErrorsBeforeAndInsideTheStream(Dialect dialect) {
		run(dialect, (template) -> {
			assertThatExceptionOfType(QuotaExceededException.class)
				.isThrownBy(() -> template.createMessage(MessageRequest.of("simulate: quota", 100).build()));
			assertThatExceptionOfType(ServiceUnavailableException.class)
				.isThrownBy(() -> template.createMessageStream(MessageRequest.of("simulate: stream_error", 100).build())
					.forEach((event) -> {
					}))
				.satisfies((error) -> assertThat(error.getErrorCode()).isEqualTo("overloaded_error"));
			gateway.simulator().cutNextStream(1);
			assertThatExceptionOfType(StreamTruncatedException.class)
				.isThrownBy(() -> template.createMessageStream(MessageRequest.of("Tell me a story", 100).build())
					.forEach((event) -> {
					}))
				.withMessageContaining("message_stop");
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void aRequestOfAShapeTheApiRefusesIsRefused(Dialect dialect) {
		run(dialect, (template) -> {
			// a system message inside messages: the Messages API takes it only as "system". new-api's refusal of a
			// request (a 500) loses its code on this route (Anthropic's error shape has none), so it cannot be told
			// from a gateway failure there
			Class<? extends AiApiResponseException> refusal = (dialect == Dialect.DOCUMENTED)
					? BadRequestException.class : InternalServerErrorException.class;
			assertThatExceptionOfType(refusal)
				.isThrownBy(() -> template.exchange(HttpMethod.POST, "/v1/messages",
						Map.of("model", "gemini-2.5-flash", "max_tokens", 10, "messages",
								List.of(Map.of("role", "system", "content", "x"))),
						JsonNode.class))
				.withMessageContaining("/messages/0/role");
			// a function tool in chat's nested shape, which the Responses API does not take
			assertThatExceptionOfType(BadRequestException.class)
				.isThrownBy(() -> template.exchange(HttpMethod.POST, "/v1/responses",
						Map.of("model", "gemini-2.5-flash", "input", "hi", "tools",
								List.of(Map.of("type", "function", "function", Map.of("name", "f")))),
						JsonNode.class))
				.withMessageContaining("tools");
		});
	}

}
