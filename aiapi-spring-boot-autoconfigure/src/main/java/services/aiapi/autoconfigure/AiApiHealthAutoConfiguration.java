package services.aiapi.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

import services.aiapi.health.AiApiHealthIndicator;
import services.aiapi.quota.AiApiBalance;
import services.aiapi.quota.AiApiKeyBalances;
import services.aiapi.resilience.AiApiResilience;

/**
 * Auto-configuration of the {@code aiapi} health indicator, when Actuator's health module is present.
 */
@AutoConfiguration(after = AiApiAutoConfiguration.class)
@ConditionalOnClass(AbstractReactiveHealthIndicator.class)
@ConditionalOnBean(AiApiResilience.class)
@ConditionalOnEnabledHealthIndicator("aiapi")
public final class AiApiHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "aiapiHealthIndicator")
	AiApiHealthIndicator aiapiHealthIndicator(
			@Qualifier(AiApiAutoConfiguration.WEB_CLIENT_BEAN_NAME) WebClient webClient, AiApiResilience resilience,
			AiApiProperties properties, AiApiConnectionDetails connectionDetails, ObjectProvider<Clock> clock,
			ObjectProvider<AiApiBalance> balance, ObjectProvider<AiApiKeyBalances> keyBalances) {
		AiApiHealthIndicator indicator = new AiApiHealthIndicator(webClient, resilience, connectionDetails.getBaseUrl(),
				properties.getHealth().getTimeout(), properties.getHealth().getCacheTtl(),
				AiApiAutoConfiguration.clock(clock));
		indicator.setBalance(balance.getIfAvailable());
		indicator.setKeyBalances(keyBalances.getIfAvailable());
		return indicator;
	}

}
