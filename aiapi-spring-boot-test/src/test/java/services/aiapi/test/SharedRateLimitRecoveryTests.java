package services.aiapi.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import services.aiapi.AiApiTemplate;
import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.autoconfigure.AiApiSharedRateLimitAutoConfiguration;
import services.aiapi.error.ClientRateLimitedException;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.SharedRateLimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The shared limit as a new user meets it (issue 22, defects 3 to 5): a fresh bucket, a Redis outage, a Redis that
 * never answers at start-up — against a real Redis the test starts.
 */
@ExtendWith(OutputCaptureExtension.class)
class SharedRateLimitRecoveryTests {

	private static final String KEY = "sk-recovery-key-00000000001";

	private static final int LIMIT = 10;

	private static RedisServerProcess redis;

	private static AiApiSimulator simulator;

	@BeforeAll
	static void start() {
		redis = new RedisServerProcess();
		simulator = AiApiSimulator.builder()
			.dialect(Dialect.NEW_API)
			.key(KEY, AiApiSimulator.KeySettings.unlimited())
			.build()
			.start();
	}

	@AfterAll
	static void stop() {
		simulator.stop();
		redis.close();
	}

	@BeforeEach
	void flush() {
		if (!redis.isUp()) {
			redis.start();
		}
		redis.flushAll();
	}

	private static ApplicationContextRunner instance(String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class,
					AiApiSharedRateLimitAutoConfiguration.class, DataRedisAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=" + simulator.baseUrl(), "aiapi.api-key=" + KEY,
					"aiapi.default-model=gemini-2.5-flash", "aiapi.retry.enabled=false",
					"aiapi.rate-limiter.limit-for-period=" + LIMIT, "aiapi.rate-limiter.limit-refresh-period=1m",
					"aiapi.rate-limiter.shared.enabled=true", "aiapi.rate-limiter.shared.redis-url=" + redis.url(),
					"aiapi.rate-limiter.shared.command-timeout=250ms",
					"aiapi.rate-limiter.shared.recheck-interval=200ms")
			.withPropertyValues(properties);
	}

	private static void call(AiApiTemplate template) {
		template.chat(ChatCompletionRequest.ofUser("Hi").build());
	}

	@Test
	void aFreshBucketAllowsTheWholeLimitAndARefusalSaysTheRealWait() throws InterruptedException {
		// the window is the minute: keep the test inside one
		long intoMinute = System.currentTimeMillis() % 60_000;
		if (intoMinute > 50_000) {
			Thread.sleep(60_000 - intoMinute + 50);
		}
		instance("aiapi.rate-limiter.timeout-duration=100ms").run((context) -> {
			SharedRateLimitRedisTests.awaitShared(context);
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			// was: 2 of 10 right after start (the first window prorated)
			for (int i = 0; i < LIMIT; i++) {
				call(template);
			}
			ClientRateLimitedException refused = catchThrowableOfType(ClientRateLimitedException.class,
					() -> call(template));
			long toWindowEnd = 60_000 - System.currentTimeMillis() % 60_000;
			assertThat(refused.getRetryAfter()).hasValueSatisfying((wait) -> assertThat(wait.toMillis())
				.as("Retry-After against the %d ms to the window's end", toWindowEnd)
				.isBetween(toWindowEnd - 1500, toWindowEnd + 1500));
			assertThat(refused.getMessage()).contains("the shared limit of 10 requests per 1m")
				.contains("aiapi.rate-limiter.limit-for-period")
				.contains("the next permit is free in")
				.contains("aiapi.rate-limiter.timeout-duration=100ms")
				.doesNotContain("PT1M");
			// Redis restarted empty (or flushed): a new bucket, whole again
			redis.flushAll();
			for (int i = 0; i < LIMIT; i++) {
				call(template);
			}
			assertThat(context.getBean(AiApiResilience.class).getSharedRateLimiter().isActive()).isTrue();
		});
	}

	@Test
	void aRedisOutageIsOneWarnLineInOurWordsAndNoReconnectionNoise(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("services.aiapi.resilience.redis", LogLevel.INFO);
		AtomicInteger outageFrom = new AtomicInteger();
		// this test is about Redis, not the limit: generous enough for the outage's calls on the local limiter
		instance("aiapi.rate-limiter.limit-for-period=1000").run((context) -> {
			SharedRateLimitRedisTests.awaitShared(context);
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			SharedRateLimiter shared = context.getBean(AiApiResilience.class).getSharedRateLimiter();
			call(template);
			// what the outage logs, from here on (a Redis restarted by an earlier test may have refused the first
			// connection, which is logged too, and is not this outage)
			outageFrom.set(output.getAll().length());
			redis.stop();
			long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
			int calls = 0;
			while (System.nanoTime() < until) {
				call(template);
				calls++;
				Thread.sleep(20);
			}
			assertThat(shared.isActive()).isFalse();
			assertThat(shared.state()).containsEntry("mode", "local (Redis unavailable)");
			redis.start();
			// one call per recheck interval tries Redis again
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (!shared.isActive() && System.nanoTime() < deadline) {
				call(template);
				Thread.sleep(50);
			}
			assertThat(shared.isActive()).as("back on the shared limit").isTrue();
			assertThat(calls).as("calls during the outage").isGreaterThan(20);
		});
		logging.setLogLevel("services.aiapi.resilience.redis", null);
		String log = output.getAll();
		assertThat(log.substring(outageFrom.get()).split("Shared rate limit unavailable", -1))
			.as("WARN lines for one outage")
			.hasSize(2);
		assertThat(log).contains("Shared rate limit back")
			.doesNotContain("Cannot reconnect")
			.doesNotContain("Did not observe any item")
			.doesNotContain(KEY);
	}

	@Test
	void startUpNeverWaitsForRedisNorLooksUpBeansFromAnotherThread(CapturedOutput output) throws IOException {
		// a Redis that accepts connections and never answers: the old start-up waited 2 s for it
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
			long start = System.nanoTime();
			instance("aiapi.rate-limiter.shared.redis-url=", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + silent.getLocalPort(), "spring.data.redis.timeout=10s")
				.run((context) -> {
					long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
					assertThat(context).hasNotFailed();
					assertThat(millis).as("start-up, ms").isLessThan(1900);
					SharedRateLimiter shared = context.getBean(AiApiResilience.class).getSharedRateLimiter();
					assertThat(shared.isActive()).isFalse();
					// calls go on meanwhile, on the instance's own limit
					call(context.getBean(AiApiTemplate.class));
				});
		}
		assertThat(output.getAll()).doesNotContain("Obtaining singleton bean");
	}

}
