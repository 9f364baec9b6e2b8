package services.aiapi.test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import services.aiapi.autoconfigure.AiApiAutoConfiguration;

/**
 * The starter auto-configured against a test class's simulator in a dialect, retries off: what the simulator's
 * route tests run in.
 */
final class SimulatorContexts {

	private SimulatorContexts() {
	}

	static void run(AiApiSimulatorExtension gateway, Dialect dialect,
			ContextConsumer<AssertableApplicationContext> test) {
		gateway.simulator().setDialect(dialect);
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=" + gateway.simulator().baseUrl(),
					"aiapi.api-key=" + gateway.simulator().apiKey(), "aiapi.default-model=gemini-2.5-flash",
					"aiapi.retry.enabled=false")
			.run(test);
	}

}
