package services.aiapi.sample;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import services.aiapi.test.AiApiSimulator;
import services.aiapi.test.Dialect;

/**
 * When no API key is configured, starts the in-process gateway simulator and points the starter at it, so the
 * sample runs on a fresh machine with no key and no network. With {@code AIAPI_API_KEY} set it does nothing and
 * the sample calls the real gateway.
 */
class SimulatorFallbackEnvironmentPostProcessor implements EnvironmentPostProcessor {

	private final Log logger;

	SimulatorFallbackEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(SimulatorFallbackEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (StringUtils.hasText(environment.getProperty("aiapi.api-key"))
				|| !environment.getProperty("sample.simulator.enabled", Boolean.class, true)) {
			return;
		}
		Dialect dialect = Dialect.valueOf(environment.getProperty("sample.simulator.dialect", "documented")
			.toUpperCase(Locale.ROOT)
			.replace('-', '_'));
		AiApiSimulator simulator = AiApiSimulator.builder()
			.dialect(dialect)
			.pings(true)
			.chunkPace(Duration.ofMillis(environment.getProperty("sample.simulator.chunk-pace-ms", Long.class, 40L)))
			.build()
			.start();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("aiApiSimulator", Map.copyOf(simulator.properties())));
		application.addInitializers(
				(context) -> context.getBeanFactory().registerSingleton("aiApiSimulator", simulator));
		application.addListeners((event) -> {
			if (event instanceof ContextClosedEvent) {
				simulator.stop();
			}
		});
		this.logger.info("No AIAPI_API_KEY set: calling the in-process aiapi.services simulator at "
				+ simulator.baseUrl() + " (" + dialect.name().toLowerCase(Locale.ROOT).replace('_', '-')
				+ " dialect). Set AIAPI_API_KEY to call the real gateway.");
	}

}
