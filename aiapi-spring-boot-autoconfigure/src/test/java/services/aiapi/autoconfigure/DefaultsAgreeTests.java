package services.aiapi.autoconfigure;

import org.junit.jupiter.api.Test;

import services.aiapi.AiApiClientSettings;
import services.aiapi.resilience.ResilienceSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults an application gets from properties it did not set are the ones a user of the builder gets from
 * {@code defaults()}: one set of defaults, whichever way the client is made.
 */
class DefaultsAgreeTests {

	@Test
	void unsetPropertiesGiveTheResilienceDefaults() {
		assertThat(AiApiAutoConfiguration.resilienceSettings(new AiApiProperties()))
			.isEqualTo(ResilienceSettings.defaults());
	}

	@Test
	void unsetPropertiesGiveTheClientDefaults() {
		assertThat(AiApiAutoConfiguration.settings(new AiApiProperties())).isEqualTo(AiApiClientSettings.defaults());
	}

}
