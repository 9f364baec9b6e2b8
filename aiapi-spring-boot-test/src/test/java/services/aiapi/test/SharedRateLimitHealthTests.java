package services.aiapi.test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import services.aiapi.AiApiTemplate;
import services.aiapi.model.ChatCompletionRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared limit on the application's own Redis (spring-boot-starter-data-redis) while that Redis is down, as the
 * README's health section describes it (issue 22, defect 4): readiness stays UP and answers fast; Boot's own
 * {@code redis} indicator reports Redis, and with {@code management.health.redis.enabled=false} the application's
 * health is UP too. A real Redis, stopped after the application used it.
 */
@ExtendWith(OutputCaptureExtension.class)
class SharedRateLimitHealthTests {

	private static RedisServerProcess redis;

	private static AiApiSimulator simulator;

	@BeforeAll
	static void start() {
		redis = new RedisServerProcess();
		simulator = AiApiSimulator.builder().key(AiApiSimulator.DEFAULT_API_KEY, AiApiSimulator.KeySettings.unlimited())
			.build()
			.start();
	}

	@AfterAll
	static void stop() {
		simulator.stop();
		redis.close();
	}

	private static ConfigurableApplicationContext application(String... properties) {
		return new SpringApplicationBuilder(HealthApplication.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "aiapi.base-url=" + simulator.baseUrl(),
					"aiapi.api-key=" + simulator.apiKey(), "aiapi.default-model=gemini-2.5-flash",
					"aiapi.rate-limiter.shared.enabled=true", "aiapi.rate-limiter.shared.recheck-interval=200ms",
					"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"management.endpoint.health.probes.enabled=true",
					"management.endpoint.health.probes.add-additional-paths=false",
					"management.endpoint.health.group.readiness.include=readinessState,aiapi",
					"management.endpoint.health.show-details=always")
			.properties(properties)
			.run();
	}

	private static void useThenStopRedis(ConfigurableApplicationContext context) throws InterruptedException {
		AiApiTemplate template = context.getBean(AiApiTemplate.class);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		var shared = context.getBean(services.aiapi.resilience.AiApiResilience.class).getSharedRateLimiter();
		while (!shared.isActive() && System.nanoTime() < deadline) {
			template.chat(ChatCompletionRequest.ofUser("Hi").build());
			Thread.sleep(20);
		}
		assertThat(shared.isActive()).isTrue();
		redis.stop();
		// calls go on, on the instance's own limit
		for (int i = 0; i < 5; i++) {
			template.chat(ChatCompletionRequest.ofUser("while Redis is down").build());
		}
	}

	private static String status(HealthDescriptor health) {
		return health.getStatus().getCode();
	}

	private static long millis(Runnable work) {
		long start = System.nanoTime();
		work.run();
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

	@Test
	void readinessStaysUpAndFastWhileTheApplicationsRedisIsDown() throws Exception {
		try (ConfigurableApplicationContext context = application("spring.data.redis.timeout=500ms")) {
			useThenStopRedis(context);
			HealthEndpoint health = context.getBean(HealthEndpoint.class);
			HealthDescriptor[] readiness = new HealthDescriptor[1];
			long took = millis(() -> readiness[0] = health.healthForPath("readiness"));
			assertThat(status(readiness[0])).isEqualTo("UP");
			assertThat(took).as("readiness answered in ms").isLessThan(2000);
			CompositeHealthDescriptor components = (CompositeHealthDescriptor) readiness[0];
			IndicatedHealthDescriptor aiapi = (IndicatedHealthDescriptor) components.getComponents().get("aiapi");
			assertThat(aiapi.getDetails().get("sharedRateLimit").toString()).contains("local (Redis unavailable)");
			// Boot's own redis indicator reports Redis itself, within spring.data.redis.timeout
			HealthDescriptor[] overall = new HealthDescriptor[1];
			long overallTook = millis(() -> overall[0] = health.health());
			assertThat(status(overall[0])).isEqualTo("DOWN");
			assertThat(overallTook).as("overall health answered in ms").isLessThan(3000);
			System.out.printf("Redis down: readiness UP in %d ms, overall DOWN (Boot's redis indicator) in %d ms%n",
					took, overallTook);
		}
		finally {
			redis.start();
		}
	}

	@Test
	void withBootsRedisIndicatorOffTheApplicationStaysUp(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = application("management.health.redis.enabled=false",
				"spring.data.redis.timeout=500ms")) {
			useThenStopRedis(context);
			HealthEndpoint health = context.getBean(HealthEndpoint.class);
			HealthDescriptor[] overall = new HealthDescriptor[1];
			long took = millis(() -> overall[0] = health.health());
			assertThat(status(overall[0])).isEqualTo("UP");
			assertThat(took).as("overall health answered in ms").isLessThan(2000);
			Thread.sleep(500);
		}
		finally {
			redis.start();
		}
		// one WARN of the starter's for the outage, none of Lettuce's reconnection loop (the limiter's client on the
		// application's Redis runs none)
		assertThat(output.getAll().split("Shared rate limit unavailable", -1)).hasSize(2);
		assertThat(output.getAll()).doesNotContain("Cannot reconnect").doesNotContain("ConnectionWatchdog");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class HealthApplication {

	}

}
