package services.aiapi.test;

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

/**
 * Starts an {@link AiApiSimulator} for test classes annotated with {@link AutoConfigureAiApiSimulator}.
 */
class AiApiSimulatorContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		var annotation = MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
			.get(AutoConfigureAiApiSimulator.class);
		return annotation.isPresent() ? new SimulatorCustomizer(annotation.getEnum("dialect", Dialect.class)) : null;
	}

	private static final class SimulatorCustomizer implements ContextCustomizer {

		private final Dialect dialect;

		SimulatorCustomizer(Dialect dialect) {
			this.dialect = dialect;
		}

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			AiApiSimulator simulator = AiApiSimulator.builder().dialect(this.dialect).build().start();
			context.getBeanFactory().registerSingleton("aiApiSimulator", simulator);
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("aiApiSimulator", Map.copyOf(simulator.properties())));
			context.addApplicationListener((event) -> {
				if (event instanceof ContextClosedEvent) {
					simulator.stop();
				}
			});
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof SimulatorCustomizer customizer && customizer.dialect == this.dialect;
		}

		@Override
		public int hashCode() {
			return Objects.hash(SimulatorCustomizer.class, this.dialect);
		}

	}

}
