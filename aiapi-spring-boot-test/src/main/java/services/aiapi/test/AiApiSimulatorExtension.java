package services.aiapi.test;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs an {@link AiApiSimulator} for a test class (started in {@code beforeAll}, stopped
 * in {@code afterAll}), resets its recorded requests, faults and usage before each test, and injects it into
 * test methods that declare it.
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static AiApiSimulatorExtension gateway = new AiApiSimulatorExtension();
 *
 * &#64;DynamicPropertySource
 * static void aiapi(DynamicPropertyRegistry registry) {
 *     gateway.simulator().properties().forEach((name, value) -&gt; registry.add(name, () -&gt; value));
 * }
 * </pre>
 *
 * For Spring tests, {@link AutoConfigureAiApiSimulator} does the same with no code.
 */
public class AiApiSimulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
		ParameterResolver {

	private final AiApiSimulator simulator;

	/**
	 * Run a simulator with the default settings.
	 */
	public AiApiSimulatorExtension() {
		this(AiApiSimulator.builder());
	}

	/**
	 * Run a simulator built from the given builder.
	 * @param builder the builder
	 */
	public AiApiSimulatorExtension(AiApiSimulator.Builder builder) {
		this.simulator = builder.build();
	}

	/**
	 * Return the simulator, started (it starts in {@code beforeAll}, or here when asked for earlier, as a
	 * {@code @DynamicPropertySource} method may).
	 * @return the simulator
	 */
	public AiApiSimulator simulator() {
		return this.simulator.start();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.simulator.start();
		this.simulator.reset();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.simulator.reset();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.simulator.stop();
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == AiApiSimulator.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return this.simulator();
	}

}
