package services.aiapi;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import services.aiapi.autoconfigure.AiApiAutoConfiguration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * Shared set-up of tests that call a WireMock gateway through the auto-configured client.
 */
final class GatewayTestSupport {

	static final String API_KEY = "sk-test-Zq7pW3xY9vB2nM4k";

	static final String REQUEST_ID = "20251125230000123456789abcdef";

	private GatewayTestSupport() {
	}

	static WireMockExtension wireMock() {
		return WireMockExtension.newInstance()
			.options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
			.build();
	}

	static ApplicationContextRunner contextRunner(WireMockExtension wireMock, String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=" + wireMock.baseUrl(), "aiapi.api-key=" + API_KEY,
					"aiapi.default-model=gemini-2.5-flash", "aiapi.read-timeout=2s", "aiapi.connect-timeout=1s",
					"aiapi.retry.enabled=false")
			.withPropertyValues(properties);
	}

	/**
	 * Back to this module's test logging (logback-test.xml) after a test that ran a real {@code SpringApplication}
	 * with Boot's default logging set-up, for the classes that run after it.
	 * @throws Exception if logback cannot be configured again
	 */
	static void restoreTestLogging() throws Exception {
		ch.qos.logback.classic.LoggerContext logback = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory
			.getILoggerFactory();
		logback.reset();
		new ch.qos.logback.classic.util.ContextInitializer(logback).autoConfig();
	}

	static MappingBuilder chatCompletions() {
		return post("/v1/chat/completions");
	}

	static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withHeader("X-Oneapi-Request-Id", REQUEST_ID)
			.withBody(body);
	}

	static String completion(String content) {
		return """
				{"id":"chatcmpl-1","object":"chat.completion","created":1764111600,"model":"gemini-2.5-flash",
				 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
				 "usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12,
				          "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}},
				 "system_fingerprint":null,"some_future_field":{"x":1}}
				""".formatted(content);
	}

}
