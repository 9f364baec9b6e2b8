package services.aiapi.sample;

import org.springframework.boot.SpringApplication;

import services.aiapi.test.AiApiSimulatorConfiguration;

/**
 * Runs the sample offline, against the gateway simulator instead of aiapi.services: no key, no network
 * ({@code ./mvnw -pl aiapi-sample-app -am test-compile spring-boot:test-run}). The simulator answers as the
 * gateway's documentation says unless started with {@code --aiapi.simulator.dialect=new-api}. The same three lines
 * run any application against the simulator.
 */
public final class TestSampleApplication {

	private TestSampleApplication() {
	}

	public static void main(String[] args) {
		SpringApplication.from(SampleApplication::main).with(AiApiSimulatorConfiguration.class).run(args);
	}

}
