package services.aiapi.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

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
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import services.aiapi.AiApiCallOptions;
import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.quota.AiApiBalance;
import services.aiapi.quota.AiApiKeyBalances;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.ApiKeyPool;
import services.aiapi.resilience.PooledKey;
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
	@Conditional(KeyPoolConditions.OnSingleKey.class)
	AiApiBalance aiApiBalance(ReactiveAiApiOperations operations, AiApiProperties properties,
			ObjectProvider<Clock> clock) {
		return new AiApiBalance(operations, properties.getQuota().getRefreshInterval(),
				properties.getQuota().getWarnBelow(), Schedulers.parallel(), AiApiAutoConfiguration.clock(clock));
	}

	/**
	 * With a key pool, each key's balance, read with that key.
	 */
	@Bean
	@ConditionalOnMissingBean
	@Conditional(KeyPoolConditions.OnKeyPool.class)
	AiApiKeyBalances aiApiKeyBalances(ReactiveAiApiOperations operations, AiApiResilience resilience,
			AiApiProperties properties, ObjectProvider<Clock> clock) {
		ApiKeyPool pool = resilience.getKeyPool();
		if (pool == null) {
			throw new IllegalStateException("aiapi.api-keys is set but the client has no key pool");
		}
		Map<String, AiApiBalance> balances = new LinkedHashMap<>();
		for (PooledKey key : pool.getKeys()) {
			ReactiveAiApiOperations withKey = operations
				.withOptions(AiApiCallOptions.builder().apiKey(key.getName()).build());
			balances.put(key.getName(), new AiApiBalance(withKey, properties.getQuota().getRefreshInterval(), null,
					Schedulers.parallel(), AiApiAutoConfiguration.clock(clock)));
		}
		return new AiApiKeyBalances(pool, balances, properties.getQuota().getWarnBelow());
	}

	@Bean
	QuotaExhaustionListener aiApiQuotaExhaustionListener(ObjectProvider<AiApiBalance> balance) {
		return new QuotaExhaustionListener(balance::getIfAvailable);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class BalanceMetricsConfiguration {

		// one key's balance, or each key's of a pool (tagged with the key's name)
		@Bean
		MeterBinder aiApiBalanceMetrics(ObjectProvider<AiApiBalance> single, ObjectProvider<AiApiKeyBalances> pool) {
			return (registry) -> {
				pool.ifAvailable((balances) -> balances.getBalances()
					.forEach((name, balance) -> Gauge
						.builder("aiapi.quota.remaining", balance, (b) -> value(b.current().remainingUsd()))
						.description("What the key may still spend (NaN when unknown or unlimited)")
						.baseUnit("usd")
						.tag("key", name)
						.register(registry)));
				AiApiBalance balance = single.getIfAvailable();
				if (balance == null) {
					return;
				}
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
