package services.aiapi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerSentEvent;

import services.aiapi.autoconfigure.AiApiMetricsAutoConfiguration;
import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.InternalServerErrorException;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.error.RateLimitExceededException;
import services.aiapi.error.RequestValidationException;
import services.aiapi.error.ServerException;
import services.aiapi.error.ServiceUnavailableException;
import services.aiapi.error.StreamTruncatedException;
import services.aiapi.model.messages.ContentBlock;
import services.aiapi.model.messages.MessageAccumulator;
import services.aiapi.model.messages.MessageParam;
import services.aiapi.model.messages.MessageRequest;
import services.aiapi.model.messages.MessageResponse;
import services.aiapi.model.messages.MessageStreamEvent;
import services.aiapi.model.messages.MessageTool;
import services.aiapi.model.responses.Response;
import services.aiapi.model.responses.ResponseAccumulator;
import services.aiapi.model.responses.ResponseInputItem;
import services.aiapi.model.responses.ResponseOutputItem;
import services.aiapi.model.responses.ResponseRequest;
import services.aiapi.model.responses.ResponseStreamEvent;
import services.aiapi.model.responses.ResponseTool;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Responses API, the Messages API and the streamed exchange of any route against WireMock, on both templates:
 * requests as each API defines them, answers and streamed events typed, each dialect's error events typed by what
 * they stand for, retried only before the first event, truncation and silence typed, usage in the GenAI metrics.
 */
class ResponsesAndMessagesIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	static final String RESPONSE = """
			{"id":"resp_1","object":"response","created_at":1764111600,"status":"completed","model":"gpt-5",
			 "output":[
			  {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Thinking about it."}]},
			  {"type":"message","id":"msg_1","status":"completed","role":"assistant",
			   "content":[{"type":"output_text","text":"Hello there","annotations":[]}]},
			  {"type":"function_call","id":"fc_1","call_id":"call_1","name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}","status":"completed"},
			  {"type":"web_search_call","id":"ws_1","status":"completed"}],
			 "usage":{"input_tokens":12,"output_tokens":30,"total_tokens":42,
			  "input_tokens_details":{"cached_tokens":4},"output_tokens_details":{"reasoning_tokens":9}},
			 "error":null,"incomplete_details":null,"some_future_field":{"x":1}}
			""";

	static final String MESSAGE = """
			{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4",
			 "content":[{"type":"thinking","thinking":"Let me see.","signature":"sig1"},
			  {"type":"text","text":"Calling the tool."},
			  {"type":"tool_use","id":"toolu_1","name":"weather","input":{"city":"Oslo"}}],
			 "stop_reason":"tool_use","stop_sequence":null,
			 "usage":{"input_tokens":10,"output_tokens":20,"cache_creation_input_tokens":0,"cache_read_input_tokens":5}}
			""";

	private static ApplicationContextRunner runner(String... properties) {
		return GatewayTestSupport.contextRunner(gateway, properties);
	}

	private static ApplicationContextRunner withRetry(String... properties) {
		return runner("aiapi.retry.enabled=true", "aiapi.retry.wait-duration=10ms",
				"aiapi.retry.max-wait-duration=50ms")
			.withPropertyValues(properties);
	}

	private static String sse(String name, String data) {
		return "event: " + name + "\ndata: " + data + "\n\n";
	}

	private static ResponseDefinitionBuilder events(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
	}

	private static String responseEvents(String... deltas) {
		StringBuilder body = new StringBuilder();
		body.append(sse("response.created", "{\"type\":\"response.created\",\"sequence_number\":0,"
				+ "\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"in_progress\",\"model\":\"gpt-5\",\"output\":[]}}"));
		body.append(sse("response.output_item.added", "{\"type\":\"response.output_item.added\",\"output_index\":0,"
				+ "\"item\":{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[]}}"));
		for (String delta : deltas) {
			body.append(sse("response.output_text.delta",
					"{\"type\":\"response.output_text.delta\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + delta
							+ "\"}"));
		}
		return body.toString();
	}

	private static String responseCompleted(String text) {
		return sse("response.completed", "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\","
				+ "\"object\":\"response\",\"status\":\"completed\",\"model\":\"gpt-5\",\"output\":[{\"type\":\"message\","
				+ "\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"" + text
				+ "\"}]}],\"usage\":{\"input_tokens\":5,\"output_tokens\":2,\"total_tokens\":7}}}");
	}

	private static void firstThenSecond(MappingBuilder request, ResponseDefinitionBuilder first,
			ResponseDefinitionBuilder second) {
		gateway.stubFor(request.inScenario("retry")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(first)
			.willSetStateTo("second"));
		gateway.stubFor(post("/v1/responses").inScenario("retry").whenScenarioStateIs("second").willReturn(second));
	}

	@Test
	void aResponseIsTypedOnBothTemplates() {
		gateway.stubFor(post("/v1/responses").willReturn(GatewayTestSupport.json(200, RESPONSE)));
		ResponseRequest request = ResponseRequest.builder()
			.instructions("Be brief.")
			.input(ResponseInputItem.user("Weather in Oslo?"))
			.tool(ResponseTool.function("weather", "The weather", Map.of("type", "object")))
			.reasoningEffort("low")
			.maxOutputTokens(200)
			.metadata(Map.of("ticket", "42"))
			.build();
		runner().run((context) -> {
			Response response = context.getBean(ReactiveAiApiTemplate.class).createResponse(request).block(TIMEOUT);
			assertThat(response.outputText()).isEqualTo("Hello there");
			assertThat(response.reasoningSummary()).isEqualTo("Thinking about it.");
			assertThat(response.usage().cachedTokens()).isEqualTo(4);
			assertThat(response.usage().reasoningTokens()).isEqualTo(9);
			assertThat(response.functionCalls()).singleElement().satisfies((call) -> {
				assertThat(call.callId()).isEqualTo("call_1");
				assertThat(call.arguments()).isEqualTo("{\"city\":\"Oslo\"}");
				assertThat(call.output("sunny")).isEqualTo(ResponseInputItem.functionCallOutput("call_1", "sunny"));
			});
			assertThat(response.output()).extracting(ResponseOutputItem::type).contains("web_search_call");
			Response blocking = context.getBean(AiApiTemplate.class).createResponse(request);
			assertThat(blocking.outputText()).isEqualTo("Hello there");
		});
		gateway.verify(postRequestedFor(urlEqualTo("/v1/responses"))
			.withHeader("Authorization", equalTo("Bearer " + GatewayTestSupport.API_KEY))
			.withRequestBody(equalToJson("""
					{"model":"gemini-2.5-flash","instructions":"Be brief.",
					 "input":[{"type":"message","role":"user","content":"Weather in Oslo?"}],
					 "tools":[{"type":"function","name":"weather","description":"The weather","parameters":{"type":"object"}}],
					 "reasoning":{"effort":"low"},"max_output_tokens":200,"metadata":{"ticket":"42"}}
					""")));
	}

	record Weather(String city, int celsius) {
	}

	@Test
	void aResponseAsAJavaType() {
		gateway.stubFor(post("/v1/responses").willReturn(GatewayTestSupport.json(200, """
				{"id":"resp_2","object":"response","status":"completed","output":[{"type":"message","role":"assistant",
				 "content":[{"type":"output_text","text":"{\\"city\\":\\"Oslo\\",\\"celsius\\":-3}"}]}]}
				""")));
		runner().run((context) -> {
			Weather weather = context.getBean(AiApiTemplate.class)
				.createResponse(ResponseRequest.of("Weather in Oslo?").build(), Weather.class);
			assertThat(weather).isEqualTo(new Weather("Oslo", -3));
		});
		gateway.verify(postRequestedFor(urlEqualTo("/v1/responses"))
			.withRequestBody(matchingJsonPath("$.text.format.type", equalTo("json_schema")))
			.withRequestBody(matchingJsonPath("$.text.format.name", equalTo("Weather")))
			.withRequestBody(matchingJsonPath("$.text.format.strict", equalTo("true")))
			.withRequestBody(matchingJsonPath("$.text.format.schema.properties.celsius")));
	}

	@Test
	void aResponseStreamIsTypedAndAccumulates() {
		String body = responseEvents("Hel", "lo") + ": keep-alive\n\n"
				+ sse("response.brand_new_event", "{\"type\":\"response.brand_new_event\",\"anything\":[1]}")
				+ sse("response.output_item.added", "{\"type\":\"response.output_item.added\",\"output_index\":1,"
						+ "\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"weather\",\"arguments\":\"\"}}")
				+ sse("response.function_call_arguments.delta",
						"{\"type\":\"response.function_call_arguments.delta\",\"output_index\":1,\"delta\":\"{\\\"city\\\":\"}")
				+ sse("response.function_call_arguments.delta",
						"{\"type\":\"response.function_call_arguments.delta\",\"output_index\":1,\"delta\":\"\\\"Oslo\\\"}\"}")
				+ sse("response.completed", "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\","
						+ "\"object\":\"response\",\"status\":\"completed\",\"model\":\"gpt-5\",\"output\":[],"
						+ "\"usage\":{\"input_tokens\":5,\"output_tokens\":2,\"total_tokens\":7}}}");
		gateway.stubFor(post("/v1/responses").willReturn(events(body)));
		runner().run((context) -> {
			ResponseAccumulator accumulator = new ResponseAccumulator();
			StepVerifier
				.create(context.getBean(ReactiveAiApiTemplate.class)
					.createResponseStream(ResponseRequest.of("Hi").build())
					.doOnNext(accumulator::accept))
				.expectNextMatches((event) -> event.type().equals("response.created"))
				.expectNextCount(3)
				.expectNextMatches((event) -> event.type().equals("response.brand_new_event"))
				.expectNextCount(3)
				.expectNextMatches(ResponseStreamEvent::isTerminal)
				.verifyComplete();
			Response response = accumulator.response();
			assertThat(response.outputText()).isEqualTo("Hello");
			assertThat(response.functionCalls()).singleElement()
				.satisfies((call) -> assertThat(call.arguments()).isEqualTo("{\"city\":\"Oslo\"}"));
			assertThat(response.usage().totalTokens()).isEqualTo(7);
			try (var events = context.getBean(AiApiTemplate.class).createResponseStream(ResponseRequest.of("Hi").build())) {
				assertThat(events.map(ResponseStreamEvent::textDelta).collect(Collectors.joining())).isEqualTo("Hello");
			}
		});
		gateway.verify(postRequestedFor(urlEqualTo("/v1/responses"))
			.withHeader("Accept", containing("text/event-stream"))
			.withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
	}

	@Test
	void anErrorEventAfterTheFirstEventEndsTheStreamTypedAndIsNotRetried() {
		gateway.stubFor(post("/v1/responses").willReturn(events(responseEvents("Hel")
				+ sse("error", "{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"upstream died\",\"param\":null}"))));
		withRetry().run((context) -> StepVerifier
			.create(context.getBean(ReactiveAiApiTemplate.class).createResponseStream(ResponseRequest.of("Hi").build()))
			.expectNextCount(3)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(InternalServerErrorException.class,
					(error) -> {
						assertThat(error.getStatusCode().value()).isEqualTo(200);
						assertThat(error.getErrorCode()).isEqualTo("server_error");
						assertThat(error.getMessage()).contains("upstream died");
					}))
			.verify(TIMEOUT));
		gateway.verify(1, postRequestedFor(urlEqualTo("/v1/responses")));
	}

	@Test
	void aBlockingStreamDeliversEveryEventBeforeTheError() {
		gateway.stubFor(post("/v1/responses").willReturn(events(responseEvents("a", "b", "c")
				+ sse("error", "{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"died\"}"))));
		runner().run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			for (int i = 0; i < 25; i++) {
				StringBuilder text = new StringBuilder();
				assertThatExceptionOfType(InternalServerErrorException.class).isThrownBy(() -> {
					try (var events = template.createResponseStream(ResponseRequest.of("Hi").build())) {
						events.forEach((event) -> text.append(event.textDelta()));
					}
				});
				assertThat(text).as("round %d", i).hasToString("abc");
			}
		});
	}

	@Test
	void aRateLimitEventBeforeAnyOtherIsRetried() {
		firstThenSecond(post("/v1/responses"),
				events(sse("error",
						"{\"type\":\"error\",\"code\":\"rate_limit_exceeded\",\"message\":\"slow down\",\"param\":null}")),
				events(responseEvents("Hi") + responseCompleted("Hi")));
		withRetry().run((context) -> {
			String text = context.getBean(ReactiveAiApiTemplate.class)
				.createResponseStream(ResponseRequest.of("Hi").build())
				.map(ResponseStreamEvent::textDelta)
				.collect(Collectors.joining())
				.block(TIMEOUT);
			assertThat(text).isEqualTo("Hi");
		});
		gateway.verify(2, postRequestedFor(urlEqualTo("/v1/responses")));
	}

	@Test
	void aRateLimitEventIsTypedAsARateLimit() {
		gateway.stubFor(post("/v1/responses").willReturn(events(
				sse("error", "{\"type\":\"error\",\"code\":\"rate_limit_exceeded\",\"message\":\"slow down\"}"))));
		runner().run((context) -> assertThatExceptionOfType(RateLimitExceededException.class)
			.isThrownBy(() -> context.getBean(AiApiTemplate.class)
				.createResponseStream(ResponseRequest.of("Hi").build())
				.forEach((event) -> {
				})));
	}

	@Test
	void aFailedResponseEndsTheStreamWithItsError() {
		gateway.stubFor(post("/v1/responses").willReturn(events(responseEvents("Hel") + sse("response.failed",
				"{\"type\":\"response.failed\",\"response\":{\"id\":\"resp_1\",\"status\":\"failed\","
						+ "\"error\":{\"code\":\"server_error\",\"message\":\"The model failed\"}}}"))));
		runner().run((context) -> StepVerifier
			.create(context.getBean(ReactiveAiApiTemplate.class).createResponseStream(ResponseRequest.of("Hi").build()))
			.expectNextCount(3)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(InternalServerErrorException.class)
				.hasMessageContaining("The model failed"))
			.verify(TIMEOUT));
	}

	@Test
	void aResponseStreamWithoutItsCompletionIsTruncated() {
		gateway.stubFor(post("/v1/responses").willReturn(events(responseEvents("Hel", "lo") + "data: [DONE]\n\n")));
		runner().run((context) -> StepVerifier
			.create(context.getBean(ReactiveAiApiTemplate.class).createResponseStream(ResponseRequest.of("Hi").build()))
			.expectNextCount(4)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(StreamTruncatedException.class,
					(truncated) -> {
						assertThat(truncated.getReceivedContent()).isEqualTo("Hello");
						assertThat(truncated.getMessage()).contains("response.completed");
					}))
			.verify(TIMEOUT));
	}

	@Test
	void aPlainAnswerToAStreamRequestIsOneCompletedEvent() {
		gateway.stubFor(post("/v1/responses").willReturn(GatewayTestSupport.json(200, RESPONSE)));
		runner().run((context) -> StepVerifier
			.create(context.getBean(ReactiveAiApiTemplate.class).createResponseStream(ResponseRequest.of("Hi").build()))
			.assertNext((event) -> {
				assertThat(event.isTerminal()).isTrue();
				assertThat(event.response().outputText()).isEqualTo("Hello there");
			})
			.verifyComplete());
	}

	@Test
	void aMessageIsTypedOnBothTemplates() {
		gateway.stubFor(post("/v1/messages").willReturn(GatewayTestSupport.json(200, MESSAGE)));
		MessageRequest request = MessageRequest.builder()
			.model("claude-sonnet-4")
			.maxTokens(2048)
			.system(List.of(ContentBlock.text("You are terse.").cached()))
			.message(MessageParam.user("Weather in Oslo?"))
			.tool(MessageTool.of("weather", "The weather", Map.of("type", "object")))
			.thinking(MessageRequest.Thinking.enabled(1024))
			.build();
		runner().run((context) -> {
			MessageResponse message = context.getBean(ReactiveAiApiTemplate.class).createMessage(request).block(TIMEOUT);
			assertThat(message.text()).isEqualTo("Calling the tool.");
			assertThat(message.thinking()).isEqualTo("Let me see.");
			assertThat(message.content().get(0).signature()).isEqualTo("sig1");
			assertThat(message.stopReason()).isEqualTo("tool_use");
			assertThat(message.toolUses()).singleElement()
				.satisfies((use) -> assertThat(use.input()).isEqualTo(Map.of("city", "Oslo")));
			assertThat(message.usage().cacheReadInputTokens()).isEqualTo(5);
			assertThat(message.usage().toUsage().promptTokens()).isEqualTo(15);
			assertThat(context.getBean(AiApiTemplate.class).createMessage(request).text())
				.isEqualTo("Calling the tool.");
		});
		gateway.verify(postRequestedFor(urlEqualTo("/v1/messages"))
			.withHeader("Authorization", equalTo("Bearer " + GatewayTestSupport.API_KEY))
			.withRequestBody(equalToJson("""
					{"model":"claude-sonnet-4","max_tokens":2048,
					 "system":[{"type":"text","text":"You are terse.","cache_control":{"type":"ephemeral"}}],
					 "messages":[{"role":"user","content":[{"type":"text","text":"Weather in Oslo?"}]}],
					 "tools":[{"name":"weather","description":"The weather","input_schema":{"type":"object"}}],
					 "thinking":{"type":"enabled","budget_tokens":1024}}
					"""))
			.withRequestBody(matchingJsonPath("$.stream", absent())));
	}

	@Test
	void aMessageStreamIsTypedAndAccumulates() {
		String body = sse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
				+ "\"role\":\"assistant\",\"model\":\"claude-sonnet-4\",\"content\":[],\"stop_reason\":null,"
				+ "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}")
				+ sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
						+ "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}")
				+ sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
						+ "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Hmm.\"}}")
				+ sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
						+ "\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig9\"}}")
				+ sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
				+ sse("ping", "{\"type\":\"ping\"}")
				+ sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,"
						+ "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
				+ sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,"
						+ "\"delta\":{\"type\":\"text_delta\",\"text\":\"Let me \"}}")
				+ sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,"
						+ "\"delta\":{\"type\":\"text_delta\",\"text\":\"check.\"}}")
				+ sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
				+ sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":2,"
						+ "\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"weather\",\"input\":{}}}")
				+ sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,"
						+ "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"Os\"}}")
				+ sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,"
						+ "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"lo\\\"}\"}}")
				+ sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":2}")
				+ sse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
						+ "\"stop_sequence\":null},\"usage\":{\"output_tokens\":25}}")
				+ sse("message_stop", "{\"type\":\"message_stop\"}");
		gateway.stubFor(post("/v1/messages").willReturn(events(body)));
		MessageRequest request = MessageRequest.of("Weather?", 1024).build();
		metricsRunner().run((context) -> {
			MessageAccumulator accumulator = new MessageAccumulator();
			context.getBean(AiApiTemplate.class).createMessageStream(request).forEach(accumulator::accept);
			assertThat(accumulator.isComplete()).isTrue();
			MessageResponse message = accumulator.message();
			assertThat(message.thinking()).isEqualTo("Hmm.");
			assertThat(message.content().get(0).signature()).isEqualTo("sig9");
			assertThat(message.text()).isEqualTo("Let me check.");
			assertThat(message.toolUses()).singleElement().satisfies((use) -> {
				assertThat(use.id()).isEqualTo("toolu_1");
				assertThat(use.input()).isEqualTo(Map.of("city", "Oslo"));
			});
			assertThat(message.stopReason()).isEqualTo("tool_use");
			assertThat(message.usage().inputTokens()).isEqualTo(10);
			assertThat(message.usage().outputTokens()).isEqualTo(25);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("gen_ai.client.token.usage")
				.tag("gen_ai.operation.name", "chat")
				.tag("gen_ai.token.type", "input")
				.summary()
				.totalAmount()).isEqualTo(10);
			assertThat(registry.get("gen_ai.client.token.usage")
				.tag("gen_ai.operation.name", "chat")
				.tag("gen_ai.token.type", "output")
				.summary()
				.totalAmount()).isEqualTo(25);
			assertThat(registry.get("aiapi.client.calls").tag("operation", "messages.stream").timer().count())
				.isEqualTo(1);
		});
	}

	private static ApplicationContextRunner metricsRunner() {
		return runner().withConfiguration(AutoConfigurations.of(AiApiMetricsAutoConfiguration.class,
				MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, ObservationAutoConfiguration.class));
	}

	@Test
	void anOverloadedEventIsAServiceUnavailableError() {
		gateway.stubFor(post("/v1/messages").willReturn(events(sse("message_start",
				"{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"content\":[],\"usage\":{\"input_tokens\":1}}}")
				+ sse("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))));
		runner().run((context) -> StepVerifier
			.create(context.getBean(ReactiveAiApiTemplate.class).createMessageStream(MessageRequest.of("Hi", 100).build()))
			.expectNextCount(1)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ServiceUnavailableException.class,
					(error) -> {
						assertThat(error.getErrorCode()).isEqualTo("overloaded_error");
						assertThat(error.isRetryable()).isTrue();
					}))
			.verify(TIMEOUT));
	}

	@Test
	void anthropicShapedErrorsBeforeTheStreamAreTyped() {
		gateway.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(529)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));
		runner().run((context) -> assertThatExceptionOfType(ServerException.class)
			.isThrownBy(() -> context.getBean(AiApiTemplate.class).createMessage(MessageRequest.of("Hi", 100).build()))
			.satisfies((error) -> assertThat(error.getErrorCode()).isEqualTo("overloaded_error")));
		// new-api's Messages route drops its quota code: the refusal is still a quota error
		gateway.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(403)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"type\":\"error\",\"error\":{\"type\":\"new_api_error\","
					+ "\"message\":\"用户额度不足, 剩余额度: $0.000000 (request id: 2025112900000001)\"}}")));
		runner().run((context) -> assertThatExceptionOfType(QuotaExceededException.class)
			.isThrownBy(() -> context.getBean(AiApiTemplate.class).createMessage(MessageRequest.of("Hi", 100).build()))
			.satisfies((error) -> {
				assertThat(error.getRequestId()).isEqualTo("2025112900000001");
				assertThat(error.isRetryable()).isFalse();
			}));
	}

	@Test
	void aMessageWithoutMaxTokensIsRefusedBeforeSending() {
		runner().run((context) -> assertThatExceptionOfType(RequestValidationException.class)
			.isThrownBy(() -> context.getBean(AiApiTemplate.class)
				.createMessage(MessageRequest.builder().message(MessageParam.user("Hi")).build()))
			.withMessageContaining("max_tokens"));
		gateway.verify(0, postRequestedFor(urlEqualTo("/v1/messages")));
	}

	@Test
	void anyRouteStreamsTypedEventsWithTheirNames() {
		String gemini = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}],\"role\":\"model\"}}]}\r\n\r\n"
				+ "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"lo\"}],\"role\":\"model\"},\"finishReason\":\"STOP\"}],"
				+ "\"usageMetadata\":{\"promptTokenCount\":3}}\r\n\r\n";
		gateway.stubFor(post(urlPathEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent")).willReturn(events(gemini)));
		runner().run((context) -> {
			List<ServerSentEvent<JsonNode>> events = context.getBean(ReactiveAiApiTemplate.class)
				.stream(HttpMethod.POST, "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
						Map.of("contents", List.of(Map.of("role", "user", "parts", List.of(Map.of("text", "Hi"))))),
						JsonNode.class)
				.collectList()
				.block(TIMEOUT);
			assertThat(events).extracting((event) -> event.data()
				.path("candidates")
				.path(0)
				.path("content")
				.path("parts")
				.path(0)
				.path("text")
				.asString()).containsExactly("Hel", "lo");
		});
		gateway.verify(postRequestedFor(urlEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"))
			.withHeader("Authorization", equalTo("Bearer " + GatewayTestSupport.API_KEY))
			.withRequestBody(matchingJsonPath("$.contents[0].parts[0].text", equalTo("Hi"))));

		gateway.stubFor(post("/v1/custom").willReturn(events(": hello\n\nid: 7\nevent: greeting\ndata: line one\ndata: line two\n\n"
				+ "event: bye\ndata: {\"n\":1}\n\ndata: [DONE]\n\n")));
		runner().run((context) -> {
			try (var events = context.getBean(AiApiTemplate.class).stream(HttpMethod.POST, "/v1/custom", null,
					String.class)) {
				assertThat(events.toList()).extracting(ServerSentEvent::event, ServerSentEvent::id, ServerSentEvent::data)
					.containsExactly(org.assertj.core.groups.Tuple.tuple("greeting", "7", "line one\nline two"),
							org.assertj.core.groups.Tuple.tuple("bye", null, "{\"n\":1}"));
			}
		});
	}

	@Test
	void aStreamOfAnyRouteThatGoesSilentTimesOut() {
		gateway.stubFor(post("/v1/custom").willReturn(events("data: {\"n\":1}\n\n" + "data: {\"n\":2}\n\n")
			.withChunkedDribbleDelay(2, 3000)));
		runner("aiapi.stream-idle-timeout=300ms", "aiapi.read-timeout=5s").run((context) -> StepVerifier
			.create(context.getBean(ReactiveAiApiTemplate.class).stream(HttpMethod.POST, "/v1/custom", null, Map.class))
			.expectNextCount(1)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(AiApiTimeoutException.class,
					(timeout) -> assertThat(timeout.getMessage()).contains("aiapi.stream-idle-timeout")))
			.verify(TIMEOUT));
	}

	@Test
	void aStreamPathThatLeavesTheGatewayIsRefused() {
		runner().run((context) -> assertThatExceptionOfType(RequestValidationException.class).isThrownBy(
				() -> context.getBean(AiApiTemplate.class).stream(HttpMethod.GET, "//evil.example/x", null, String.class)
					.toList()));
	}

}
