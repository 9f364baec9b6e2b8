package services.aiapi.test;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.HttpMethod;

import services.aiapi.AiApiTemplate;
import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.error.BadRequestException;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionAccumulator;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.ChatMessage;
import services.aiapi.model.ContentPart;
import services.aiapi.model.ResponseFormat;
import services.aiapi.model.Tool;
import services.aiapi.model.ToolCall;
import services.aiapi.model.ToolChoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The simulator speaks the chat API applications use, in both dialects: a tool loop (single and streamed, the
 * arguments in pieces), parallel calls, JSON mode, structured output, reasoning, images, and the 400 an
 * OpenAI-compatible upstream gives a request of the wrong shape.
 */
class SimulatorChatFeaturesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static AiApiSimulatorExtension gateway = new AiApiSimulatorExtension(AiApiSimulator.builder());

	static final Tool WEATHER = Tool.function("get_weather", "Weather in a city",
			Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"), "days",
					Map.of("type", "integer"), "unit", Map.of("type", "string", "enum", List.of("celsius", "kelvin"))),
					"required", List.of("city", "days", "unit")));

	static final Tool TIME = Tool.function("get_time", "Time in a city",
			Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))));

	/** A structured answer. */
	record Report(String city, int population, List<String> sights, boolean capital) {
	}

	private void run(Dialect dialect, Consumer<AiApiTemplate> test) {
		gateway.simulator().setDialect(dialect);
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=" + gateway.simulator().baseUrl(),
					"aiapi.api-key=" + gateway.simulator().apiKey(), "aiapi.default-model=gemini-2.5-flash",
					"aiapi.retry.enabled=false")
			.run((context) -> test.accept(context.getBean(AiApiTemplate.class)));
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void aToolLoop(Dialect dialect) {
		run(dialect, (template) -> {
			ChatCompletionRequest first = ChatCompletionRequest.ofUser("What's the weather?").tool(WEATHER).build();
			ChatCompletion called = template.chat(first);
			assertThat(called.finishReason()).isEqualTo("tool_calls");
			ToolCall call = called.toolCalls().get(0);
			assertThat(call.name()).isEqualTo("get_weather");
			assertThat(JSON.readTree(call.arguments()))
				.isEqualTo(JSON.readTree("{\"city\":\"sample\",\"days\":1,\"unit\":\"celsius\"}"));
			ChatCompletion answer = template.chat(ChatCompletionRequest.builder()
				.messages(first.messages())
				.message(called.message())
				.message(ChatMessage.tool(call.id(), "{\"sky\":\"clear\"}"))
				.tool(WEATHER)
				.build());
			assertThat(answer.finishReason()).isEqualTo("stop");
			assertThat(answer.content()).isEqualTo("Based on the tools: {\"sky\":\"clear\"}");
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void streamedToolCallsComeInPiecesAndAccumulateWhole(Dialect dialect) {
		run(dialect, (template) -> {
			ChatCompletionRequest request = ChatCompletionRequest.ofUser("get_weather and get_time for me")
				.tool(WEATHER)
				.tool(TIME)
				.build();
			List<Integer> pieces = template.chatStream(request)
				.filter((chunk) -> chunk.choices() != null && !chunk.choices().isEmpty()
						&& chunk.choices().get(0).delta() != null && chunk.choices().get(0).delta().hasToolCalls())
				.map((chunk) -> chunk.choices().get(0).delta().toolCalls().size())
				.toList();
			assertThat(pieces).hasSizeGreaterThan(4);
			ChatCompletion whole = ChatCompletionAccumulator.accumulate(template.chatStream(request));
			assertThat(whole.finishReason()).isEqualTo("tool_calls");
			assertThat(whole.toolCalls()).extracting(ToolCall::name).containsExactly("get_weather", "get_time");
			assertThat(JSON.readTree(whole.toolCalls().get(0).arguments()).path("unit").asString()).isEqualTo("celsius");
			assertThat(whole.toolCalls()).allSatisfy((call) -> assertThat(call.id()).startsWith("call_"));
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void namedToolChoiceAndNoParallelCalls(Dialect dialect) {
		run(dialect, (template) -> {
			ChatCompletion called = template.chat(ChatCompletionRequest.ofUser("get_weather and get_time")
				.tool(WEATHER)
				.tool(TIME)
				.toolChoice(ToolChoice.function("get_time"))
				.parallelToolCalls(false)
				.build());
			assertThat(called.toolCalls()).extracting(ToolCall::name).containsExactly("get_time");
			ChatCompletion none = template
				.chat(ChatCompletionRequest.ofUser("Hi").tool(WEATHER).toolChoice(ToolChoice.NONE).build());
			assertThat(none.toolCalls()).isEmpty();
			assertThat(none.content()).isNotBlank();
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void jsonModeStructuredOutputAndReasoning(Dialect dialect) {
		run(dialect, (template) -> {
			ChatCompletion json = template
				.chat(ChatCompletionRequest.ofUser("Answer in JSON").responseFormat(ResponseFormat.jsonObject()).build());
			assertThat(JSON.readTree(json.content()).path("answer").asString()).contains("Answer in JSON");
			Report report = template.chat(ChatCompletionRequest.ofUser("Tell me about Lyon").build(), Report.class);
			assertThat(report).isEqualTo(new Report("sample", 1, List.of("sample"), true));
			ChatCompletion reasoned = template
				.chat(ChatCompletionRequest.ofUser("2+2?").reasoningEffort("low").build());
			assertThat(reasoned.reasoningContent()).startsWith("Simulated reasoning (effort low)");
			assertThat(reasoned.usage().reasoningTokens()).isPositive();
			ChatCompletion streamed = ChatCompletionAccumulator
				.accumulate(template.chatStream(ChatCompletionRequest.ofUser("2+2?").reasoningEffort("low").build()));
			assertThat(streamed.reasoningContent()).isEqualTo(reasoned.reasoningContent());
			assertThat(streamed.content()).isEqualTo(reasoned.content());
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void anImageMessage(Dialect dialect) {
		run(dialect, (template) -> {
			ChatCompletion answer = template.chat(ChatCompletionRequest.builder()
				.message(ChatMessage.user(ContentPart.text("What is this?"),
						ContentPart.image(new byte[] { (byte) 0x89, 'P', 'N', 'G' }, "image/png")))
				.build());
			assertThat(answer.content()).contains("What is this?");
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void aRequestOfTheWrongShapeGetsTheUpstreams400(Dialect dialect) {
		run(dialect, (template) -> {
			// exchange() sends the body as it is: the simulator, not the client, judges it
			Map<String, Object> unknownCall = Map.of("model", "gemini-2.5-flash", "messages",
					List.of(Map.of("role", "user", "content", "Hi"),
							Map.of("role", "tool", "content", "{}", "tool_call_id", "call_nobody_made")));
			assertThatExceptionOfType(BadRequestException.class)
				.isThrownBy(() -> template.exchange(HttpMethod.POST, "/v1/chat/completions", unknownCall, String.class))
				.withMessageContaining("tool");
			Map<String, Object> badPart = Map.of("model", "gemini-2.5-flash", "messages",
					List.of(Map.of("role", "user", "content", List.of(Map.of("type", "video", "video", "x")))));
			assertThatExceptionOfType(BadRequestException.class)
				.isThrownBy(() -> template.exchange(HttpMethod.POST, "/v1/chat/completions", badPart, String.class));
		});
	}

}
