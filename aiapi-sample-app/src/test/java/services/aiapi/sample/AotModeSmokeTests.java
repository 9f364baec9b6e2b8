package services.aiapi.sample;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import services.aiapi.test.AiApiSimulatorExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as ahead-of-time processing left it (the build runs {@code spring-boot:process-aot}, as a native
 * image build does): started in its own JVM with {@code spring.aot.enabled=true}, so its beans come from the
 * generated initializers rather than from reflection over configuration classes, it answers a chat through the
 * starter. The generated native-image hints carry the starter's records.
 */
class AotModeSmokeTests {

	private static final Pattern PORT = Pattern.compile("Netty started on port (\\d+)");

	@RegisterExtension
	static AiApiSimulatorExtension gateway = new AiApiSimulatorExtension();

	@Test
	void theApplicationRunsInAotMode() throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dspring.aot.enabled=true", "-cp", System.getProperty("java.class.path"),
				SampleApplication.class.getName(), "--server.port=0", "--spring.main.banner-mode=off",
				// the test class path's logback-test.xml keeps INFO quiet; these two lines say it started, and how
				"--logging.level.org.springframework.boot.reactor.netty=INFO", "--logging.level.services.aiapi.sample=INFO",
				"--aiapi.base-url=" + gateway.simulator().baseUrl(), "--aiapi.api-key=" + gateway.simulator().apiKey()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			StringBuilder output = new StringBuilder();
			CompletableFuture<Integer> port = new CompletableFuture<>();
			// one thread reads the child's output to its end: it completes the port when it sees it, and keeps the
			// pipe drained so the child never blocks on it
			Thread reader = new Thread(() -> readOutput(process, output, port), "aot-app-output");
			reader.setDaemon(true);
			reader.start();
			int serverPort;
			try {
				serverPort = port.get(90, TimeUnit.SECONDS);
			}
			catch (java.util.concurrent.TimeoutException ex) {
				synchronized (output) {
					throw new AssertionError("The application did not start within 90 s; its output:\n" + output, ex);
				}
			}
			synchronized (output) {
				assertThat(output.toString()).contains("Starting AOT-processed SampleApplication");
			}
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + "/chat"))
					.timeout(Duration.ofSeconds(20))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"Hello from AOT\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("This is the simulator's answer to: Hello from AOT");
		}
		finally {
			process.destroy();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	@Test
	void theGeneratedNativeImageHintsCoverTheStartersRecords() throws Exception {
		Path hints = Path.of("target", "spring-aot", "main", "resources", "META-INF", "native-image");
		StringBuilder all = new StringBuilder();
		try (var files = Files.walk(hints)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".json")).toList()) {
				all.append(Files.readString(file, StandardCharsets.UTF_8));
			}
		}
		assertThat(all).contains("services.aiapi.model.ChatCompletion")
			.contains("services.aiapi.model.ChatCompletionChunk")
			.contains("spring-configuration-metadata.json");
	}

	private static void readOutput(Process process, StringBuilder output, CompletableFuture<Integer> port) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				synchronized (output) {
					output.append(line).append('\n');
				}
				Matcher matcher = PORT.matcher(line);
				if (matcher.find()) {
					port.complete(Integer.parseInt(matcher.group(1)));
				}
			}
			port.completeExceptionally(new IllegalStateException("The application ended without starting:\n" + output));
		}
		catch (java.io.IOException ex) {
			port.completeExceptionally(ex);
		}
	}

}
