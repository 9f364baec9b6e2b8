package services.aiapi.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;

import services.aiapi.AiApiTemplate;
import services.aiapi.actuate.AiApiEndpoint;
import services.aiapi.autoconfigure.AiApiEndpointAutoConfiguration;
import services.aiapi.autoconfigure.AiApiHealthAutoConfiguration;
import services.aiapi.autoconfigure.AiApiMetricsAutoConfiguration;
import services.aiapi.health.AiApiHealthIndicator;
import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.autoconfigure.AiApiSharedRateLimitAutoConfiguration;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.SharedRateLimiter;
import services.aiapi.resilience.redis.RedisSharedRateLimiter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One key, many instances, one limit: application contexts sharing the limit through a real Redis server that the
 * test starts (and stops, and starts again), against the simulator enforcing the key's limit per window.
 */
class SharedRateLimitRedisTests {

	private static final String KEY = "sk-fleet-key-000000000001";

	private static final String OTHER_KEY = "sk-fleet-key-000000000002";

	private static final String UNLIMITED_KEY = "sk-fleet-key-000000000003";

	// the key's limit: L requests per 1 s window
	private static final int LIMIT = 20;

	private static final Duration WINDOW = Duration.ofSeconds(1);

	// several contexts warming up at once on two cores: Redis answers take tens of milliseconds at first, and a
	// fall-back to the local limit would let the gateway see up to N times the limit
	private static final String LOADED = "aiapi.rate-limiter.shared.command-timeout=250ms";

	private static RedisServerProcess redis;

	private static AiApiSimulator simulator;

	@BeforeAll
	static void start() {
		redis = new RedisServerProcess();
		simulator = AiApiSimulator.builder()
			.dialect(Dialect.NEW_API)
			.rateWindow(WINDOW)
			.key(KEY, new AiApiSimulator.KeySettings(-1, LIMIT))
			.key(OTHER_KEY, new AiApiSimulator.KeySettings(-1, LIMIT))
			.key(UNLIMITED_KEY, AiApiSimulator.KeySettings.unlimited())
			.build()
			.start();
	}

	@AfterAll
	static void stop() {
		simulator.stop();
		redis.close();
	}

	@BeforeEach
	void reset() {
		simulator.reset();
		simulator.setDialect(Dialect.NEW_API);
		redis.flushAll();
	}

