package services.aiapi.springai;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.AdvisorParams;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;

import services.aiapi.error.ModelNotFoundException;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.error.ServiceUnavailableException;
import services.aiapi.test.AiApiSimulator;
import services.aiapi.test.AutoConfigureAiApiSimulator;
import services.aiapi.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A Boot application with Spring AI's {@code ChatClient} on the starter, against the simulator (a real HTTP server):
 * a plain call, a stream, a tool loop through a {@code @Tool} method, structured output, embeddings, and gateway
 * errors as the starter's typed exceptions, retried once by the starter only and counted once.
 */
@SpringBootTest(classes = SpringAiOnTheStarterTests.App.class,
		properties = { "aiapi.default-model=gemini-2.5-flash", "aiapi.retry.max-attempts=3", "aiapi.retry.wait-duration=1ms",
				"management.metrics.enable.all=true" })
@AutoConfigureAiApiSimulator(chunkPaceMillis = 0)
class SpringAiOnTheStarterTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	ChatClient.Builder chatClientBuilder;

	@Autowired
	ChatModel chatModel;

	@Autowired
	EmbeddingModel embeddingModel;

	@Autowired
	AiApiSimulator simulator;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	WeatherTools weatherTools;

	ChatClient chatClient;

	@BeforeEach
	void client() {
		this.chatClient = this.chatClientBuilder.build();
		this.weatherTools.calls.clear();
	}

	/** A structured answer. */
	record Forecast(String city, int celsius, List<String> advice) {
	}

	@Test
	void theChatModelIsTheStarters() {
		assertThat(this.chatModel).isInstanceOf(AiApiChatModel.class);
		assertThat(this.embeddingModel).isInstanceOf(AiApiEmbeddingModel.class);
	}

	@Test
	void aPlainCall() {
		String answer = this.chatClient.prompt().system("Be brief.").user("What is 2+2?").call().content();
		assertThat(answer).isEqualTo("This is the simulator's answer to: What is 2+2?");
		JsonNode sent = lastChatRequest();
		assertThat(sent.path("model").asString()).isEqualTo("gemini-2.5-flash");
		assertThat(sent.path("messages").get(0).path("role").asString()).isEqualTo("system");
	}

	@Test
	void aStream() {
		List<String> pieces = this.chatClient.prompt().user("Tell me a story").stream().content()
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(pieces).hasSizeGreaterThan(3);
		assertThat(String.join("", pieces)).isEqualTo("This is the simulator's answer to: Tell me a story");
	}

	@Test
	void aToolLoopRunsTheToolMethodAndSendsItsResultBack() {
		String answer = this.chatClient.prompt()
			.user("What is the weather in the city? Use get_weather.")
			.tools(this.weatherTools)
			.call()
			.content();
		assertThat(this.weatherTools.calls).containsExactly("sample");
		assertThat(answer).isEqualTo("Based on the tools: \"Sunny and 21 degrees in sample\"");
		// two model calls, each one starter call: the tool call, then the answer
		assertThat(chatRequests()).hasSize(2);
		JsonNode second = lastChatRequest();
		JsonNode messages = second.path("messages");
		assertThat(messages.get(1).path("tool_calls").get(0).path("function").path("name").asString())
			.isEqualTo("get_weather");
		assertThat(messages.get(2).path("role").asString()).isEqualTo("tool");
		assertThat(messages.get(2).path("tool_call_id").asString())
			.isEqualTo(messages.get(1).path("tool_calls").get(0).path("id").asString());
		assertThat(second.path("tools").get(0).path("function").path("parameters").path("properties").has("city"))
			.isTrue();
	}

	@Test
	void aToolLoopWhileStreaming() {
		String answer = String.join("", this.chatClient.prompt()
			.user("Weather please, get_weather")
			.tools(this.weatherTools)
			.stream()
			.content()
			.collectList()
			.block(Duration.ofSeconds(10)));
		assertThat(this.weatherTools.calls).containsExactly("sample");
		assertThat(answer).isEqualTo("Based on the tools: \"Sunny and 21 degrees in sample\"");
	}

	@Test
	void structuredOutputFromTheSchemaInThePrompt() {
		Forecast forecast = this.chatClient.prompt().user("Forecast for Lyon").call().entity(Forecast.class);
		assertThat(forecast).isEqualTo(new Forecast("sample", 1, List.of("sample")));
	}

	@Test
	void structuredOutputNatively() {
		Forecast forecast = this.chatClient.prompt()
			.advisors(AdvisorParams.ENABLE_NATIVE_STRUCTURED_OUTPUT)
			.user("Forecast for Lyon")
			.call()
			.entity(Forecast.class);
		assertThat(forecast).isEqualTo(new Forecast("sample", 1, List.of("sample")));
		JsonNode format = lastChatRequest().path("response_format");
		assertThat(format.path("type").asString()).isEqualTo("json_schema");
		assertThat(format.path("json_schema").path("schema").path("properties").has("celsius")).isTrue();
	}

	@Test
	void reasoningAndUsageReachTheChatResponse() {
		ChatResponse response = this.chatClient.prompt()
			.options(AiApiChatOptions.builder().model("gpt-4o-mini").reasoningEffort("high"))
			.user("Think about it")
			.call()
			.chatResponse();
		assertThat(response.getResult().getOutput().getMetadata().get("reasoningContent").toString())
			.startsWith("Simulated reasoning (effort high)");
		assertThat(response.getMetadata().getUsage().getTotalTokens()).isPositive();
		assertThat(lastChatRequest().path("reasoning_effort").asString()).isEqualTo("high");
		assertThat(lastChatRequest().path("model").asString()).isEqualTo("gpt-4o-mini");
	}

	@Test
	void embeddings() {
		float[] vector = this.embeddingModel.embed("hello");
		assertThat(vector).isNotEmpty();
		assertThat(this.simulator.requests().get(this.simulator.requestCount() - 1).body())
			.contains("text-embedding-3-small");
	}

	@Test
	void aGatewayErrorArrivesAsTheStartersTypedException() {
		assertThatExceptionOfType(ModelNotFoundException.class).isThrownBy(() -> this.chatClient.prompt()
			.options(AiApiChatOptions.builder().model("no-such-model"))
			.user("Hi")
			.call()
			.content());
		this.simulator.failNext(1, 403, "quota_not_enough");
		assertThatExceptionOfType(QuotaExceededException.class)
			.isThrownBy(() -> this.chatClient.prompt().user("Hi").call().content());
	}

	@Test
	void aTransientErrorIsRetriedByTheStarterOnlyAndCountedOnce() {
		double before = calls("SERVER_ERROR") + calls("SUCCESS");
		this.simulator.failNext(5, 503, "service_unavailable");
		int sentBefore = chatRequests().size();
		assertThatExceptionOfType(ServiceUnavailableException.class)
			.isThrownBy(() -> this.chatClient.prompt().user("Hi").call().content())
			.satisfies((ex) -> assertThat(ex.getAttempts()).isEqualTo(3));
		// aiapi.retry.max-attempts=3 and nothing more: no Spring AI retry on top
		assertThat(chatRequests().size() - sentBefore).isEqualTo(3);
		// one logical call in the starter's metrics; no Spring AI model observation beside it
		assertThat(calls("SERVER_ERROR") + calls("SUCCESS") - before).isEqualTo(1);
		assertThat(this.meterRegistry.find("gen_ai.client.operation").meters()).isEmpty();
	}

	private double calls(String outcome) {
		var counter = this.meterRegistry.find("aiapi.client.calls").tag("outcome", outcome).timer();
		return (counter != null) ? counter.count() : 0;
	}

	private List<RecordedRequest> chatRequests() {
		return this.simulator.requests().stream().filter((r) -> r.path().equals("/v1/chat/completions")).toList();
	}

	private JsonNode lastChatRequest() {
		List<RecordedRequest> chats = chatRequests();
		return JSON.readTree(chats.get(chats.size() - 1).body());
	}

	@SpringBootApplication
	static class App {

		@org.springframework.context.annotation.Bean
		WeatherTools weatherTools() {
			return new WeatherTools();
		}

	}

	static class WeatherTools {

		final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Tool(name = "get_weather", description = "The current weather in a city")
		String getWeather(@ToolParam(description = "the city") String city) {
			this.calls.add(city);
			return "Sunny and 21 degrees in " + city;
		}

	}

}
