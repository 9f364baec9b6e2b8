package services.aiapi;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.model.ChatCompletionRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static services.aiapi.GatewayTestSupport.API_KEY;
import static services.aiapi.GatewayTestSupport.chatCompletions;
import static services.aiapi.GatewayTestSupport.json;

/**
 * Runs the failing cases with request-detail logging and DEBUG/TRACE on every logger involved, and checks the
 * key reaches the gateway but never a log line, an exception message, a stack trace or a {@code toString()}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyNeverLeaksIntegrationTests {

	private static final String[] VERBOSE_LOGGERS = { "org.springframework.web", "org.springframework.http",
			"reactor.netty", "services.aiapi" };

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	private final LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());

	@BeforeEach
	void verboseLogging() {
		for (String logger : VERBOSE_LOGGERS) {
			this.loggingSystem.setLogLevel(logger, LogLevel.TRACE);
		}
	}

	@AfterEach
	void quietLogging() {
		for (String logger : VERBOSE_LOGGERS) {
			this.loggingSystem.setLogLevel(logger, null);
		}
	}

	@Test
	void keyIsSentButNeverPrinted(CapturedOutput output) {
		gateway.stubFor(get("/v1/models").willReturn(json(200, "{\"data\":[{\"id\":\"gemini-2.5-flash\"}]}")));
		List<Throwable> failures = new ArrayList<>();
		List<String> responses = List.of(
				"{ \"code\": \"invalid_api_key\", \"message\": \"Invalid API key provided\", \"data\": null }",
				"{ \"code\": \"quota_not_enough\", \"message\": \"user quota is not enough\", \"data\": null }",
				"{ \"code\": \"rate_limit_exceeded\", \"message\": \"Rate limit exceeded.\", \"data\": { \"retry_after\": 60 } }",
				"{\"error\":{\"message\":\"No available channel (request id: r1)\",\"type\":\"new_api_error\",\"code\":\"model_not_found\"}}");
		int[] statuses = { 401, 403, 429, 503 };
		new org.springframework.boot.test.context.runner.ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, CodecsAutoConfiguration.class,
					WebClientAutoConfiguration.class, AiApiAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=" + gateway.baseUrl(), "aiapi.api-key=Bearer " + API_KEY + " ",
					"aiapi.default-model=gemini-2.5-flash", "aiapi.read-timeout=500ms",
					"spring.http.codecs.log-request-details=true", "aiapi.retry.enabled=false")
			.run((context) -> {
				AiApiTemplate template = context.getBean(AiApiTemplate.class);
				template.listModels();
				for (int i = 0; i < statuses.length; i++) {
					gateway.stubFor(chatCompletions().willReturn(json(statuses[i], responses.get(i))));
					failures.add(catchFailure(() -> template.chat("Hello")));
					failures.add(catchFailure(
							() -> template.chatStream(ChatCompletionRequest.ofUser("Hello").build(), (c) -> {
							})));
				}
				gateway.stubFor(chatCompletions().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
				failures.add(catchFailure(() -> template.chat("Hello")));
				gateway.stubFor(chatCompletions().willReturn(json(200, "{}").withFixedDelay(1500)));
				failures.add(catchFailure(() -> template.chat("Hello")));
				failures.add(catchFailure(
						() -> template.chat(ChatCompletionRequest.ofUser("Hello").temperature(9.0).build())));
				for (String name : context.getBeanDefinitionNames()) {
					Object bean = context.getBean(name);
					assertThat(String.valueOf(bean)).as("toString of bean %s", name).doesNotContain(API_KEY);
				}
			});
		gateway.verify(getRequestedFor(urlEqualTo("/v1/models")).withHeader("Authorization",
				equalTo("Bearer " + API_KEY)));
		assertThat(failures).hasSize(11).allSatisfy((failure) -> {
			assertThat(failure).isNotNull();
			assertThat(failure.getMessage()).doesNotContain(API_KEY);
			assertThat(failure.toString()).doesNotContain(API_KEY);
			assertThat(stackTrace(failure)).doesNotContain(API_KEY);
		});
		// the verbose loggers did print the requests, just never the key
		assertThat(output.getAll()).contains("/v1/chat/completions")
			.doesNotContain("headers={masked}")
			.doesNotContain(API_KEY);
		gateway.verify(getRequestedFor(urlEqualTo("/v1/models")).withHeader("Authorization", containing("Bearer ")));
	}

	@Test
	void aGatewayThatEchoesTheKeyDoesNotPutItInAnException(CapturedOutput output) {
		String echo = "{\"error\":{\"message\":\"Invalid token " + API_KEY + " (request id: r1)\",\"type\":\"new_api_error\","
				+ "\"param\":\"" + API_KEY + "\",\"code\":\"\"},\"data\":{\"token\":[\"" + API_KEY + "\"]}}";
		List<Throwable> failures = new ArrayList<>();
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			gateway.stubFor(chatCompletions().willReturn(json(401, echo)));
			failures.add(catchFailure(() -> template.chat("Hello")));
			failures.add(catchFailure(() -> template.chatStream(ChatCompletionRequest.ofUser("Hello").build(), (c) -> {
			})));
			gateway.stubFor(chatCompletions().willReturn(json(200, echo)));
			failures.add(catchFailure(() -> template.chat("Hello")));
			gateway.stubFor(chatCompletions().willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "text/event-stream")
				.withBody("data: " + echo + "\n\n")));
			failures.add(catchFailure(() -> template.chatStream(ChatCompletionRequest.ofUser("Hello").build(), (c) -> {
			})));
		});
		assertThat(failures).hasSize(4).allSatisfy((failure) -> {
			assertThat(failure).isInstanceOf(services.aiapi.error.AiApiResponseException.class);
			services.aiapi.error.AiApiResponseException response = (services.aiapi.error.AiApiResponseException) failure;
			assertThat(response.getGatewayMessage()).contains("Invalid token ****").doesNotContain(API_KEY);
			assertThat(response.getParam()).doesNotContain(API_KEY);
			assertThat(String.valueOf(response.getData())).doesNotContain(API_KEY);
			assertThat(response.getResponseBodyAsString()).doesNotContain(API_KEY);
			assertThat(stackTrace(failure)).doesNotContain(API_KEY);
			assertThat(response.getRequestId()).isIn(GatewayTestSupport.REQUEST_ID, "r1");
		});
		assertThat(output.getAll()).doesNotContain(API_KEY);
	}

	private static Throwable catchFailure(Runnable call) {
		try {
			call.run();
			return null;
		}
		catch (Throwable ex) {
			return ex;
		}
	}

	private static String stackTrace(Throwable failure) {
		StringWriter writer = new StringWriter();
		failure.printStackTrace(new PrintWriter(writer));
		return writer.toString();
	}

}
