package services.aiapi.autoconfigure;

import java.time.Clock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.quota.AiApiBalance;
import services.aiapi.quota.QuotaExhaustionListener;

/**
 * Opt-in ({@code aiapi.quota.enabled=true}) view of the key's balance: read from the gateway's billing routes on a
 * schedule, marked exhausted on a quota error, with gauges and health details.
 */
@AutoConfiguration(before = AiApiAutoConfiguration.class)
@ConditionalOnBooleanProperty("aiapi.quota.enabled")
public final class AiApiQuotaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AiApiBalance aiApiBalance(ReactiveAiApiOperations operations, AiApiProperties properties,
			ObjectProvider<Clock> clock) {
		return new AiApiBalance(operations, properties.getQuota().getRefreshInterval(),
				properties.getQuota().getWarnBelow(), Schedulers.parallel(), AiApiAutoConfiguration.clock(clock));
	}

	@Bean
	QuotaExhaustionListener aiApiQuotaExhaustionListener(ObjectProvider<AiApiBalance> balance) {
		return new QuotaExhaustionListener(balance::getIfAvailable);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class BalanceMetricsConfiguration {

		@Bean
		MeterBinder aiApiBalanceMetrics(AiApiBalance balance) {
			return (registry) -> {
				Gauge.builder("aiapi.quota.remaining", balance, (b) -> value(b.current().remainingUsd()))
					.description("What the key may still spend (NaN when unknown or unlimited)")
					.baseUnit("usd")
					.register(registry);
				Gauge.builder("aiapi.quota.limit", balance, (b) -> value(b.current().limitUsd()))
					.description("The key's hard limit (NaN when unknown or unlimited)")
					.baseUnit("usd")
					.register(registry);
				Gauge.builder("aiapi.quota.usage", balance, (b) -> value(b.current().usageUsd()))
					.description("What the key has spent (NaN when unknown)")
					.baseUnit("usd")
					.register(registry);
			};
		}

		private static double value(Double amount) {
			return (amount != null) ? amount : Double.NaN;
		}

	}

}
