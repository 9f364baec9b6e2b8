package services.aiapi.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import services.aiapi.autoconfigure.AiApiConnectionDetails;
import services.aiapi.test.AiApiSimulator;
import services.aiapi.test.AiApiSimulatorConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's development-time recipe, as a user adds it to their own application: the three lines of
 * {@link TestSampleApplication} run the real application against the simulator, with no key and no network, and
 * the application says where it is up.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevelopmentTimeSimulatorTests {

	@Test
	void theTestMainRunsTheApplicationAgainstTheSimulatorWithNoKey(CapturedOutput output) {
		SpringApplication.Running running = SpringApplication.from(SampleApplication::main)
			.with(AiApiSimulatorConfiguration.class)
			.run("--server.port=0", "--spring.main.banner-mode=off", "--aiapi.simulator.dialect=new-api",
					// this module's test logging shows WARN and above; an application's default is INFO
					"--logging.level.services.aiapi.test=INFO", "--logging.level.services.aiapi.sample=INFO");
		ConfigurableApplicationContext context = running.getApplicationContext();
		AiApiSimulator simulator = context.getBean(AiApiSimulator.class);
		try {
			assertThat(context.getBean(AiApiConnectionDetails.class).getBaseUrl()).isEqualTo(simulator.baseUrl());
			String port = context.getEnvironment().getProperty("local.server.port");
			WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + port)
				.build()
				.get()
				.uri("/models")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$[0]")
				.isEqualTo("gemini-2.5-flash");
			assertThat(output.getAll())
				.contains("The aiapi.services gateway simulator answers at " + simulator.baseUrl() + " (new-api dialect")
				.contains("Sample ready at http://localhost:" + port)
				.contains("calling the gateway at " + simulator.baseUrl())
				.doesNotContain("Unknown property");
		}
		finally {
			context.close();
		}
		assertThat(simulator.isRunning()).as("the simulator stops with the application").isFalse();
	}

}
