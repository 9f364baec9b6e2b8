package services.aiapi;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import services.aiapi.model.ChatCompletionRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A call's trace as an OpenTelemetry backend receives it (Micrometer Tracing's OpenTelemetry bridge, spans kept in
 * memory): the GenAI attributes of the conventions on the call's span, each retry as an event with its wait and a
 * child span, and what a fallback, a limiter wait and a breaker refusal leave on it. Never the prompt or the key.
 */
class GenAiTracingIntegrationTests {

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
		.build();

	private final ObservationRegistry registry = observationRegistry();

	private ObservationRegistry observationRegistry() {
		OtelCurrentTraceContext context = new OtelCurrentTraceContext();
		OtelTracer tracer = new OtelTracer(this.provider.get("aiapi-test"), context, (event) -> {
		}, new OtelBaggageManager(context, List.of(), List.of()));
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
		return registry;
	}

	@AfterEach
	void close() {
		this.provider.close();
	}

	private static final String PROMPT = "A secret prompt that must not be traced";

	@Test
	void aCallRetriedTwiceThenAnsweredCarriesTheGenAiAttributesAndEachRetry() {
		gateway.stubFor(GatewayTestSupport.chatCompletions().inScenario("retries").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(GatewayTestSupport.json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":\"service_unavailable\"}}"))
			.willSetStateTo("second"));
		gateway.stubFor(GatewayTestSupport.chatCompletions().inScenario("retries").whenScenarioStateIs("second")
			.willReturn(GatewayTestSupport.json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":\"service_unavailable\"}}")
				.withHeader("retry-after-ms", "40"))
			.willSetStateTo("third"));
		gateway.stubFor(GatewayTestSupport.chatCompletions().inScenario("retries").whenScenarioStateIs("third")
			.willReturn(GatewayTestSupport.json(200, GatewayTestSupport.completion("Hello"))));
		GatewayTestSupport.contextRunner(gateway, "aiapi.retry.enabled=true", "aiapi.retry.wait-duration=5ms",
				"aiapi.retry.max-wait-duration=10ms")
			.withBean(ObservationRegistry.class, () -> this.registry)
			.run((context) -> context.getBean(AiApiTemplate.class)
				.chat(ChatCompletionRequest.ofUser(PROMPT).temperature(0.2).maxTokens(64).topP(0.9).build()));
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		SpanData call = spans.stream().filter((span) -> span.getName().equals("aiapi chat")).findFirst().orElseThrow();
		assertThat(attributes(call)).containsAllEntriesOf(Map.ofEntries(Map.entry("gen_ai.operation.name", "chat"),
				Map.entry("gen_ai.system", "aiapi.services"), Map.entry("gen_ai.request.model", "gemini-2.5-flash"),
				Map.entry("gen_ai.request.temperature", "0.2"), Map.entry("gen_ai.request.max_tokens", "64"),
				Map.entry("gen_ai.request.top_p", "0.9"), Map.entry("server.address", java.net.URI.create(gateway.baseUrl()).getHost()),
				Map.entry("gen_ai.response.model", "gemini-2.5-flash"), Map.entry("gen_ai.response.id", "chatcmpl-1"),
				Map.entry("gen_ai.response.finish_reasons", "stop"), Map.entry("gen_ai.usage.input_tokens", "5"),
				Map.entry("gen_ai.usage.output_tokens", "7"), Map.entry("outcome", "SUCCESS"),
				Map.entry("operation", "chat")));
		List<String> events = call.getEvents().stream().map(EventData::getName).toList();
		assertThat(events).hasSize(2);
		assertThat(events.get(0)).startsWith("aiapi.retry attempt=2 wait=").endsWith("after=ServiceUnavailableException");
		assertThat(events.get(1)).isEqualTo(
				"aiapi.retry attempt=3 wait=40ms after=ServiceUnavailableException (Retry-After honoured)");
		// each retry is a child span of the call, with its own outcome
		assertThat(spans.stream().filter((span) -> span.getParentSpanId().equals(call.getSpanId())))
			.extracting(SpanData::getName)
			.contains("aiapi attempt 2", "aiapi attempt 3");
		// the prompt and the key are nowhere in the trace
		String everything = spans.stream().map((span) -> span.getAttributes().toString() + span.getEvents())
			.collect(Collectors.joining());
		assertThat(everything).doesNotContain(PROMPT).doesNotContain(GatewayTestSupport.API_KEY);
		assertThat(attributes(call)).doesNotContainKeys("gen_ai.prompt", "gen_ai.completion");
	}

	@Test
	void promptAndCompletionAreOnTheSpanOnlyWhenAskedForAndThenRedacted() {
		gateway.stubFor(GatewayTestSupport.chatCompletions()
			.willReturn(GatewayTestSupport.json(200, GatewayTestSupport.completion("Hello"))));
		String prompt = "Write to ann.lee@example.com, key " + GatewayTestSupport.API_KEY;
		GatewayTestSupport.contextRunner(gateway, "aiapi.tracing.include-content=true",
				"aiapi.tracing.redact-patterns[0]=[\\w.+-]+@[\\w-]+\\.[\\w.]+")
			.withBean(ObservationRegistry.class, () -> this.registry)
			.run((context) -> context.getBean(AiApiTemplate.class).chat(prompt));
		SpanData call = this.exporter.getFinishedSpanItems().stream()
			.filter((span) -> span.getName().equals("aiapi chat")).findFirst().orElseThrow();
		assertThat(attributes(call)).containsEntry("gen_ai.completion", "Hello");
		assertThat(attributes(call).get("gen_ai.prompt")).isEqualTo("user: Write to [REDACTED], key ****"
				+ GatewayTestSupport.API_KEY.substring(GatewayTestSupport.API_KEY.length() - 4));
		assertThat(call.getAttributes().toString()).doesNotContain(GatewayTestSupport.API_KEY, "ann.lee");
	}

	@Test
	void aFallbackALimiterWaitAndABreakerRefusalAreOnTheTrace() {
		gateway.stubFor(GatewayTestSupport.chatCompletions()
			.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"model\":\"gpt-4o\""))
			.willReturn(GatewayTestSupport.json(502, "{\"error\":{\"message\":\"upstream\",\"type\":\"upstream_error\",\"code\":\"bad_response_status_code\"}}")));
		gateway.stubFor(GatewayTestSupport.chatCompletions()
			.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"model\":\"gemini-2.5-flash\""))
			.willReturn(GatewayTestSupport.json(200, GatewayTestSupport.completion("Hello"))));
		GatewayTestSupport.contextRunner(gateway, "aiapi.fallback.chains.gpt-4o=gemini-2.5-flash",
				"aiapi.rate-limiter.limit-for-period=1", "aiapi.rate-limiter.limit-refresh-period=200ms",
				"aiapi.circuit-breaker.sliding-window-size=1", "aiapi.circuit-breaker.minimum-number-of-calls=1")
			.withBean(ObservationRegistry.class, () -> this.registry)
			.run((context) -> {
				AiApiTemplate template = context.getBean(AiApiTemplate.class);
				// the first model fails (its breaker opens after it), the call falls back to the second
				assertThat(template.chat(ChatCompletionRequest.ofUser("Hi").model("gpt-4o").build()).model())
					.isEqualTo("gemini-2.5-flash");
				// the breaker now refuses the first model at once, and the limiter makes the call wait its turn
				template.chat(ChatCompletionRequest.ofUser("Hi").model("gpt-4o").build());
				assertThat(catchThrowable(() -> template.withOptions(AiApiCallOptions.builder().fallbacks().build())
					.chat(ChatCompletionRequest.ofUser("Hi").model("gpt-4o").build())))
					.isInstanceOf(services.aiapi.error.CircuitBreakerOpenException.class);
			});
		List<String> events = this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals("aiapi chat"))
			.flatMap((span) -> span.getEvents().stream())
			.map(EventData::getName)
			.toList();
		assertThat(events).anySatisfy((event) -> assertThat(event)
			.isEqualTo("aiapi.fallback from=gpt-4o to=gemini-2.5-flash after=BadGatewayException"));
		assertThat(events).anySatisfy((event) -> assertThat(event).startsWith("aiapi.circuit_breaker.refused breaker=gpt-4o"));
		assertThat(events).anySatisfy((event) -> assertThat(event).startsWith("aiapi.rate_limiter.wait wait="));
		assertThat(this.exporter.getFinishedSpanItems().stream()
			.filter((span) -> span.getName().equals("aiapi chat"))
			.map((span) -> span.getAttributes().get(AttributeKey.stringKey("error.type"))))
			.contains("CircuitBreakerOpenException");
	}

	private static Map<String, String> attributes(SpanData span) {
		return span.getAttributes().asMap().entrySet().stream()
			.collect(Collectors.toMap((entry) -> entry.getKey().getKey(), (entry) -> String.valueOf(entry.getValue())));
	}

}
