package services.aiapi.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import services.aiapi.AiApiCallOptions;
import services.aiapi.AiApiTemplate;
import services.aiapi.ReactiveAiApiTemplate;
import services.aiapi.actuate.AiApiEndpoint;
import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.autoconfigure.AiApiEndpointAutoConfiguration;
import services.aiapi.autoconfigure.AiApiHealthAutoConfiguration;
import services.aiapi.autoconfigure.AiApiMetricsAutoConfiguration;
import services.aiapi.autoconfigure.AiApiQuotaAutoConfiguration;
import services.aiapi.error.InvalidApiKeyException;
import services.aiapi.error.NoUsableApiKeyException;
import services.aiapi.error.RequestValidationException;
import services.aiapi.health.AiApiHealthIndicator;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.messages.MessageRequest;
import services.aiapi.quota.AiApiKeyBalances;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.ApiKeyPool;
import services.aiapi.resilience.PooledKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A pool of keys against the simulator, whose keys have balances, limits and revocations of their own: a key that
 * runs out of balance mid-load fails no call and gets none until its balance is back; a revoked key is left until a
 * probe goes through; a rate-limited key hands its call to a free one; every key is shown by name and masked
 * suffix only.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyPoolTests {

	static final TestClock clock = new TestClock(Instant.parse("2026-12-04T12:00:00Z"));

	private static final String RICH = "sk-pool-rich-0000000000a1";

	private static final String POOR = "sk-pool-poor-0000000000b2";

	private static final String SPARE = "sk-pool-spare-000000000c3";

	private static final String SLOW = "sk-pool-slow-0000000000d4";

	@RegisterExtension
	static AiApiSimulatorExtension gateway = new AiApiSimulatorExtension(AiApiSimulator.builder()
		.clock(clock)
		.key(RICH, AiApiSimulator.KeySettings.unlimited())
		.key(POOR, new AiApiSimulator.KeySettings(5, 0))
		.key(SPARE, AiApiSimulator.KeySettings.unlimited())
		.key(SLOW, new AiApiSimulator.KeySettings(-1, 2)));

	private ApplicationContextRunner runner(String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class,
					AiApiQuotaAutoConfiguration.class, AiApiHealthAutoConfiguration.class,
					AiApiMetricsAutoConfiguration.class, AiApiEndpointAutoConfiguration.class,
					MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class))
			.withBean(Clock.class, () -> clock)
			.withPropertyValues("aiapi.base-url=" + gateway.simulator().baseUrl(),
					"aiapi.default-model=gemini-2.5-flash", "aiapi.retry.wait-duration=1ms",
					"aiapi.retry.max-wait-duration=2ms", "aiapi.key-pool.probe-interval=1m",
					"management.endpoints.web.exposure.include=aiapi")
			.withPropertyValues(properties);
	}

	private static String[] keys(String... nameAndKey) {
		List<String> properties = new ArrayList<>();
		for (int i = 0; i < nameAndKey.length / 2; i++) {
			properties.add("aiapi.api-keys[" + i + "].name=" + nameAndKey[2 * i]);
			properties.add("aiapi.api-keys[" + i + "].key=" + nameAndKey[2 * i + 1]);
		}
		return properties.toArray(String[]::new);
	}

	private static long poolCalls(String key) {
		return gateway.simulator()
			.requests()
			.stream()
			.filter((request) -> key.equals(request.key()) && !request.path().equals("/v1/models"))
			.count();
	}

	private static int chats(String key) {
		return gateway.simulator().requestCount(key, "/v1/chat/completions");
	}

	@Test
	void aKeyThatRunsOutOfBalanceMidLoadFailsNoCallAndGetsNoneUntilItsBalanceIsBack(CapturedOutput output)
			throws Exception {
		runner(keys("rich", RICH, "poor", POOR, "spare", SPARE)).withPropertyValues("aiapi.quota.enabled=true")
			.run((context) -> {
				AiApiTemplate template = context.getBean(AiApiTemplate.class);
				ExecutorService callers = Executors.newFixedThreadPool(4);
				try {
					List<Future<String>> calls = new ArrayList<>();
					for (int i = 0; i < 60; i++) {
						calls.add(callers.submit(() -> template.chat("Hello").content()));
					}
					for (Future<String> call : calls) {
						assertThat(call.get()).isNotBlank();
					}
				}
				finally {
					callers.shutdown();
				}
				// the poor key served its five calls and was refused for quota (once per call in flight on it when it
				// ran out, at most one per caller): every refused call moved on, and the key got no more
				int refusedOnPoor = chats(POOR) - 5;
				assertThat(refusedOnPoor).isBetween(1, 4);
				assertThat(chats(RICH) + chats(SPARE)).isEqualTo(55);
				PooledKey poor = context.getBean(AiApiResilience.class).getKeyPool().get("poor");
				assertThat(poor.getOut()).isEqualTo(PooledKey.Out.EXHAUSTED);
				for (int i = 0; i < 6; i++) {
					template.chat("Hello");
				}
				assertThat(chats(POOR)).isEqualTo(5 + refusedOnPoor);
				// topped up: the next read of its balance shows money, and it takes calls again
				gateway.simulator().topUp(POOR, 10);
				clock.advance(Duration.ofSeconds(1));
				context.getBean(AiApiKeyBalances.class).getBalances().get("poor").refresh().block(Duration.ofSeconds(5));
				for (int i = 0; i < 6; i++) {
					template.chat("Hello");
				}
				assertThat(chats(POOR)).isGreaterThan(5 + refusedOnPoor);
				assertThat(poor.getOut()).isNull();
				assertThat(context.getBean(MeterRegistry.class).get("aiapi.key.moves").tag("key", "poor").functionCounter()
					.count()).isEqualTo(refusedOnPoor);
			});
		assertThat(output.getAll()).contains("aiapi key poor (****00b2) is out of the pool (EXHAUSTED")
			.contains("aiapi key poor (****00b2) is back in the pool")
			.doesNotContain(RICH, POOR, SPARE);
	}

	@Test
	void aRevokedKeyIsLeftUntilAProbeAfterTheIntervalGoesThrough() {
		gateway.simulator().revoke(RICH);
		runner(keys("first", RICH, "second", SPARE)).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			for (int i = 0; i < 5; i++) {
				assertThat(template.chat("Hello").content()).isNotBlank();
			}
			assertThat(chats(RICH)).isEqualTo(1);
			assertThat(chats(SPARE)).isEqualTo(5);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("aiapi.key.calls").tag("key", "first").functionCounter().count()).isOne();
			assertThat(registry.get("aiapi.key.calls").tag("key", "second").functionCounter().count()).isEqualTo(5);
			assertThat(registry.get("aiapi.key.moves").tag("key", "first").functionCounter().count()).isOne();
			// a probe after the interval: still revoked, so the call moves on and nothing fails
			clock.advance(Duration.ofSeconds(61));
			for (int i = 0; i < 3; i++) {
				assertThat(template.chat("Hello").content()).isNotBlank();
			}
			assertThat(chats(RICH)).isEqualTo(2);
			// reinstated: the next probe goes through and the key is back
			gateway.simulator().reinstate(RICH);
			clock.advance(Duration.ofSeconds(61));
			for (int i = 0; i < 4; i++) {
				template.chat("Hello");
			}
			assertThat(chats(RICH)).isGreaterThanOrEqualTo(4);
			assertThat(context.getBean(AiApiResilience.class).getKeyPool().get("first").getOut()).isNull();
		});
	}

	@Test
	void aKeyTheGatewaySaysHasNoRequestsLeftRestsWhileAnotherTakesTheCalls() {
		// the slow key's second answer says no requests remain until its window ends: it rests, unasked
		runner(keys("slow", SLOW, "spare", SPARE)).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			for (int i = 0; i < 8; i++) {
				assertThat(template.chat("Hello").content()).isNotBlank();
			}
		});
		assertThat(gateway.simulator().rateLimitedCount(SLOW)).isZero();
		assertThat(chats(SLOW)).isEqualTo(2);
		assertThat(chats(SPARE)).isEqualTo(6);
	}

	@Test
	void aRateLimitedKeyHandsItsCallToAFreeKeyAtOnce() {
		// without the advertised figures (adaptive off), the slow key's third call gets a 429 asking to wait until
		// its window ends: the call goes to the free key at once, and the slow key rests
		runner(keys("slow", SLOW, "spare", SPARE)).withPropertyValues("aiapi.rate-limiter.adaptive=false",
				"aiapi.retry.max-retry-after=60s", "aiapi.retry.max-total-wait=60s").run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			long start = System.nanoTime();
			for (int i = 0; i < 8; i++) {
				assertThat(template.chat("Hello").content()).isNotBlank();
			}
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		});
		assertThat(gateway.simulator().rateLimitedCount(SLOW)).isEqualTo(1);
		assertThat(chats(SLOW)).isEqualTo(3);
		assertThat(chats(SPARE)).isEqualTo(6);
	}

	@Test
	void aCallCanNameItsKeyAndThenNeverMoves() {
		gateway.simulator().revoke(RICH);
		runner(keys("first", RICH, "second", SPARE)).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			assertThat(catchThrowable(() -> template.withOptions(AiApiCallOptions.builder().apiKey("first").build())
				.chat("Hello"))).isInstanceOf(InvalidApiKeyException.class);
			assertThat(template.withOptions(AiApiCallOptions.builder().apiKey("second").build()).chat("Hello")
				.content()).isNotBlank();
			assertThat(catchThrowable(() -> template.withOptions(AiApiCallOptions.builder().apiKey("third").build())
				.chat("Hello"))).isInstanceOf(RequestValidationException.class)
				.hasMessageContaining("no key named 'third'")
				.hasMessageContaining("first, second");
		});
		assertThat(chats(RICH)).isEqualTo(1);
		assertThat(chats(SPARE)).isEqualTo(1);
	}

	@Test
	void whenNoKeyIsUsableTheCallFailsTypedAndHealthIsDown() {
		gateway.simulator().revoke(RICH);
		gateway.simulator().revoke(SPARE);
		runner(keys("first", RICH, "second", SPARE)).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			// each key refuses once: the last refusal is the call's failure
			assertThat(catchThrowable(() -> template.chat("Hello"))).isInstanceOf(InvalidApiKeyException.class);
			// then no key is usable: nothing is sent
			Throwable failure = catchThrowable(() -> template.chat("Hello"));
			assertThat(failure).isInstanceOf(NoUsableApiKeyException.class)
				.hasMessageContaining("first ****00a1 REVOKED")
				.hasMessageContaining("second ****0c3 REVOKED".replace("****0c3", "****00c3"));
			assertThat(failure.getMessage()).doesNotContain(RICH, SPARE);
			assertThat(chats(RICH) + chats(SPARE)).isEqualTo(2);
			Health health = context.getBean(AiApiHealthIndicator.class).health(true).block(Duration.ofSeconds(5));
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("usableKeys", 0);
		});
	}

	@Test
	void streamsAndTheMessagesApiMoveOffARevokedKeyToo() {
		gateway.simulator().revoke(RICH);
		runner(keys("first", RICH, "second", SPARE)).run((context) -> {
			ReactiveAiApiTemplate template = context.getBean(ReactiveAiApiTemplate.class);
			assertThat(template.chatStream(ChatCompletionRequest.ofUser("Tell me a story").build())
				.collectList()
				.block(Duration.ofSeconds(10))).isNotEmpty();
			assertThat(template.createMessage(MessageRequest.of("Hello", 100).build()).block(Duration.ofSeconds(10))
				.content()).isNotEmpty();
		});
		assertThat(gateway.simulator().requestCount(RICH, "/v1/chat/completions")).isEqualTo(1);
		assertThat(gateway.simulator().requestCount(SPARE, "/v1/chat/completions")).isEqualTo(1);
		assertThat(gateway.simulator().requestCount(SPARE, "/v1/messages")).isEqualTo(1);
	}

	@Test
	void everyKeyIsShownByNameAndMaskedSuffixOnly() {
		gateway.simulator().revoke(RICH);
		runner(keys("first", RICH, "second", SPARE)).withPropertyValues("aiapi.quota.enabled=true").run((context) -> {
			context.getBean(AiApiTemplate.class).chat("Hello");
			String endpoint = JsonMapper.builder().build()
				.writeValueAsString(context.getBean(AiApiEndpoint.class).describe());
			assertThat(endpoint).contains("\"name\":\"first\"", "\"key\":\"****00a1\"", "\"state\":\"REVOKED\"",
					"\"name\":\"second\"", "\"state\":\"IN_USE\"")
				.doesNotContain(RICH, SPARE);
			Health health = context.getBean(AiApiHealthIndicator.class).health(true).block(Duration.ofSeconds(5));
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("usableKeys", 1);
			assertThat(JsonMapper.builder().build().writeValueAsString(health.getDetails())).doesNotContain(RICH, SPARE);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("aiapi.key.in-use").tag("key", "first").gauge().value()).isZero();
			assertThat(registry.get("aiapi.key.in-use").tag("key", "second").gauge().value()).isOne();
			// the chat's attempt on each key, and each key's balance reads that ended (a read cancelled beside a
			// failed one — the two billing routes are read together — is not counted, though it may have been sent)
			assertThat(registry.get("aiapi.key.calls").tag("key", "first").functionCounter().count())
				.isBetween(1.0, (double) poolCalls(RICH));
			assertThat(registry.get("aiapi.key.calls").tag("key", "second").functionCounter().count())
				.isBetween(1.0, (double) poolCalls(SPARE));
			assertThat(registry.get("aiapi.quota.remaining").tag("key", "second").gauge()).isNotNull();
			assertThat(registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().toString())
				.doesNotContain(RICH, SPARE));
			assertThat(context.getBean(AiApiResilience.class).getKeyPool().toString()).doesNotContain(RICH, SPARE);
		});
	}

	@Test
	void aGatewayMessageThatEchoesAnyKeyOfThePoolIsRedacted() {
		gateway.simulator().respondNext(ScriptedResponse.json(401,
				"{\"error\":{\"message\":\"token " + SPARE + " or " + RICH + " is not valid\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
		runner(keys("first", RICH, "second", SPARE)).run((context) -> {
			Throwable failure = catchThrowable(() -> context.getBean(AiApiTemplate.class)
				.withOptions(AiApiCallOptions.builder().apiKey("first").build())
				.chat("Hello"));
			assertThat(failure).isInstanceOf(InvalidApiKeyException.class)
				.hasMessageContaining("****00c3")
				.hasMessageContaining("****00a1");
			assertThat(failure.getMessage()).doesNotContain(RICH, SPARE);
		});
	}

	@Test
	void theStartersWebClientSendsThePoolsFirstUsableKey() {
		runner(keys("first", RICH, "second", SPARE)).run((context) -> {
			org.springframework.web.reactive.function.client.WebClient client = context.getBean("aiApiWebClient",
					org.springframework.web.reactive.function.client.WebClient.class);
			assertThat(client.get().uri("/v1/models").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(5)))
				.contains("gemini-2.5-flash");
		});
		assertThat(gateway.simulator().requestCount(RICH, "/v1/models")).isOne();
	}

	@Test
	void aPoolOfKeysWithALowTotalBalanceIsLowQuota() {
		runner(keys("poor", POOR)).withPropertyValues("aiapi.quota.enabled=true", "aiapi.quota.warn-below=1000")
			.run((context) -> {
				ApiKeyPool pool = context.getBean(AiApiResilience.class).getKeyPool();
				context.getBean(AiApiKeyBalances.class).getBalances().get("poor").refresh().block(Duration.ofSeconds(5));
				assertThat(pool.totalBalanceUsd()).isNotNull().isLessThan(1000);
				Health health = context.getBean(AiApiHealthIndicator.class).health(true).block(Duration.ofSeconds(5));
				assertThat(health.getStatus().getCode()).isEqualTo(AiApiHealthIndicator.LOW_QUOTA);
				assertThat(health.getDetails()).containsKey("quota");
			});
	}

	@Test
	void aPoolAndASingleKeyTogetherAreRefusedWithAnAnalysis() {
		runner(keys("first", RICH)).withPropertyValues("aiapi.api-key=" + SPARE)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("both aiapi.api-key and aiapi.api-keys are set"));
	}

	@Test
	void quotaErrorsOfAKeyArePoolBusinessNotTheCallers() {
		runner(keys("poor", POOR, "rich", RICH)).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			for (int i = 0; i < 12; i++) {
				template.chat("Hello");
			}
			assertThat(chats(POOR)).isEqualTo(6);
			// without balance reads, the spent key gets a probe after the interval (still spent: moves on, no failure)
			clock.advance(Duration.ofSeconds(61));
			template.chat("Hello");
			assertThat(chats(POOR)).isEqualTo(7);
			Map<String, Object> description = context.getBean(AiApiEndpoint.class).describe();
			assertThat(description.toString()).contains("EXHAUSTED").doesNotContain(POOR);
		});
	}

}
