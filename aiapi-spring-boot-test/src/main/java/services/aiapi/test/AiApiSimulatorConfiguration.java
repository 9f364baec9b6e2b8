package services.aiapi.test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Runs an application against the gateway simulator at development time, the way a "test main" runs it against
 * containers: no key, no network. Add to {@code src/test/java}:
 *
 * <pre class="code">
 * public class TestMyApplication {
 *     public static void main(String[] args) {
 *         SpringApplication.from(MyApplication::main).with(AiApiSimulatorConfiguration.class).run(args);
 *     }
 * }
 * </pre>
 *
 * and start it with {@code ./mvnw spring-boot:test-run} (or run it from the IDE). The simulator starts on a free
 * loopback port, its {@link AiApiSimulatorConnectionDetails} replace {@code aiapi.base-url} and
 * {@code aiapi.api-key}, and it stops with the application. {@code aiapi.simulator.dialect=new-api} makes it answer
 * like the gateway software rather than its documentation; {@code aiapi.simulator.chunk-pace} paces stream chunks
 * (40 ms by default, so a page shows them arrive).
 */
// deliberately no @Configuration: registered by with(...), it is processed all the same, and component scanning
// of an application in a package above this one never picks it up by accident
public class AiApiSimulatorConfiguration {

	private static final Log logger = LogFactory.getLog(AiApiSimulatorConfiguration.class);

	@Bean(destroyMethod = "stop")
	AiApiSimulator aiApiSimulator(Environment environment) {
		Dialect dialect = Dialect.valueOf(environment.getProperty("aiapi.simulator.dialect", "documented")
			.toUpperCase(Locale.ROOT)
			.replace('-', '_'));
		AiApiSimulator.Builder builder = AiApiSimulator.builder()
			.dialect(dialect)
			.pings(true)
			.chunkPace(environment.getProperty("aiapi.simulator.chunk-pace", Duration.class, Duration.ofMillis(40)));
		List<String> poolKeys = AiApiSimulator.configuredPoolKeys(environment);
		if (!poolKeys.isEmpty()) {
			// the application's key pool (aiapi.api-keys): the simulator knows those keys too
			builder.key(AiApiSimulator.DEFAULT_API_KEY, AiApiSimulator.KeySettings.unlimited());
			poolKeys.forEach((key) -> builder.key(key, AiApiSimulator.KeySettings.unlimited()));
		}
		AiApiSimulator simulator = builder.build().start();
		logger.info("The aiapi.services gateway simulator answers at " + simulator.baseUrl() + " ("
				+ dialect.name().toLowerCase(Locale.ROOT).replace('_', '-') + " dialect, key "
				+ simulator.apiKey() + ")");
		return simulator;
	}

	@Bean
	AiApiSimulatorConnectionDetails aiApiSimulatorConnectionDetails(AiApiSimulator aiApiSimulator) {
		return new AiApiSimulatorConnectionDetails(aiApiSimulator);
	}

}
