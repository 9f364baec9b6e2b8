package services.aiapi.test;

import org.springframework.util.Assert;

import services.aiapi.autoconfigure.AiApiConnectionDetails;

/**
 * The connection facts of a running {@link AiApiSimulator}: its loopback URL and the key it accepts. A bean of this
 * type replaces {@code aiapi.base-url} and {@code aiapi.api-key}, as {@code @ServiceConnection} does for containers.
 */
public final class AiApiSimulatorConnectionDetails implements AiApiConnectionDetails {

	private final AiApiSimulator simulator;

	/**
	 * Create the connection details of a simulator.
	 * @param simulator the simulator, started
	 */
	public AiApiSimulatorConnectionDetails(AiApiSimulator simulator) {
		Assert.notNull(simulator, "Simulator must not be null");
		this.simulator = simulator;
	}

	@Override
	public String getBaseUrl() {
		return this.simulator.baseUrl();
	}

	@Override
	public String getApiKey() {
		return this.simulator.apiKey();
	}

	@Override
	public String toString() {
		return "AiApiSimulatorConnectionDetails[" + getBaseUrl() + "]";
	}

}
