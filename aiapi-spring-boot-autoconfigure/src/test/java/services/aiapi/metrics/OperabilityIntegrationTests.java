package services.aiapi.metrics;

import java.util.Set;
import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import services.aiapi.AiApiTemplate;
import services.aiapi.actuate.AiApiEndpoint;
import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.autoconfigure.AiApiEndpointAutoConfiguration;
import services.aiapi.autoconfigure.AiApiMetricsAutoConfiguration;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.model.ChatCompletionRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * After scripted calls (success, 429 then success, quota, stream) the meters, observations, log lines and the
 * endpoint say what happened, and never the key or the prompt.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperabilityIntegrationTests {

	private static final String KEY = "sk-operability-key-5c5c";

	private static final String SECRET_PROMPT = "my confidential prompt text";

	@RegisterExtension
	static WireMockExtension gateway = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
		.build();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class,
					AiApiMetricsAutoConfiguration.class, AiApiEndpointAutoConfiguration.class,
					MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, ObservationAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=" + gateway.baseUrl(), "aiapi.api-key=" + KEY,
					"aiapi.default-model=gemini-2.5-flash", "aiapi.retry.wait-duration=10ms",
					"management.endpoints.web.exposure.include=aiapi");
	}

	@Test
	void endpointShowsTheResilienceInForceAfterCustomizers() {
		runner().withBean(services.aiapi.resilience.AiApiResilienceCustomizer.class,
				() -> new services.aiapi.resilience.AiApiResilienceCustomizer() {

					@Override
					public void customizeRetry(io.github.resilience4j.retry.RetryConfig.Builder<Object> builder) {
						builder.maxAttempts(7);
					}

					@Override
					public void customizeCircuitBreaker(
							io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.Builder builder) {
						builder.failureRateThreshold(25).waitDurationInOpenState(Duration.ofSeconds(90));
					}

				})
			.run((context) -> {
				String json = JsonMapper.builder()
					.build()
					.writeValueAsString(context.getBean(AiApiEndpoint.class).describe());
				assertThat(json).contains("\"maxAttempts\":7")
					.contains("\"failureRateThreshold\":25.0")
					.contains("\"waitDurationInOpenState\":\"PT1M30S\"");
			});
	}

	private static String completion(int in, int out) {
		return "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"gemini-2.5-flash\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
				+ "\"usage\":{\"prompt_tokens\":" + in + ",\"completion_tokens\":" + out + ",\"total_tokens\":" + (in + out)
				+ "}}";
	}

	private static void script() {
		gateway.stubFor(post("/v1/chat/completions").withRequestBody(containing("first"))
			.willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(completion(5, 7))));
		gateway.stubFor(post("/v1/chat/completions").withRequestBody(containing("second"))
			.inScenario("429")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(429).withHeader("retry-after-ms", "10"))
			.willSetStateTo("served"));
		gateway.stubFor(post("/v1/chat/completions").withRequestBody(containing("second"))
			.inScenario("429")
			.whenScenarioStateIs("served")
			.willReturn(aResponse().withHeader("Content-Type", "application/json")
				.withHeader("X-RateLimit-Limit-Requests", "100")
				.withHeader("X-RateLimit-Remaining-Requests", "99")
				.withBody(completion(3, 4))));
		gateway.stubFor(post("/v1/chat/completions").withRequestBody(containing("third"))
			.willReturn(aResponse().withStatus(403)
				.withHeader("Content-Type", "application/json")
				.withHeader("X-Oneapi-Request-Id", "req-quota")
				.withBody("{\"code\":\"quota_not_enough\",\"message\":\"user quota is not enough\",\"data\":null}")));
		gateway.stubFor(post("/v1/chat/completions").withRequestBody(containing("fourth"))
			.willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
				.withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}\n\n"
						+ "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":3,\"total_tokens\":5}}\n\n"
						+ "data: [DONE]\n\n")));
	}

	private static void calls(AiApiTemplate template) {
		template.chat("first " + SECRET_PROMPT);
		template.chat("second");
		assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> template.chat("third"));
		template.chatStream(ChatCompletionRequest.ofUser("fourth").build(), (chunk) -> {
		});
	}

	@Test
	void metersAfterScriptedCalls() {
		script();
		runner().run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// Resilience4j's meters exist from startup, before any call
			assertThat(registry.find("resilience4j.retry.calls").meters()).isNotEmpty();
			assertThat(registry.find("resilience4j.ratelimiter.available.permissions").gauge()).isNotNull();
			calls(context.getBean(AiApiTemplate.class));

			assertThat(registry.get("aiapi.client.calls")
				.tags("operation", "chat", "model", "gemini-2.5-flash", "outcome", "SUCCESS", "error.code", "none")
				.timer()
				.count()).isEqualTo(2);
			assertThat(registry.get("aiapi.client.calls")
				.tags("operation", "chat", "outcome", "CLIENT_ERROR", "error.code", "quota_not_enough")
				.timer()
				.count()).isEqualTo(1);
			assertThat(registry.get("aiapi.client.calls").tags("operation", "chat.stream", "outcome", "SUCCESS")
				.timer()
				.count()).isEqualTo(1);

			assertThat(registry.get(GenAiMetrics.TOKEN_USAGE)
				.tags("gen_ai.token.type", "input", "gen_ai.request.model", "gemini-2.5-flash",
						"gen_ai.operation.name", "chat")
				.summary()
				.totalAmount()).isEqualTo(5 + 3 + 2);
			assertThat(registry.get(GenAiMetrics.TOKEN_USAGE)
				.tags("gen_ai.token.type", "output", "gen_ai.operation.name", "chat")
				.summary()
				.totalAmount()).isEqualTo(7 + 4 + 3);
			assertThat(registry.get(GenAiMetrics.OPERATION_DURATION).tags("gen_ai.operation.name", "chat")
				.timers()
				.stream()
				.mapToLong((timer) -> timer.count())
				.sum()).isEqualTo(4);
			assertThat(registry.get(GenAiMetrics.OPERATION_DURATION)
				.tags("gen_ai.operation.name", "chat", "error.type", QuotaExceededException.class.getSimpleName())
				.timer()
				.count()).isEqualTo(1);
			assertThat(registry.get(GenAiMetrics.TIME_TO_FIRST_CHUNK).timer().count()).isEqualTo(1);

			assertThat(registry.get("resilience4j.retry.calls").tags("name", "aiapi", "kind", "successful_with_retry")
				.functionCounter()
				.count()).isEqualTo(1);
			assertThat(registry.get("resilience4j.circuitbreaker.state").tags("name", "gemini-2.5-flash", "state", "closed")
				.gauge()
				.value()).isEqualTo(1);
			assertThat(registry.get("aiapi.ratelimit.advertised.limit").gauge().value()).isEqualTo(100);
			assertThat(registry.get("aiapi.ratelimit.advertised.remaining").gauge().value()).isEqualTo(99);
			registry.getMeters()
				.forEach((meter) -> assertThat(meter.getId().toString()).doesNotContain(KEY).doesNotContain(SECRET_PROMPT));
		});
	}

	@Test
	void oneObservationPerLogicalCall() {
		script();
		runner().withUserConfiguration(TestObservations.class)
			.withConfiguration(AutoConfigurations.of(
					org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration.class))
			.run((context) -> {
			calls(context.getBean(AiApiTemplate.class));
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			// each call once, its retry (one, after the 429) beneath it; no second observation of each request
			TestObservationRegistryAssert.assertThat(registry)
				.hasNumberOfObservationsWithNameEqualTo("http.client.requests", 0)
				.hasNumberOfObservationsWithNameEqualTo(ObservedCallInstrumentation.OBSERVATION_NAME, 4)
				.hasNumberOfObservationsWithNameEqualTo("aiapi.client.attempts", 1)
				.forAllObservationsWithNameEqualTo("aiapi.client.attempts",
						(observation) -> observation.hasParentObservationContextMatching(
								(parent) -> "aiapi.client.calls".equals(((io.micrometer.observation.Observation.ContextView) parent).getName())));
			// the starter's WebClient, used directly, keeps Spring's observation of each request
			gateway.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/v1/models")
				.willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"data\":[]}")));
			context.getBean(AiApiAutoConfiguration.WEB_CLIENT_BEAN_NAME, WebClient.class)
				.get()
				.uri("/v1/models")
				.retrieve()
				.toBodilessEntity()
				.block(Duration.ofSeconds(5));
			TestObservationRegistryAssert.assertThat(registry)
				.hasNumberOfObservationsWithNameEqualTo("http.client.requests", 1);
		});
	}

	@Test
	void eachRequestIsObservedTooWhenAsked() {
		script();
		runner().withUserConfiguration(TestObservations.class)
			.withPropertyValues("aiapi.http-request-observations=true")
			.withConfiguration(AutoConfigurations.of(
					org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration.class))
			.run((context) -> {
			calls(context.getBean(AiApiTemplate.class));
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			// beneath each logical call its first HTTP exchange and each retry (one, after the 429), and beneath the
			// retry its own exchange: five exchanges for four calls
			TestObservationRegistryAssert.assertThat(registry)
				.hasNumberOfObservationsWithNameEqualTo("http.client.requests", 5)
				.forAllObservationsWithNameEqualTo("http.client.requests",
						(observation) -> observation.hasParentObservationContextMatching(
								(parent) -> Set.of("aiapi.client.calls", "aiapi.client.attempts").contains(((io.micrometer.observation.Observation.ContextView) parent).getName())))
				.hasNumberOfObservationsWithNameEqualTo("aiapi.client.attempts", 1)
				.forAllObservationsWithNameEqualTo("aiapi.client.attempts",
						(observation) -> observation.hasParentObservationContextMatching(
								(parent) -> "aiapi.client.calls".equals(((io.micrometer.observation.Observation.ContextView) parent).getName())));
			TestObservationRegistryAssert.assertThat(registry)
				.hasNumberOfObservationsWithNameEqualTo(ObservedCallInstrumentation.OBSERVATION_NAME, 4)
				.hasAnObservation((observation) -> observation.hasNameEqualTo("aiapi.client.calls")
					.hasContextualNameEqualTo("aiapi chat")
					.hasLowCardinalityKeyValue("operation", "chat")
					.hasLowCardinalityKeyValue("model", "gemini-2.5-flash")
					.hasLowCardinalityKeyValue("outcome", "CLIENT_ERROR")
					.hasLowCardinalityKeyValue("error.code", "quota_not_enough")
					.hasError())
				.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("operation", "chat.stream")
					.hasLowCardinalityKeyValue("outcome", "SUCCESS"));
		});
	}

	@Test
	void oneLogEventPerCallWithoutPromptOrKey(CapturedOutput output) {
		script();
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("services.aiapi.calls", LogLevel.DEBUG);
		try {
			runner().run((context) -> calls(context.getBean(AiApiTemplate.class)));
		}
		finally {
			logging.setLogLevel("services.aiapi.calls", null);
		}
		assertThat(output.getAll()).containsOnlyOnce("aiapi call failed: operation=chat model=gemini-2.5-flash")
			.contains("error=QuotaExceededException status=403 code=quota_not_enough request_id=req-quota attempts=1")
			.contains("prompt_length=5")
			.contains("aiapi call succeeded: operation=chat model=gemini-2.5-flash status=200")
			.contains("tokens=12")
			.contains("aiapi call succeeded: operation=chat.stream")
			.doesNotContain(SECRET_PROMPT)
			.doesNotContain(KEY);
	}

	@Test
	void endpointDescribesConfigurationAndLiveStateWithTheKeyMasked() {
		script();
		runner().withPropertyValues("aiapi.rate-limiter.limit-for-period=50").run((context) -> {
			calls(context.getBean(AiApiTemplate.class));
			Map<String, Object> description = context.getBean(AiApiEndpoint.class).describe();
			String json = JsonMapper.builder().build().writeValueAsString(description);
			assertThat(json).doesNotContain(KEY)
				.contains("\"apiKey\":\"****5c5c\"")
				.contains("\"baseUrl\":\"" + gateway.baseUrl() + "\"")
				.contains("\"defaultModel\":\"gemini-2.5-flash\"")
				.contains("\"maxAttempts\":4")
				.contains("\"connectTimeout\":\"PT10S\"")
				.contains("\"timeout\":\"PT3M\"")
				.contains("\"gemini-2.5-flash\":{\"state\":\"CLOSED\"")
				.contains("\"advertisedRateLimit\":{\"limitRequests\":100,\"remainingRequests\":99");
			// the gateway's advertised limit was adopted
			assertThat(json).contains("\"limitForPeriod\":100");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TestObservations {

		@Bean
		TestObservationRegistry testObservationRegistry() {
			return TestObservationRegistry.create();
		}

	}

}
