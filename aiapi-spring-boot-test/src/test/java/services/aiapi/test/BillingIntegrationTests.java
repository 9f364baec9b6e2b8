package services.aiapi.test;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import services.aiapi.AiApiTemplate;
import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.error.RateLimitExceededException;
import services.aiapi.model.BillingSubscription;
import services.aiapi.model.BillingUsage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * The key's limits and usage from the gateway's billing routes, against the simulator, which serves them from its
 * keys' quota (each billable call costs {@link AiApiSimulator#PRICE_PER_CALL_USD}).
 */
class BillingIntegrationTests {

	private static final String LIMITED = "sk-limited-key-00000001";

	private static final String UNLIMITED = "sk-unlimited-key-000002";

	@RegisterExtension
	static AiApiSimulatorExtension gateway = new AiApiSimulatorExtension(AiApiSimulator.builder()
		.key(LIMITED, new AiApiSimulator.KeySettings(3, 0))
		.key(UNLIMITED, AiApiSimulator.KeySettings.unlimited()));

	private ApplicationContextRunner runner(String key, String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=" + gateway.simulator().baseUrl(), "aiapi.api-key=" + key,
					"aiapi.default-model=gemini-2.5-flash", "aiapi.retry.wait-duration=10ms",
					"aiapi.retry.randomization-factor=0")
			.withPropertyValues(properties);
	}

	@Test
	void aLimitedKeyReportsItsLimitUsageAndWhatRemains() {
		runner(LIMITED).run((context) -> {
			AiApiTemplate aiApi = context.getBean(AiApiTemplate.class);
			aiApi.chat("Hi");
			aiApi.chat("Hi again");
			BillingSubscription subscription = aiApi.getBillingSubscription();
			BillingUsage usage = aiApi.getBillingUsage();
			assertThat(subscription.isUnlimited()).isFalse();
			assertThat(subscription.hardLimitUsd()).isCloseTo(0.03, within(1e-9));
			assertThat(usage.totalUsageUsd()).isCloseTo(0.02, within(1e-9));
			assertThat(usage.remainingUsd(subscription)).isCloseTo(0.01, within(1e-9));
			// the billing reads are free: the third chat still has its quota
			aiApi.chat("third");
			assertThat(aiApi.getBillingUsage().remainingUsd(subscription)).isCloseTo(0.0, within(1e-9));
			assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> aiApi.chat("fourth"));
		});
	}

	@Test
	void anUnlimitedKeyIsRecognised() {
		runner(UNLIMITED).run((context) -> {
			AiApiTemplate aiApi = context.getBean(AiApiTemplate.class);
			BillingSubscription subscription = aiApi.getBillingSubscription();
			assertThat(subscription.isUnlimited()).isTrue();
			assertThat(aiApi.getBillingUsage().remainingUsd(subscription)).isNull();
		});
	}

	@Test
	void billingReadsSpendNoPermitOfTheClientSideLimiter() {
		runner(UNLIMITED, "aiapi.rate-limiter.limit-for-period=1", "aiapi.rate-limiter.limit-refresh-period=1h",
				"aiapi.rate-limiter.timeout-duration=0s")
			.run((context) -> {
				AiApiTemplate aiApi = context.getBean(AiApiTemplate.class);
				aiApi.chat("the one permit");
				for (int i = 0; i < 5; i++) {
					assertThat(aiApi.getBillingSubscription().isUnlimited()).isTrue();
				}
			});
	}

	@Test
	void theBillingRoutesBare429IsHonouredAndRetried() {
		runner(UNLIMITED).run((context) -> {
			AiApiTemplate aiApi = context.getBean(AiApiTemplate.class);
			gateway.simulator().respondNext(new ScriptedResponse(429, Map.of(), ""));
			assertThat(aiApi.getBillingUsage().totalUsageUsd()).isZero();
			assertThat(gateway.simulator().requestCount("/v1/dashboard/billing/usage")).isEqualTo(2);
		});
		runner(UNLIMITED, "aiapi.retry.enabled=false").run((context) -> {
			gateway.simulator().respondNext(new ScriptedResponse(429, Map.of(), ""));
			assertThatExceptionOfType(RateLimitExceededException.class)
				.isThrownBy(() -> context.getBean(AiApiTemplate.class).getBillingSubscription());
		});
	}

	@Test
	void aBillingAnswerThatIsAnErrorFailsTyped() {
		runner(UNLIMITED).run((context) -> {
			gateway.simulator()
				.respondNext(ScriptedResponse.json(200,
						"{\"error\":{\"message\":\"billing is disabled\",\"type\":\"new_api_error\",\"code\":\"billing_disabled\"}}"));
			assertThatExceptionOfType(AiApiResponseException.class)
				.isThrownBy(() -> context.getBean(AiApiTemplate.class).getBillingSubscription())
				.satisfies((ex) -> assertThat(ex.getErrorCode()).isEqualTo("billing_disabled"));
		});
	}

}
