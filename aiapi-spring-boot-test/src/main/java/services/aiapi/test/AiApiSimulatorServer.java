package services.aiapi.test;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The simulator on its own, for clients that are not Spring applications (curl, Python, another team's service):
 * {@code ./mvnw -q -pl aiapi-spring-boot-test -am compile exec:java} prints its URL and key and serves until
 * stopped (Ctrl-C). Arguments: {@code --port=8089} (a free port unless given), {@code --dialect=new-api}.
 */
public final class AiApiSimulatorServer {

	private AiApiSimulatorServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		AiApiSimulator.Builder builder = AiApiSimulator.builder().pings(true);
		Dialect dialect = Dialect.DOCUMENTED;
		for (String arg : args) {
			if (arg.startsWith("--port=")) {
				builder.port(Integer.parseInt(arg.substring("--port=".length())));
			}
			else if (arg.startsWith("--dialect=")) {
				dialect = Dialect.valueOf(
						arg.substring("--dialect=".length()).toUpperCase(Locale.ROOT).replace('-', '_'));
			}
			else {
				throw new IllegalArgumentException("Unknown argument '" + arg + "': use --port=N or --dialect=new-api");
			}
		}
		AiApiSimulator simulator = builder.dialect(dialect).build().start();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			simulator.stop();
			stopped.countDown();
		}, "aiapi-simulator-shutdown"));
		System.out.println("aiapi.services gateway simulator (" + dialect.name().toLowerCase(Locale.ROOT).replace('_', '-')
				+ " dialect) at " + simulator.baseUrl());
		System.out.println("  base URL: " + simulator.baseUrl() + "/v1   API key: " + simulator.apiKey());
		System.out.println("  try: curl -s " + simulator.baseUrl() + "/v1/models -H 'Authorization: Bearer "
				+ simulator.apiKey() + "'");
		System.out.println("Ctrl-C stops it.");
		stopped.await();
	}

}
