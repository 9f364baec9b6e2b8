package services.aiapi.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.SpringApplication;

import services.aiapi.test.AiApiSimulator;
import services.aiapi.test.Dialect;

/**
 * Runs the sample offline, against the gateway simulator instead of aiapi.services: no key, no network
 * ({@code ./mvnw -pl aiapi-sample-app -am test-compile spring-boot:test-run}). The simulator answers as the
 * gateway's documentation says unless started with {@code --sample.simulator.dialect=new-api}.
 */
public final class TestSampleApplication {

	private static final String DIALECT = "--sample.simulator.dialect=";

	private TestSampleApplication() {
	}

	public static void main(String[] args) {
		Dialect dialect = Dialect.DOCUMENTED;
		List<String> arguments = new ArrayList<>();
		for (String arg : args) {
			if (arg.startsWith(DIALECT)) {
				dialect = Dialect.valueOf(
						arg.substring(DIALECT.length()).toUpperCase(Locale.ROOT).replace('-', '_'));
			}
			else {
				arguments.add(arg);
			}
		}
		AiApiSimulator simulator = AiApiSimulator.builder()
			.dialect(dialect)
			.pings(true)
			.chunkPace(Duration.ofMillis(40))
			.build()
			.start();
		simulator.properties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
		System.out.println("Calling the in-process aiapi.services simulator at " + simulator.baseUrl() + " ("
				+ dialect.name().toLowerCase(Locale.ROOT).replace('_', '-') + " dialect)");
		SpringApplication.from(SampleApplication::main).run(arguments.toArray(String[]::new));
	}

}
