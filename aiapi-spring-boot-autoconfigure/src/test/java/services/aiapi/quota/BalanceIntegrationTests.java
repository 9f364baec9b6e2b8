package services.aiapi.quota;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import services.aiapi.AiApiTemplate;
import services.aiapi.ReactiveAiApiTemplate;
import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.autoconfigure.AiApiHealthAutoConfiguration;
import services.aiapi.autoconfigure.AiApiQuotaAutoConfiguration;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.health.AiApiHealthIndicator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * The key's balance with {@code aiapi.quota.enabled}: read from the billing routes on a schedule (virtual time),
 * low below the threshold and back, exhausted at once on a quota error, in gauges and in the health component.
 */
@ExtendWith(OutputCaptureExtension.class)
class BalanceIntegrationTests {

	@RegisterExtension
	static WireMockExtension gateway = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
		.build();

	private static void balance(double limit, double spent) {
		gateway.stubFor(get("/v1/dashboard/billing/subscription").willReturn(json(
				"{\"object\":\"billing_subscription\",\"has_payment_method\":true,\"soft_limit_usd\":" + limit
						+ ",\"hard_limit_usd\":" + limit + ",\"system_hard_limit_usd\":" + limit + ",\"access_until\":0}")));
		gateway.stubFor(get("/v1/dashboard/billing/usage")
			.willReturn(json("{\"object\":\"list\",\"total_usage\":" + (spent * 100) + "}")));
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

	private ApplicationContextRunner runner(String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class,
					AiApiQuotaAutoConfiguration.class, AiApiHealthAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=" + gateway.baseUrl(), "aiapi.api-key=sk-balance-test-0001",
					"aiapi.default-model=gemini-2.5-flash", "aiapi.retry.enabled=false", "aiapi.quota.enabled=true",
					"aiapi.quota.warn-below=5", "aiapi.health.cache-ttl=0s")
			.withPropertyValues(properties);
	}

	@Test
	void theBalanceIsReadOnAScheduleNeverMoreOftenThanTheFloor(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("services.aiapi.quota", LogLevel.INFO);
		AtomicReference<double[]> billing = new AtomicReference<>(new double[] { 10, 2 });
		int[] reads = new int[1];
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		// 1 s asked for, 30 s (the floor) used
		AiApiBalance balance = new AiApiBalance(billingOnly(billing, reads), Duration.ofSeconds(1), 5.0, time,
				java.time.Clock.systemUTC());
		balance.start();
		time.advanceTimeBy(Duration.ZERO);
		assertThat(reads[0]).isEqualTo(1);
		assertThat(balance.current().remainingUsd()).isCloseTo(8.0, within(1e-9));
		assertThat(balance.isLow()).isFalse();
		billing.set(new double[] { 10, 7 });
		time.advanceTimeBy(Duration.ofSeconds(29));
		assertThat(reads[0]).isEqualTo(1);
		time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(reads[0]).isEqualTo(2);
		assertThat(balance.current().remainingUsd()).isCloseTo(3.0, within(1e-9));
		assertThat(balance.isLow()).isTrue();
		time.advanceTimeBy(Duration.ofSeconds(30));
		billing.set(new double[] { 20, 7 });
		time.advanceTimeBy(Duration.ofSeconds(30));
		assertThat(reads[0]).isEqualTo(4);
		assertThat(balance.isLow()).isFalse();
		balance.stop();
		time.advanceTimeBy(Duration.ofMinutes(5));
		assertThat(reads[0]).isEqualTo(4);
		logging.setLogLevel("services.aiapi.quota", null);
		assertThat(output.getAll()).containsOnlyOnce("The key's balance is low: 3.0 remaining of 10.0")
			.containsOnlyOnce("The key's balance is back above the threshold: 13.0 remaining of 20.0");
	}

	// the two billing reads, answered at once from the figures given (limit, spent), counting the reads
	private static services.aiapi.ReactiveAiApiOperations billingOnly(AtomicReference<double[]> billing, int[] reads) {
		return (services.aiapi.ReactiveAiApiOperations) java.lang.reflect.Proxy.newProxyInstance(
				BalanceIntegrationTests.class.getClassLoader(),
				new Class<?>[] { services.aiapi.ReactiveAiApiOperations.class }, (proxy, method, args) -> {
					double[] figures = billing.get();
					return switch (method.getName()) {
						case "getBillingSubscription" -> reactor.core.publisher.Mono
							.just(new services.aiapi.model.BillingSubscription("billing_subscription", true, figures[0],
									figures[0], figures[0], 0L));
						case "getBillingUsage" -> {
							reads[0]++;
							yield reactor.core.publisher.Mono
								.just(new services.aiapi.model.BillingUsage("list", figures[1] * 100));
						}
						default -> throw new UnsupportedOperationException(method.getName());
					};
				});
	}

