package services.aiapi;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;

import services.aiapi.autoconfigure.AiApiMetricsAutoConfiguration;
import services.aiapi.error.RequestValidationException;
import services.aiapi.error.StructuredOutputException;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionAccumulator;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.ChatMessage;
import services.aiapi.model.ContentPart;
import services.aiapi.model.ResponseFormat;
import services.aiapi.model.Tool;
import services.aiapi.model.ToolCall;
import services.aiapi.model.ToolChoice;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tools, images, structured output and reasoning through the templates against a real HTTP server: what is sent,
 * what is read, and what is refused before sending.
 */
class ChatToolsAndStructuredOutputIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	static final Tool WEATHER = Tool.function("get_weather", "Current weather in a city",
			Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")), "required",
					List.of("city")));

	/** A structured answer. */
	record CityReport(@JsonPropertyDescription("the city's name") String city, int population, List<String> sights,
			Climate climate) {
	}

	enum Climate {

		TEMPERATE, TROPICAL

	}

	@Test
	void aToolLoopSendsTheCallsBackAndReadsTheFinalAnswer() {
		gateway.stubFor(GatewayTestSupport.chatCompletions()
			.withRequestBody(matchingJsonPath("$.messages[-1:].role", equalTo("user")))
			.willReturn(GatewayTestSupport.json(200, """
					{"id":"c1","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,"finish_reason":"tool_calls",
					 "message":{"role":"assistant","content":null,"tool_calls":[
					   {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}}],
					 "usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}""")));
		gateway.stubFor(GatewayTestSupport.chatCompletions()
			.withRequestBody(matchingJsonPath("$.messages[-1:].role", equalTo("tool")))
			.willReturn(GatewayTestSupport.json(200, GatewayTestSupport.completion("Sunny, 21 degrees in Paris."))));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			ChatCompletionRequest first = ChatCompletionRequest.ofUser("Weather in Paris?")
				.tool(WEATHER)
				.toolChoice(ToolChoice.AUTO)
				.parallelToolCalls(false)
				.build();
			ChatCompletion called = template.chat(first);
			assertThat(called.finishReason()).isEqualTo("tool_calls");
			ToolCall call = called.toolCalls().get(0);
			assertThat(call.name()).isEqualTo("get_weather");
			assertThat(JSON.readTree(call.arguments()).path("city").asString()).isEqualTo("Paris");
			ChatCompletion answer = template.chat(ChatCompletionRequest.builder()
				.messages(first.messages())
				.message(called.message())
				.message(ChatMessage.tool(call.id(), "{\"sky\":\"sunny\",\"celsius\":21}"))
				.tool(WEATHER)
				.build());
			assertThat(answer.content()).isEqualTo("Sunny, 21 degrees in Paris.");
		});
		JsonNode sent = JSON.readTree(gateway.getAllServeEvents().get(0).getRequest().getBodyAsString());
		assertThat(sent.path("messages").get(2).toString())
			.isEqualTo("{\"role\":\"tool\",\"content\":\"{\\\"sky\\\":\\\"sunny\\\",\\\"celsius\\\":21}\",\"tool_call_id\":\"call_1\"}");
		assertThat(sent.path("messages").get(1).path("tool_calls").get(0).path("function").path("name").asString())
			.isEqualTo("get_weather");
		assertThat(sent.path("messages").get(1).has("content")).isFalse();
	}

	@Test
	void aStreamedToolCallIsAccumulatedWhole() {
		String body = sse("{\"role\":\"assistant\",\"content\":null}",
				"{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}",
				"{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}]}",
				"{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\":\\\"Zürich\\\"}\"}}]}");
		gateway.stubFor(GatewayTestSupport.chatCompletions()
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body)));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			ChatCompletion whole = ChatCompletionAccumulator
				.accumulate(template.chatStream(ChatCompletionRequest.ofUser("Weather?").tool(WEATHER).build()));
			assertThat(whole.finishReason()).isEqualTo("tool_calls");
			assertThat(whole.toolCalls()).singleElement()
				.satisfies((call) -> assertThat(call.arguments()).isEqualTo("{\"city\":\"Zürich\"}"));
		});
	}

	@Test
	void aTypedAnswerSendsTheTypesSchemaAndReadsIt() {
		gateway.stubFor(GatewayTestSupport.chatCompletions()
			.willReturn(GatewayTestSupport.json(200, completion(
					"{\"city\":\"Lyon\",\"population\":522000,\"sights\":[\"Fourvière\"],\"climate\":\"TEMPERATE\"}",
					"stop"))));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			CityReport report = context.getBean(AiApiTemplate.class)
				.chat(ChatCompletionRequest.ofUser("Tell me about Lyon").build(), CityReport.class);
			assertThat(report).isEqualTo(new CityReport("Lyon", 522000, List.of("Fourvière"), Climate.TEMPERATE));
		});
		JsonNode format = JSON.readTree(gateway.getAllServeEvents().get(0).getRequest().getBodyAsString())
			.path("response_format");
		assertThat(format.path("type").asString()).isEqualTo("json_schema");
		assertThat(format.path("json_schema").path("name").asString()).isEqualTo("CityReport");
		assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
		JsonNode schema = format.path("json_schema").path("schema");
		assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
		assertThat(schema.path("required").toString()).contains("city", "population", "sights", "climate");
		assertThat(schema.path("properties").path("city").path("description").asString()).isEqualTo("the city's name");
		assertThat(schema.path("properties").path("climate").path("enum").toString()).contains("TEMPERATE");
	}

	@Test
	void anAnswerThatDoesNotFitTheTypeIsTypedAndKeepsTheRawText() {
		for (String[] bad : new String[][] { { "Sure! Lyon is a city in France.", "stop" },
				{ "{\"city\":\"Lyon\",\"population\":\"many\",\"sights\":[],\"climate\":\"TEMPERATE\"}", "stop" },
				{ "{\"city\":\"Lyon\",\"sights\":[],\"climate\":\"TEMPERATE\"}", "stop" },
				{ "{\"city\":\"Lyon\",\"population\":1,\"sights\":[],\"climate\":\"TEMPERATE\",\"mayor\":\"x\"}", "stop" },
				{ "{\"city\":\"Lyon\",\"popul", "length" } }) {
			gateway.resetAll();
			gateway.stubFor(GatewayTestSupport.chatCompletions()
				.willReturn(GatewayTestSupport.json(200, completion(bad[0], bad[1]))));
			GatewayTestSupport.contextRunner(gateway).run((context) -> {
				AiApiTemplate template = context.getBean(AiApiTemplate.class);
				assertThatExceptionOfType(StructuredOutputException.class)
					.isThrownBy(() -> template.chat(ChatCompletionRequest.ofUser("Lyon?").build(), CityReport.class))
					.satisfies((ex) -> {
						assertThat(ex.getRawContent()).isEqualTo(bad[0]);
						assertThat(ex.getTargetType()).isEqualTo(CityReport.class);
						assertThat(ex.getFinishReason()).isEqualTo(bad[1]);
						assertThat(ex.isRetryable()).isFalse();
						assertThat(ex.getMessage()).contains("CityReport");
					});
			});
			// charged and answered: not sent again
			assertThat(gateway.getAllServeEvents()).hasSize(1);
		}
	}

	@Test
	void reasoningAndUsageDetailsReachTheAnswerAndTheTokenMetrics() {
		gateway.stubFor(GatewayTestSupport.chatCompletions().willReturn(GatewayTestSupport.json(200, """
				{"id":"c1","object":"chat.completion","model":"deepseek-reasoner","choices":[{"index":0,"finish_reason":"stop",
				 "message":{"role":"assistant","content":"4","reasoning_content":"Two and two make four."}}],
				 "usage":{"prompt_tokens":10,"completion_tokens":30,"total_tokens":40,
				  "prompt_tokens_details":{"cached_tokens":6},"completion_tokens_details":{"reasoning_tokens":25}}}""")));
		GatewayTestSupport.contextRunner(gateway)
			.withConfiguration(AutoConfigurations.of(AiApiMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
			ChatCompletion answer = context.getBean(AiApiTemplate.class)
				.chat(ChatCompletionRequest.ofUser("2+2?").reasoningEffort("high").build());
			assertThat(answer.reasoningContent()).isEqualTo("Two and two make four.");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(tokens(registry, "input")).isEqualTo(10);
			assertThat(tokens(registry, "output")).isEqualTo(30);
			assertThat(tokens(registry, "input.cached")).isEqualTo(6);
			assertThat(tokens(registry, "output.reasoning")).isEqualTo(25);
		});
		assertThat(gateway.getAllServeEvents().get(0).getRequest().getBodyAsString())
			.contains("\"reasoning_effort\":\"high\"");
	}

	@Test
	void anImageMessageIsSentAsParts() {
		gateway.stubFor(GatewayTestSupport.chatCompletions()
			.willReturn(GatewayTestSupport.json(200, GatewayTestSupport.completion("A cat."))));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			ChatCompletion answer = context.getBean(AiApiTemplate.class)
				.chat(ChatCompletionRequest.builder()
					.message(ChatMessage.user(ContentPart.text("What is this?"),
							ContentPart.imageUrl("https://example.com/cat.png", "high")))
					.build());
			assertThat(answer.content()).isEqualTo("A cat.");
		});
		gateway.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
			.withRequestBody(matchingJsonPath("$.messages[0].content[1].image_url.url",
					equalTo("https://example.com/cat.png"))));
	}

	@Test
	void requestsOpenAiWouldRefuseAreRefusedBeforeSending() {
		ToolCall call = ToolCall.function("call_1", "get_weather", "{}");
		Map<String, ChatCompletionRequest> refused = Map.of("tool_call_id",
				ChatCompletionRequest.ofUser("x").message(ChatMessage.tool("call_unknown", "{}")).build(),
				"not answered",
				ChatCompletionRequest.ofUser("x")
					.message(ChatMessage.assistant(List.of(call)))
					.message(ChatMessage.user("and?"))
					.build(),
				"function.name must be", ChatCompletionRequest.ofUser("x").tool(Tool.function("get weather!", null, Map.of())).build(),
				"twice", ChatCompletionRequest.ofUser("x").tool(WEATHER).tool(WEATHER).build(),
				"not among the tools",
				ChatCompletionRequest.ofUser("x").tool(WEATHER).toolChoice(ToolChoice.function("other")).build(),
				"only allowed when tools", ChatCompletionRequest.ofUser("x").parallelToolCalls(true).build(),
				"image_url.url",
				ChatCompletionRequest.builder()
					.message(ChatMessage.user(ContentPart.imageUrl("file:///etc/passwd")))
					.build(),
				"json_schema needs a name",
				ChatCompletionRequest.ofUser("x")
					.responseFormat(ResponseFormat.jsonSchema("has spaces", Map.of("type", "object"), true))
					.build());
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			refused.forEach((reason, request) -> assertThatExceptionOfType(RequestValidationException.class)
				.as(reason)
				.isThrownBy(() -> template.chat(request))
				.withMessageContaining(reason));
		});
		assertThat(gateway.getAllServeEvents()).isEmpty();
	}

	private static double tokens(MeterRegistry registry, String type) {
		return registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", type).summary().totalAmount();
	}

	private static String completion(String content, String finishReason) {
		return JSON.createObjectNode()
			.put("id", "c1")
			.put("object", "chat.completion")
			.set("choices", JSON.createArrayNode()
				.add(JSON.createObjectNode()
					.put("index", 0)
					.put("finish_reason", finishReason)
					.set("message", JSON.createObjectNode().put("role", "assistant").put("content", content))))
			.toString();
	}

	private static String sse(String... deltas) {
		StringBuilder body = new StringBuilder();
		for (String delta : deltas) {
			body.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":")
				.append(delta)
				.append(",\"finish_reason\":null}]}\n\n");
		}
		body.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},")
			.append("\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n");
		return body.toString();
	}

}
