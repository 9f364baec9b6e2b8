package services.aiapi.observability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules the starter ships pass {@code promtool check rules}, and {@code promtool test rules} runs a unit
 * test for each alert (firing, and not firing below its threshold). {@code promtool} comes from Debian's
 * {@code prometheus} package: on the path, in {@code PROMTOOL}, or unpacked by {@code .ci/run} into
 * {@code .ci/cache}; where none can be had the test is skipped, saying so.
 */
class PrometheusRulesTests {

	private static final String FOLDER = "META-INF/aiapi/observability/prometheus/";

	@TempDir
	Path work;

	@Test
	void theRulesAreValidAndEveryAlertPassesItsUnitTest() throws Exception {
		Path promtool = promtool();
		Assumptions.assumeTrue(promtool != null, "promtool not found (PROMTOOL, the path, or .ci/cache from .ci/run): "
				+ "install Debian's prometheus package to run the alert rule tests");
		copy("aiapi-alerts.yml");
		copy("aiapi-alerts-test.yml");
		String check = run(promtool, "check", "rules", "aiapi-alerts.yml");
		assertThat(check).contains("SUCCESS: 8 rules found");
		String test = run(promtool, "test", "rules", "aiapi-alerts-test.yml");
		assertThat(test).contains("SUCCESS").doesNotContain("FAILED");
		// every alert of the rules has a unit test
		String rules = Files.readString(this.work.resolve("aiapi-alerts.yml"));
		String tests = Files.readString(this.work.resolve("aiapi-alerts-test.yml"));
		java.util.regex.Matcher alert = java.util.regex.Pattern.compile("- alert: (\\w+)").matcher(rules);
		int alerts = 0;
		while (alert.find()) {
			alerts++;
			assertThat(tests).as("a unit test of %s", alert.group(1)).contains("alertname: " + alert.group(1));
		}
		assertThat(alerts).isEqualTo(8);
	}

	private void copy(String name) throws IOException {
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(FOLDER + name)) {
			assertThat(in).as(name + " is packaged").isNotNull();
			Files.copy(in, this.work.resolve(name));
		}
	}

	private String run(Path promtool, String... arguments) throws Exception {
		List<String> command = new java.util.ArrayList<>();
		command.add(promtool.toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(this.work.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	private static Path promtool() {
		String configured = System.getenv("PROMTOOL");
		if (configured != null && Files.isExecutable(Path.of(configured))) {
			return Path.of(configured);
		}
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path cached = dir.resolve(".ci/cache/prometheus/usr/bin/promtool");
			if (Files.isExecutable(cached)) {
				return cached;
			}
		}
		for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
			Path candidate = Path.of(entry, "promtool");
			if (!entry.isEmpty() && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

}
