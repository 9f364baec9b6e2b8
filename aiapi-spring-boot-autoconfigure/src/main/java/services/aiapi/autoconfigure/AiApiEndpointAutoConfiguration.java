package services.aiapi.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import services.aiapi.actuate.AiApiEndpoint;
import services.aiapi.http.ApiKey;
import services.aiapi.resilience.AiApiResilience;

/**
 * Auto-configuration of the read-only {@code aiapi} Actuator endpoint.
 */
@AutoConfiguration(after = AiApiAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(AiApiResilience.class)
@ConditionalOnAvailableEndpoint(AiApiEndpoint.class)
public final class AiApiEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AiApiEndpoint aiApiEndpoint(AiApiProperties properties, AiApiConnectionDetails connectionDetails, ApiKey apiKey,
			AiApiResilience resilience) {
		return new AiApiEndpoint(connectionDetails.getBaseUrl(), apiKey, AiApiAutoConfiguration.settings(properties),
				resilience, properties.getConnectTimeout());
	}

}
