package services.aiapi.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import services.aiapi.test.AiApiSimulator;
import services.aiapi.test.AutoConfigureAiApiSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and Prometheus alert rules the starter ships, against what a running application really
 * exposes: after a scripted workload on the sample (calls that succeed, fail, retry, stream, a task), every metric
 * and label the dashboard and the rules use exists in {@code /actuator/prometheus}, and the dashboard is Grafana
 * dashboard JSON (schema version, panels with targets, the datasource as a variable).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "AIAPI_API_KEY_PRIMARY=sk-observed-primary-0001", "AIAPI_API_KEY_SECONDARY=sk-observed-second-0002",
				"aiapi.retry.wait-duration=10ms", "aiapi.retry.max-wait-duration=20ms" })
@AutoConfigureWebTestClient
@AutoConfigureAiApiSimulator(taskDurationMillis = 300)
@ActiveProfiles({ "pool", "shared" })
class ObservabilityAssetsTests {

	// every feature whose meters the dashboard and rules read: a key pool, limits shared through a real Redis,
	// a fallback chain, balance reads (the sample's default), tasks
	private static final SampleRedis redis = SampleRedis.start();

	@DynamicPropertySource
	static void redisUrl(DynamicPropertyRegistry registry) {
		registry.add("aiapi.rate-limiter.shared.redis-url", redis::url);
	}

	@AfterAll
	static void stopRedis() throws IOException {
		redis.stop();
	}

	@Autowired
	AiApiSimulator simulator;

	static final String DASHBOARD = "META-INF/aiapi/observability/grafana/aiapi-dashboard.json";

	static final String RULES = "META-INF/aiapi/observability/prometheus/aiapi-alerts.yml";

	@Autowired
	WebTestClient client;

	@Test
	void everyMetricAndLabelTheDashboardAndRulesUseIsExposed() throws IOException {
		workload();
		String scrape = this.client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(scrape).isNotBlank();
		Set<String> expressions = new LinkedHashSet<>();
		for (JsonNode panel : JsonMapper.builder().build().readTree(resource(DASHBOARD)).path("panels")) {
			panel.path("targets").forEach((target) -> expressions.add(target.path("expr").asString()));
		}
		Matcher rule = Pattern.compile("expr: (\\|\\n(?:\\s{10}.*\\n)+|.*)").matcher(resource(RULES));
		while (rule.find()) {
			expressions.add(rule.group(1));
		}
		assertThat(expressions).hasSizeGreaterThan(20);
		Set<String> missing = new TreeSet<>();
		for (String expression : expressions) {
			Set<String> metrics = metrics(expression);
			assertThat(metrics).as(expression).isNotEmpty();
			for (String metric : metrics) {
				if (!Pattern.compile("(?m)^" + metric + "[{ ]").matcher(scrape).find()) {
					missing.add("metric " + metric);
				}
			}
			for (String label : labels(expression)) {
				boolean found = metrics.stream()
					.anyMatch((metric) -> Pattern.compile("(?m)^" + metric + "\\{[^}]*\\b" + label + "=").matcher(scrape).find());
				if (!found) {
					missing.add("label " + label + " of " + metrics);
				}
			}
		}
		assertThat(missing).as("used by the dashboard or the rules, absent from /actuator/prometheus").isEmpty();
	}

	@Test
	void theDashboardIsGrafanaDashboardJson() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(resource(DASHBOARD));
		assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
		assertThat(dashboard.path("uid").asString()).isNotBlank();
		assertThat(dashboard.path("title").asString()).isNotBlank();
		JsonNode variables = dashboard.path("templating").path("list");
		List<String> names = new ArrayList<>();
		variables.forEach((variable) -> names.add(variable.path("name").asString()));
		assertThat(names).contains("datasource", "instance");
		assertThat(variables.get(0).path("type").asString()).isEqualTo("datasource");
		assertThat(variables.get(0).path("query").asString()).isEqualTo("prometheus");
		Set<Integer> ids = new TreeSet<>();
		assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(12);
		for (JsonNode panel : dashboard.path("panels")) {
			assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
			assertThat(panel.path("type").asString()).isIn("timeseries", "stat", "gauge", "table");
			assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
			assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
			assertThat(panel.path("targets").size()).isPositive();
			panel.path("targets").forEach((target) -> {
				assertThat(target.path("expr").asString()).isNotBlank();
				assertThat(target.path("refId").asString()).isNotBlank();
			});
		}
	}

	// the metric names an expression reads
	private static Set<String> metrics(String expression) {
		Set<String> names = new TreeSet<>();
		// label names (in "by (…)" and in matchers) are not metrics
		String bare = expression.replaceAll("by \\([^)]*\\)", "").replaceAll("\\{[^}]*\\}", "{}");
		Matcher matcher = Pattern.compile("\\b((?:aiapi|gen_ai|resilience4j)_[a-z0-9_]+)\\b").matcher(bare);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	// the labels an expression groups by or matches on; instance and job are the scrape's, le the buckets'
	private static Set<String> labels(String expression) {
		Set<String> labels = new TreeSet<>();
		Matcher by = Pattern.compile("by \\(([^)]*)\\)").matcher(expression);
		while (by.find()) {
			for (String label : by.group(1).split(",")) {
				labels.add(label.strip());
			}
		}
		Matcher matcher = Pattern.compile("[{,]\\s*([a-z_]+)\\s*(?:=~|!=|=)").matcher(expression);
		while (matcher.find()) {
			labels.add(matcher.group(1));
		}
		labels.removeAll(Set.of("instance", "job", "le", ""));
		return labels;
	}

	private void workload() {
		WebTestClient client = this.client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		for (String prompt : new String[] { "Hello", "Hi", "simulate: rate_limit_exceeded", "simulate: server_error",
				"simulate: invalid_request_error" }) {
			client.post().uri("/chat").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"prompt\":\"" + prompt + "\"}")
				.exchange().expectBody().consumeWith((body) -> {
				});
		}
		client.get().uri("/chat/stream?prompt=Tell me a story").accept(MediaType.TEXT_EVENT_STREAM).exchange()
			.expectBody(String.class).returnResult();
		// a fallback: the chain's first model has no channel
		this.simulator.modelWithoutChannel("gemini-2.5-flash", Duration.ofMinutes(1));
		client.post().uri("/chat").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"prompt\":\"Hello\"}")
			.exchange().expectStatus().isOk().expectBody().consumeWith((body) -> {
			});
		this.simulator.modelRestored("gemini-2.5-flash");
		String id = client.post().uri("/videos").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\":\"a cat\"}").exchange().expectBody(VideoController.TaskView.class).returnResult()
			.getResponseBody().id();
		// every body read to its end: one left unread holds its network buffers
		client.get().uri("/videos/" + id + "/result").exchange().expectStatus().isOk().expectBody().consumeWith((body) -> {
		});
	}

	static String resource(String name) throws IOException {
		try (InputStream in = ObservabilityAssetsTests.class.getClassLoader().getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