	private static ApplicationContextRunner instance(String key, String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class,
					AiApiSharedRateLimitAutoConfiguration.class, DataRedisAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=" + simulator.baseUrl(), "aiapi.api-key=" + key,
					"aiapi.default-model=gemini-2.5-flash", "aiapi.retry.enabled=false",
					"aiapi.rate-limiter.limit-for-period=" + LIMIT,
					"aiapi.rate-limiter.limit-refresh-period=" + WINDOW.toMillis() + "ms",
					"aiapi.rate-limiter.timeout-duration=5s", "aiapi.rate-limiter.shared.enabled=true",
					"aiapi.rate-limiter.shared.redis-url=" + redis.url(),
					"aiapi.rate-limiter.shared.recheck-interval=200ms")
			.withPropertyValues(properties);
	}

	// an instance with a pool of the two limited keys, each key's limit shared through Redis
	private static ApplicationContextRunner poolInstance(String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class,
					AiApiSharedRateLimitAutoConfiguration.class, DataRedisAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=" + simulator.baseUrl(), "aiapi.api-keys[0].name=first",
					"aiapi.api-keys[0].key=" + KEY, "aiapi.api-keys[1].name=second",
					"aiapi.api-keys[1].key=" + OTHER_KEY, "aiapi.default-model=gemini-2.5-flash",
					"aiapi.retry.enabled=false", "aiapi.rate-limiter.limit-for-period=" + LIMIT,
					"aiapi.rate-limiter.limit-refresh-period=" + WINDOW.toMillis() + "ms",
					"aiapi.rate-limiter.timeout-duration=5s", "aiapi.rate-limiter.shared.enabled=true",
					"aiapi.rate-limiter.shared.redis-url=" + redis.url(),
					"aiapi.rate-limiter.shared.recheck-interval=200ms")
			.withPropertyValues(properties);
	}

	// the limiter connects in the background once the context has started: wait for it before measuring
	static void awaitShared(org.springframework.context.ApplicationContext context) {
		services.aiapi.resilience.ApiKeyPool pool = context.getBean(AiApiResilience.class).getKeyPool();
		if (pool != null) {
			// a key pool: each key's own shared limit
			pool.getKeys().forEach((key) -> awaitActive(key.getSharedRateLimiter()));
			return;
		}
		awaitActive(context.getBean(AiApiResilience.class).getSharedRateLimiter());
	}

	private static void awaitActive(SharedRateLimiter shared) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!shared.isActive() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		assertThat(shared.isActive()).as("connected to Redis within 10 s").isTrue();
	}

	private static List<ConfigurableApplicationContext> fleet(int size, String key) {
		List<ConfigurableApplicationContext> contexts = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			instance(key).run((context) -> {
				assertThat(context).hasNotFailed();
				contexts.add(context);
			});
		}
		return contexts;
	}

	@Test
	void eightInstancesKeepToOneLimitAndUseIt() throws Exception {
		List<Instance> fleet = new ArrayList<>();
		try {
			for (int i = 0; i < 8; i++) {
				fleet.add(Instance.start(instance(KEY, LOADED)));
			}
			assertThat(fleet).allSatisfy((instance) -> assertThat(instance.shared().isActive()).isTrue());
			// every instance calls as fast as its permits allow, two calls at a time each
			Load load = Load.start(fleet, 2);
			Instant from = nextWindow(Instant.now().plus(WINDOW));
			int windows = 5;
			Instant to = from.plus(WINDOW.multipliedBy(windows));
			sleepUntil(to.plusMillis(300));
			load.stop();
			long fallbacks = fleet.stream()
				.mapToLong((instance) -> ((RedisSharedRateLimiter) instance.shared()).getFallbacks())
				.sum();
			long accepted = acceptedBetween(from, to);
			// the windows before `from` are the warm-up: the first reservations of eight cold contexts may take
			// longer than the command timeout, and those calls keep to the local limit, as documented
			System.out.printf("fleet of 8: requests per window (one before and after the measured ones) %s, 429s "
					+ "in the measured windows: %d, in all: %d, fallbacks: %d%n", perWindow(from, to),
					simulator.rateLimitedCount(KEY, from, to), simulator.rateLimitedCount(KEY), fallbacks);
			assertThat(simulator.rateLimitedCount(KEY, from, to)).as("429s from the gateway").isZero();
			assertThat(load.failures).as("failed calls").isEmpty();
			double rate = accepted / (double) windows;
			assertThat(rate).as("accepted per window, limit %d", LIMIT).isBetween(LIMIT * 0.95, LIMIT * 1.05);
			System.out.printf(
					"fleet of 8: %d calls in %d windows of %s = %.2f per window (limit %d), 429s: %d, fallbacks: %d, "
							+ "calls completed: %d%n",
					accepted, windows, WINDOW, rate, LIMIT, simulator.rateLimitedCount(KEY), fallbacks,
					load.completed.get());
		}
		finally {
			fleet.forEach(Instance::close);
		}
	}

	@Test
	void aFleetOfFourWithTwoKeysKeepsToEachKeysLimitAndGetsTheSumOfBoth() throws Exception {
		List<Instance> fleet = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				fleet.add(Instance.start(poolInstance(LOADED)));
			}
			Load load = Load.start(fleet, 3);
			Instant from = nextWindow(Instant.now().plus(WINDOW));
			int windows = 5;
			Instant to = from.plus(WINDOW.multipliedBy(windows));
			sleepUntil(to.plusMillis(300));
			load.stop();
			List<Long> first = perWindow(KEY, from, to);
			List<Long> second = perWindow(OTHER_KEY, from, to);
			int rejected = simulator.rateLimitedCount(KEY, from, to) + simulator.rateLimitedCount(OTHER_KEY, from, to);
			long fallbacks = fleet.stream()
				.flatMap((instance) -> instance.context().getBean(AiApiResilience.class).getKeyPool().getKeys().stream())
				.mapToLong((key) -> key.getSharedRateLimiter().getFallbacks())
				.sum();
			long moves = fleet.stream()
				.flatMap((instance) -> instance.context().getBean(AiApiResilience.class).getKeyPool().getKeys().stream())
				.mapToLong(services.aiapi.resilience.PooledKey::getMovedAway)
				.sum();
			long accepted = acceptedBetween(from, to);
			System.out.printf("fleet of 4, two keys of %d per %s: per window (one before and after the measured ones) "
					+ "first %s, second %s; %d calls in %d windows = %.2f per window; 429s in the measured windows: %d, "
					+ "in all: %d; shared-limit fallbacks: %d; key moves: %d; calls completed: %d%n", LIMIT, WINDOW,
					first, second, accepted, windows, accepted / (double) windows, rejected,
					simulator.rateLimitedCount(KEY) + simulator.rateLimitedCount(OTHER_KEY), fallbacks, moves,
					load.completed.get());
			assertThat(load.failures).as("failed calls").isEmpty();
			assertThat(rejected).as("429s from the gateway").isZero();
			// each key keeps to its own limit in every measured window, and the fleet gets the sum of both
			assertThat(first.subList(1, first.size() - 1)).allSatisfy((count) -> assertThat(count).isLessThanOrEqualTo(LIMIT));
			assertThat(second.subList(1, second.size() - 1)).allSatisfy((count) -> assertThat(count).isLessThanOrEqualTo(LIMIT));
			double rate = accepted / (double) windows;
			assertThat(rate).as("accepted per window, two keys of %d", LIMIT).isBetween(2 * LIMIT * 0.95, 2 * LIMIT * 1.05);
		}
		finally {
			fleet.forEach(Instance::close);
		}
	}

	@Test
	void aPauseLearnedByOneInstanceHoldsEveryInstance() throws Exception {
		List<Instance> fleet = new ArrayList<>();
		try {
			for (int i = 0; i < 8; i++) {
				// this test is about the pause reaching every instance: a Redis answer slowed by a loaded machine must
				// not send one of them to its local limit (which knows no pause), as the default 50 ms could
				fleet.add(Instance.start(instance(KEY, LOADED)));
			}
			simulator.respondNext(ScriptedResponse.json(200, completionJson())
				.withHeader("X-RateLimit-Limit-Requests", Integer.toString(LIMIT))
				.withHeader("X-RateLimit-Remaining-Requests", "0")
				.withHeader("X-RateLimit-Reset-Requests", "2"));
			Instant before = Instant.now();
			fleet.get(0).template().chat(ChatCompletionRequest.ofUser("first").build());
			Instant reset = before.plusSeconds(2);
			int sentBefore = simulator.requestCount();
			ExecutorService callers = Executors.newFixedThreadPool(8);
			List<java.util.concurrent.Future<?>> calls = new ArrayList<>();
			for (Instance instance : fleet) {
				calls.add(callers.submit(() -> instance.template().chat(ChatCompletionRequest.ofUser("after").build())));
			}
			for (var call : calls) {
				call.get(10, TimeUnit.SECONDS);
			}
			callers.shutdown();
			List<RecordedRequest> after = simulator.requests().subList(sentBefore, simulator.requestCount());
			assertThat(after).hasSize(8);
			assertThat(after).allSatisfy((request) -> assertThat(request.receivedAt()).isAfterOrEqualTo(reset));
		}
		finally {
			fleet.forEach(Instance::close);
		}
	}

	@Test
	void aLimitAdvertisedToOneInstanceBecomesTheFleetsLimit() throws Exception {
		List<Instance> fleet = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				fleet.add(Instance.start(instance(KEY, LOADED)));
			}
			// the gateway tells one instance that the key's limit is 5 per window
			simulator.respondNext(ScriptedResponse.json(200, completionJson())
				.withHeader("X-RateLimit-Limit-Requests", "5")
				.withHeader("X-RateLimit-Remaining-Requests", "4"));
			fleet.get(0).template().chat(ChatCompletionRequest.ofUser("first").build());
			Thread.sleep(100);
			Load load = Load.start(fleet, 2);
			Instant from = nextWindow(Instant.now().plus(WINDOW));
			Instant to = from.plus(WINDOW.multipliedBy(3));
			sleepUntil(to.plusMillis(300));
			load.stop();
			long accepted = acceptedBetween(from, to);
			// all three instances, the two that never saw the header included, keep to 5 per window
			assertThat(accepted).isEqualTo(15);
			assertThat(fleet.get(0).shared().state()).containsEntry("limitForPeriod", 5L);
		}
		finally {
			fleet.forEach(Instance::close);
		}
	}

	@Test
	void redisStoppedAndStartedAgainNeverStopsCalls() throws Exception {
		simulator.setDialect(Dialect.NEW_API);
		List<Instance> fleet = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				// this test is about Redis, not the key's limit: the gateway is generous
				fleet.add(Instance.start(instance(UNLIMITED_KEY, "aiapi.rate-limiter.limit-for-period=1000")));
			}
			Load load = Load.start(fleet, 1);
			Thread.sleep(500);
			redis.stop();
			Thread.sleep(1500);
			int duringOutage = load.completed.get();
			assertThat(fleet).allSatisfy((instance) -> {
				assertThat(instance.shared().isActive()).isFalse();
				assertThat(instance.shared().state()).containsEntry("mode", "local (Redis unavailable)");
			});
			Thread.sleep(500);
			assertThat(load.completed.get()).as("calls go on while Redis is down").isGreaterThan(duringOutage + 10);
			redis.start();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (!fleet.stream().allMatch((instance) -> instance.shared().isActive()) && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(fleet).allSatisfy((instance) -> assertThat(instance.shared().isActive()).isTrue());
			load.stop();
			assertThat(load.failures).as("nothing lost").isEmpty();
			assertThat(load.slowest.get()).as("slowest call, ms").isLessThan(1000);
			assertThat(fleet).allSatisfy(
					(instance) -> assertThat(((RedisSharedRateLimiter) instance.shared()).getFallbacks()).isPositive());
			System.out.printf("Redis outage: %d calls, slowest %d ms, all instances back on the shared limit%n",
					load.completed.get(), load.slowest.get());
		}
		finally {
			if (!redisIsUp()) {
				redis.start();
			}
			fleet.forEach(Instance::close);
		}
	}

	@Test
	void slowRedisFallsBackWithinTheCommandTimeoutAndShowsInHealthMetricsAndTheEndpoint() {
		instance(UNLIMITED_KEY, "aiapi.rate-limiter.limit-for-period=1000",
				"aiapi.rate-limiter.shared.recheck-interval=10s", "management.endpoints.web.exposure.include=aiapi")
			.withConfiguration(AutoConfigurations.of(AiApiHealthAutoConfiguration.class,
					AiApiMetricsAutoConfiguration.class, AiApiEndpointAutoConfiguration.class,
					MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				awaitShared(context);
				AiApiTemplate template = context.getBean(AiApiTemplate.class);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				template.chat(ChatCompletionRequest.ofUser("Hi").build());
				assertThat(meters.get("aiapi.ratelimit.shared.active").gauge().value()).isEqualTo(1);
				assertThat(shared(context.getBean(AiApiEndpoint.class))).containsEntry("mode", "shared");
				// Redis holds every client for a second (CLIENT PAUSE): permits cannot come within 50 ms
				Thread sleeper = new Thread(() -> {
					try (RedisClient client = RedisClient.create(redis.url());
							StatefulRedisConnection<String, String> connection = client.connect()) {
						connection.sync().clientPause(1000);
					}
				});
				sleeper.start();
				Thread.sleep(100);
				long start = System.nanoTime();
				template.chat(ChatCompletionRequest.ofUser("while Redis sleeps").build());
				long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				assertThat(millis).as("a call while Redis is slow, ms").isLessThan(500);
				sleeper.join(5000);
				assertThat(meters.get("aiapi.ratelimit.shared.active").gauge().value()).isZero();
				assertThat(meters.get("aiapi.ratelimit.shared.fallbacks").functionCounter().count()).isPositive();
				assertThat(shared(context.getBean(AiApiEndpoint.class))).containsEntry("mode", "local (Redis unavailable)")
					.containsEntry("lastError",
							"Redis did not answer within 50ms (aiapi.rate-limiter.shared.command-timeout)");
				Health health = context.getBean(AiApiHealthIndicator.class).health(true).block(Duration.ofSeconds(5));
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails().get("sharedRateLimit").toString()).contains("local (Redis unavailable)")
					.doesNotContain(UNLIMITED_KEY);
				System.out.printf("a call while Redis slept: %d ms%n", millis);
			});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> shared(AiApiEndpoint endpoint) {
		Map<String, Object> rateLimiter = (Map<String, Object>) endpoint.describe().get("rateLimiter");
		return (Map<String, Object>) rateLimiter.get("shared");
	}

	@Test
	void twoKeysOnOneRedisKeepTheirOwnLimitsAndNeitherKeyIsStored() throws Exception {
		List<Instance> first = new ArrayList<>();
		List<Instance> second = new ArrayList<>();
		try {
			for (int i = 0; i < 2; i++) {
				first.add(Instance.start(instance(KEY, LOADED)));
				second.add(Instance.start(instance(OTHER_KEY, LOADED)));
			}
			List<Instance> all = new ArrayList<>(first);
			all.addAll(second);
			Load load = Load.start(all, 2);
			Instant from = nextWindow(Instant.now().plus(WINDOW));
			Instant to = from.plus(WINDOW.multipliedBy(3));
			sleepUntil(to.plusMillis(300));
			load.stop();
			assertThat(simulator.rateLimitedCount(KEY, from, to)).isZero();
			assertThat(simulator.rateLimitedCount(OTHER_KEY, from, to)).isZero();
			// each key got its own L per window, not half of one
			long accepted = acceptedBetween(from, to);
			assertThat(accepted / 3.0).isBetween(2 * LIMIT * 0.95, 2 * LIMIT * 1.05);
			try (RedisClient client = RedisClient.create(redis.url());
					StatefulRedisConnection<String, String> connection = client.connect()) {
				List<String> keys = connection.sync().keys("*");
				assertThat(keys).filteredOn((key) -> key.startsWith("aiapi:ratelimit:") && !key.endsWith("paused-until"))
					.hasSize(2);
				assertThat(keys).noneMatch((key) -> key.contains(KEY) || key.contains(OTHER_KEY));
			}
		}
		finally {
			first.forEach(Instance::close);
			second.forEach(Instance::close);
		}
	}

	@Test
	void theApplicationsOwnRedisConnectionIsUsedWhenNoUrlIsSet() {
		instance(KEY, "aiapi.rate-limiter.shared.redis-url=", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redis.port())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				awaitShared(context);
				AiApiTemplate template = context.getBean(AiApiTemplate.class);
				template.chat(ChatCompletionRequest.ofUser("Hi").build());
				SharedRateLimiter shared = context.getBean(AiApiResilience.class).getSharedRateLimiter();
				assertThat(shared.isActive()).isTrue();
				assertThat(shared.state()).containsEntry("mode", "shared").containsEntry("limitForPeriod", (long) LIMIT);
				assertThat(shared.state().toString()).doesNotContain(KEY);
			});
	}

	@Test
	void redisDownAtStartUpDoesNotStopTheApplication() {
		instance(KEY, "aiapi.rate-limiter.shared.redis-url=redis://127.0.0.1:1").run((context) -> {
			assertThat(context).hasNotFailed();
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			assertThat(template.chat(ChatCompletionRequest.ofUser("Hi").build()).content()).isNotBlank();
			SharedRateLimiter shared = context.getBean(AiApiResilience.class).getSharedRateLimiter();
			assertThat(shared.isActive()).isFalse();
			assertThat(shared.state().get("mode").toString()).startsWith("local");
		});
	}

	// how many chat requests reached the gateway in each window of [from - 1 window, to + 1 window)
	// chat requests with one key in each window, from one window before `from` to one after `to`
	private static List<Long> perWindow(String key, Instant from, Instant to) {
		List<Long> counts = new ArrayList<>();
		for (Instant start = from.minus(WINDOW); start.isBefore(to.plus(WINDOW)); start = start.plus(WINDOW)) {
			Instant end = start.plus(WINDOW);
			Instant windowStart = start;
			counts.add(simulator.requests()
				.stream()
				.filter((request) -> request.path().equals("/v1/chat/completions") && key.equals(request.key()))
				.filter((request) -> !request.receivedAt().isBefore(windowStart) && request.receivedAt().isBefore(end))
				.count());
		}
		return counts;
	}

	private static List<Long> perWindow(Instant from, Instant to) {
		List<Long> counts = new ArrayList<>();
		for (Instant start = from.minus(WINDOW); start.isBefore(to.plus(WINDOW)); start = start.plus(WINDOW)) {
			counts.add(acceptedBetween(start, start.plus(WINDOW)));
		}
		return counts;
	}

	// chat requests the gateway received in [from, to); with no 429 counted, each was accepted
	private static long acceptedBetween(Instant from, Instant to) {
		return simulator.requests()
			.stream()
			.filter((request) -> request.path().equals("/v1/chat/completions"))
			.filter((request) -> !request.receivedAt().isBefore(from) && request.receivedAt().isBefore(to))
			.count();
	}

	private static boolean redisIsUp() {
		try (RedisClient client = RedisClient.create(redis.url())) {
			client.connect().close();
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static String completionJson() {
		return "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gemini-2.5-flash\",\"choices\":[{\"index\":0,"
				+ "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}";
	}

	private static Instant nextWindow(Instant after) {
		long window = WINDOW.toMillis();
		return Instant.ofEpochMilli((after.toEpochMilli() / window + 1) * window);
	}

	private static void sleepUntil(Instant instant) throws InterruptedException {
		long millis = Duration.between(Instant.now(), instant).toMillis();
		if (millis > 0) {
			Thread.sleep(millis);
		}
	}

	/** One application instance: a context of its own, with its own client, limiter and Redis connection. */
	record Instance(ConfigurableApplicationContext context) implements AutoCloseable {

		static Instance start(ApplicationContextRunner runner) {
			ConfigurableApplicationContext[] holder = new ConfigurableApplicationContext[1];
			CountDownLatch started = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			Thread thread = new Thread(() -> runner.run((context) -> {
				holder[0] = context.getSourceApplicationContext();
				started.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
			thread.setDaemon(true);
			thread.start();
			try {
				assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
			RELEASES.put(holder[0], release);
			awaitShared(holder[0]);
			return new Instance(holder[0]);
		}

		AiApiTemplate template() {
			return this.context.getBean(AiApiTemplate.class);
		}

		SharedRateLimiter shared() {
			return this.context.getBean(AiApiResilience.class).getSharedRateLimiter();
		}

		@Override
		public void close() {
			CountDownLatch release = RELEASES.remove(this.context);
			if (release != null) {
				release.countDown();
			}
		}

	}

	private static final Map<ConfigurableApplicationContext, CountDownLatch> RELEASES = new java.util.concurrent.ConcurrentHashMap<>();

	/** Callers on each instance, calling back to back until stopped. */
	static final class Load {

		final AtomicBoolean running = new AtomicBoolean(true);

		final AtomicInteger completed = new AtomicInteger();

		final java.util.concurrent.atomic.AtomicLong slowest = new java.util.concurrent.atomic.AtomicLong();

		final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

		final List<Thread> threads = new ArrayList<>();

		// Each instance's first call is slow (a new connection, code not yet compiled): permits taken at the end of
		// one window would reach the gateway in the next, on top of its own limit, as they would from any client.
		// So each instance calls once first, and the load starts as a window opens.
		static Load start(List<Instance> instances, int perInstance) throws InterruptedException {
			for (Instance instance : instances) {
				instance.template().chat(ChatCompletionRequest.ofUser("warm-up").build());
			}
			sleepUntil(nextWindow(Instant.now()));
			Load load = new Load();
			for (Instance instance : instances) {
				for (int i = 0; i < perInstance; i++) {
					Thread thread = new Thread(() -> {
						AiApiTemplate template = instance.template();
						while (load.running.get()) {
							long start = System.nanoTime();
							try {
								template.chat(ChatCompletionRequest.ofUser("load").build());
								load.completed.incrementAndGet();
							}
							catch (RuntimeException ex) {
								load.failures.add(ex);
							}
							load.slowest.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
									Math::max);
						}
					});
					thread.setDaemon(true);
					thread.start();
					load.threads.add(thread);
				}
			}
			return load;
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join(10_000);
			}
		}

	}

}
