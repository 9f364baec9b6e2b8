package services.aiapi.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import services.aiapi.AiApiTemplate;
import services.aiapi.MutableClock;
import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.autoconfigure.AiApiHealthAutoConfiguration;
import services.aiapi.resilience.AiApiResilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

class AiApiHealthIndicatorTests {

	private static final String KEY = "sk-health-test-key-77aa";

	@RegisterExtension
	static WireMockExtension gateway = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
		.build();

	private ApplicationContextRunner runner(String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class,
					AiApiHealthAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=" + gateway.baseUrl(), "aiapi.api-key=" + KEY,
					"aiapi.health.cache-ttl=0s", "aiapi.health.timeout=3s")
			.withPropertyValues(properties);
	}

	private Health health(String... properties) {
		Health[] health = new Health[1];
		runner(properties).run((context) -> health[0] = context.getBean(AiApiHealthIndicator.class)
			.health(true)
			.block(Duration.ofSeconds(5)));
		assertThat(String.valueOf(health[0].getDetails())).doesNotContain(KEY);
		return health[0];
	}

	private static void models(int status, String body) {
		gateway.stubFor(get("/v1/models").willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withHeader("X-Oneapi-Request-Id", "req-health")
			.withBody(body)));
	}

	@Test
	@SuppressWarnings("unchecked")
	void upWithDetails() {
		models(200, "{\"object\":\"list\",\"data\":[{\"id\":\"a\"},{\"id\":\"b\"}]}");
		Health health = health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("models", 2)
			.containsEntry("host", "localhost")
			.containsKeys("latencyMs", "circuitBreakers");
		assertThat((Map<String, Object>) health.getDetails().get("circuitBreakers")).containsEntry(AiApiResilience.NO_MODEL,
				"CLOSED");
	}

	@Test
	void throttledIsStillUp() {
		models(429, "");
		Health health = health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("throttled", true);
	}

	@Test
	void invalidKeyIsDownWithTheGatewayCode() {
		models(401, "{\"code\":\"invalid_api_key\",\"message\":\"Invalid API key provided\",\"data\":null}");
		Health health = health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("code", "invalid_api_key")
			.containsEntry("status", 401)
			.containsEntry("requestId", "req-health")
			.containsEntry("error", "InvalidApiKeyException");
	}

	@Test
	void quotaIsDown() {
		models(403, "{\"code\":\"quota_not_enough\",\"message\":\"user quota is not enough\",\"data\":null}");
		assertThat(health().getDetails()).containsEntry("code", "quota_not_enough");
	}

	@Test
	void serverErrorIsDown() {
		models(503, "{\"error\":{\"message\":\"busy\",\"type\":\"new_api_error\",\"code\":\"\"}}");
		Health health = health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("status", 503);
	}

	@Test
	void slowGatewayIsDownAfterTheTimeout() {
		gateway.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(1500)));
		Health health = health("aiapi.health.timeout=300ms");
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("timeout", "300 ms");
	}

	@Test
	void unreachableGatewayIsDown() {
		Health health = health("aiapi.base-url=http://127.0.0.1:9");
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "AiApiRequestException");
	}

	@Test
	void resultIsCachedWithinTheTtl() {
		models(200, "{\"data\":[]}");
		runner("aiapi.health.cache-ttl=1m").run((context) -> {
			AiApiHealthIndicator indicator = context.getBean(AiApiHealthIndicator.class);
			indicator.health(true).block(Duration.ofSeconds(5));
			indicator.health(true).block(Duration.ofSeconds(5));
		});
		gateway.verify(1, getRequestedFor(urlEqualTo("/v1/models")));
	}

	@Test
	void cacheExpiresOnTheClock() {
		models(200, "{\"data\":[]}");
		MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
		runner().run((context) -> {
			AiApiHealthIndicator indicator = new AiApiHealthIndicator(context.getBean("aiApiWebClient", WebClient.class),
					context.getBean(AiApiResilience.class), gateway.baseUrl(), Duration.ofSeconds(1),
					Duration.ofSeconds(30), clock);
			indicator.health(true).block(Duration.ofSeconds(5));
			clock.advance(Duration.ofSeconds(29));
			indicator.health(true).block(Duration.ofSeconds(5));
			clock.advance(Duration.ofSeconds(2));
			indicator.health(true).block(Duration.ofSeconds(5));
		});
		gateway.verify(2, getRequestedFor(urlEqualTo("/v1/models")));
	}

	@Test
	void probesNeitherSpendPermitsNorTripBreakers() {
		models(503, "{\"error\":{\"message\":\"busy\",\"code\":\"\"}}");
		gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}")));
		runner("aiapi.rate-limiter.limit-for-period=1", "aiapi.rate-limiter.timeout-duration=0s",
				"aiapi.circuit-breaker.minimum-number-of-calls=2", "aiapi.circuit-breaker.sliding-window-size=2")
			.run((context) -> {
				AiApiHealthIndicator indicator = context.getBean(AiApiHealthIndicator.class);
				for (int i = 0; i < 5; i++) {
					assertThat(indicator.health(true).block(Duration.ofSeconds(5)).getStatus()).isEqualTo(Status.DOWN);
				}
				AiApiResilience resilience = context.getBean(AiApiResilience.class);
				assertThat(resilience.circuitBreaker(AiApiResilience.NO_MODEL).getMetrics().getNumberOfBufferedCalls())
					.isZero();
				assertThat(context.getBean(AiApiTemplate.class).chat(services.aiapi.model.ChatCompletionRequest.ofUser("Hi").model("m").build()).content())
					.isEqualTo("ok");
			});
		gateway.verify(5, getRequestedFor(urlEqualTo("/v1/models")));
	}

	@Test
	void disabledByProperty() {
		runner("management.health.aiapi.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AiApiHealthIndicator.class));
	}

	@Test
	void absentWithoutActuatorHealth() {
		// the health auto-configuration is not imported, as in an application without spring-boot-health
		new ApplicationContextRunner().withUserConfiguration(WithoutHealth.class)
			.withPropertyValues("aiapi.api-key=" + KEY)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(AiApiHealthIndicator.class);
				assertThat(context).hasSingleBean(AiApiTemplate.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ WebClientAutoConfiguration.class, AiApiAutoConfiguration.class })
	static class WithoutHealth {

	}

}