	@Test
	void aLowBalanceShowsInHealthAndGaugesAndAQuotaErrorExhaustsItAtOnce() {
		balance(10, 4);
		gateway.stubFor(get("/v1/models").willReturn(json("{\"data\":[{\"id\":\"gemini-2.5-flash\"}]}")));
		gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(403)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"code\":\"quota_not_enough\",\"message\":\"user quota is not enough\",\"data\":null}")));
		runner().run((context) -> {
			AiApiBalance balance = context.getBean(AiApiBalance.class);
			StepVerifier.create(balance.refresh()).expectNextCount(1).verifyComplete();
			AiApiHealthIndicator health = context.getBean(AiApiHealthIndicator.class);
			Health up = health.health(true).block(Duration.ofSeconds(5));
			assertThat(up.getStatus().getCode()).isEqualTo("UP");
			assertThat(up.getDetails()).containsKey("quota");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("aiapi.quota.remaining").gauge().value()).isCloseTo(6.0, within(1e-9));
			assertThat(registry.get("aiapi.quota.limit").gauge().value()).isCloseTo(10.0, within(1e-9));
			balance(10, 8);
			StepVerifier.create(balance.refresh()).expectNextCount(1).verifyComplete();
			assertThat(health.health(true).block(Duration.ofSeconds(5)).getStatus().getCode())
				.isEqualTo(AiApiHealthIndicator.LOW_QUOTA);
			balance(100, 8);
			StepVerifier.create(balance.refresh()).expectNextCount(1).verifyComplete();
			assertThat(health.health(true).block(Duration.ofSeconds(5)).getStatus().getCode()).isEqualTo("UP");
			// the gateway says no before the next read: the view knows at once
			assertThatExceptionOfType(QuotaExceededException.class)
				.isThrownBy(() -> context.getBean(AiApiTemplate.class).chat("Hi"));
			assertThat(balance.current().exhausted()).isTrue();
			assertThat(registry.get("aiapi.quota.remaining").gauge().value()).isZero();
			assertThat(health.health(true).block(Duration.ofSeconds(5)).getStatus().getCode())
				.isEqualTo(AiApiHealthIndicator.LOW_QUOTA);
		});
	}

	@Test
	void aQuotaErrorOnAnUnlimitedKeyIsReportedNotTurnedIntoAnExhaustedBalance() {
		// issue 22, defect 2: "unlimited":true,"exhausted":true and LOW_QUOTA for up to the refresh interval
		balance(100_000_000, 12);
		gateway.stubFor(get("/v1/models").willReturn(json("{\"data\":[{\"id\":\"gemini-2.5-flash\"}]}")));
		gateway.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(403)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"code\":\"quota_not_enough\",\"message\":\"group quota is not enough\",\"data\":null}")));
		runner().run((context) -> {
			AiApiBalance balance = context.getBean(AiApiBalance.class);
			StepVerifier.create(balance.refresh()).expectNextCount(1).verifyComplete();
			assertThatExceptionOfType(QuotaExceededException.class)
				.isThrownBy(() -> context.getBean(AiApiTemplate.class).chat("Hi"));
			assertThat(balance.current().unlimited()).isTrue();
			assertThat(balance.current().exhausted()).isFalse();
			assertThat(balance.isLow()).isFalse();
			assertThat(balance.current().lastQuotaError()).contains("403 quota_not_enough: group quota is not enough");
			Health health = context.getBean(AiApiHealthIndicator.class).health(true).block(Duration.ofSeconds(5));
			assertThat(health.getStatus().getCode()).isEqualTo("UP");
			assertThat(health.getDetails().get("quota").toString()).contains("exhausted=false")
				.contains("lastQuotaError=");
		});
	}

	@Test
	void anUnlimitedKeyIsNeverLow() {
		balance(100_000_000, 12);
		runner().run((context) -> {
			AiApiBalance balance = context.getBean(AiApiBalance.class);
			StepVerifier.create(balance.refresh()).expectNextCount(1).verifyComplete();
			assertThat(balance.current().unlimited()).isTrue();
			assertThat(balance.current().remainingUsd()).isNull();
			assertThat(balance.isLow()).isFalse();
			assertThat(context.getBean(MeterRegistry.class).get("aiapi.quota.remaining").gauge().value()).isNaN();
		});
		gateway.verify(getRequestedFor(urlEqualTo("/v1/dashboard/billing/usage")));
	}

}
