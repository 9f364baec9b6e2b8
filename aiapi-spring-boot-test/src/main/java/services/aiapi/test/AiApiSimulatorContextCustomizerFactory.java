package services.aiapi.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ClassUtils;

/**
 * Starts an {@link AiApiSimulator} for test classes annotated with {@link AutoConfigureAiApiSimulator}.
 */
class AiApiSimulatorContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		var annotation = MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
			.get(AutoConfigureAiApiSimulator.class);
		if (!annotation.isPresent()) {
			return null;
		}
		return new SimulatorCustomizer(new Settings(annotation.getEnum("dialect", Dialect.class),
				List.of(annotation.getStringArray("models")), List.of(annotation.getStringArray("keys")),
				annotation.getInt("quota"), annotation.getInt("requestsPerMinute"),
				annotation.getLong("chunkPaceMillis"), annotation.getLong("taskDurationMillis"),
				annotation.getString("reply")));
	}

	// what the annotation says; equal settings share a cached context
	record Settings(Dialect dialect, List<String> models, List<String> keys, int quota, int requestsPerMinute,
			long chunkPaceMillis, long taskDurationMillis, String reply) {

		AiApiSimulator.Builder builder(List<String> poolKeys) {
			AiApiSimulator.Builder builder = AiApiSimulator.builder().dialect(this.dialect);
			if (!poolKeys.isEmpty() && this.keys.isEmpty()) {
				builder.key(AiApiSimulator.DEFAULT_API_KEY,
						new AiApiSimulator.KeySettings(this.quota, this.requestsPerMinute));
			}
			for (String key : poolKeys) {
				builder.key(key, new AiApiSimulator.KeySettings(this.quota, this.requestsPerMinute));
			}
			if (!this.models.isEmpty()) {
				builder.models(this.models.toArray(String[]::new));
			}
			for (String key : this.keys) {
				builder.key(key, new AiApiSimulator.KeySettings(this.quota, this.requestsPerMinute));
			}
			if (this.keys.isEmpty() && (this.quota >= 0 || this.requestsPerMinute > 0)) {
				builder.key(AiApiSimulator.DEFAULT_API_KEY,
						new AiApiSimulator.KeySettings(this.quota, this.requestsPerMinute));
			}
			if (this.chunkPaceMillis >= 0) {
				builder.chunkPace(Duration.ofMillis(this.chunkPaceMillis));
			}
			if (this.taskDurationMillis >= 0) {
				builder.taskDuration(Duration.ofMillis(this.taskDurationMillis));
			}
			if (!this.reply.isEmpty()) {
				builder.replies((prompt) -> this.reply.replace("{prompt}", prompt));
			}
			return builder;
		}

	}

	private static final class SimulatorCustomizer implements ContextCustomizer {

		private static final String CONNECTION_DETAILS = "services.aiapi.autoconfigure.AiApiConnectionDetails";

		private final Settings settings;

		SimulatorCustomizer(Settings settings) {
			this.settings = settings;
		}

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			// an application with a key pool (aiapi.api-keys) calls with its own keys: the simulator knows them, and
			// sets no aiapi.api-key beside them
			List<String> poolKeys = AiApiSimulator.configuredPoolKeys(context.getEnvironment());
			AiApiSimulator simulator = this.settings.builder(poolKeys).build().start();
			context.getBeanFactory().registerSingleton("aiApiSimulator", simulator);
			if (ClassUtils.isPresent(CONNECTION_DETAILS, context.getClassLoader())) {
				// as @ServiceConnection does: the connection facts are a bean, which aiapi.* properties do not override
				context.getBeanFactory()
					.registerSingleton("aiApiSimulatorConnectionDetails", new AiApiSimulatorConnectionDetails(simulator));
			}
			// and readable as properties too, for a test that reads ${aiapi.base-url} or ${aiapi.api-key}
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("aiApiSimulator", poolKeys.isEmpty() ? Map.copyOf(simulator.properties())
						: Map.of("aiapi.base-url", simulator.baseUrl())));
			context.addApplicationListener((event) -> {
				if (event instanceof ContextClosedEvent) {
					simulator.stop();
				}
			});
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof SimulatorCustomizer customizer && customizer.settings.equals(this.settings);
		}

		@Override
		public int hashCode() {
			return Objects.hash(SimulatorCustomizer.class, this.settings);
		}

	}

}
