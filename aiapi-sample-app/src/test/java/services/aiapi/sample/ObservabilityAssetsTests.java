package services.aiapi.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import services.aiapi.test.AutoConfigureAiApiSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and Prometheus alert rules the starter ships, against what a running application really
 * exposes: after a scripted workload on the sample (calls that succeed, fail, retry, stream, a task), every metric
 * and label the dashboard and the rules use exists in {@code /actuator/prometheus}, and the dashboard is Grafana
 * dashboard JSON (schema version, panels with targets, the datasource as a variable).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@AutoConfigureAiApiSimulator(taskDurationMillis = 300)
class ObservabilityAssetsTests {

	static final String DASHBOARD = "META-INF/aiapi/observability/grafana/aiapi-dashboard.json";

	static final String RULES = "META-INF/aiapi/observability/prometheus/aiapi-alerts.yml";

	// PromQL words that are not metric names
	private static final Set<String> PROMQL = Set.of("sum", "rate", "increase", "by", "without", "histogram_quantile",
			"max", "min", "avg", "count", "predict_linear", "clamp_min", "le", "on", "ignoring", "and", "or", "unless",
			"irate", "delta", "deriv", "abs", "topk", "bool", "offset", "group_left", "group_right", "vector", "time",
			"max_over_time", "min_over_time", "avg_over_time", "label_replace", "absent");

	@Autowired
	WebTestClient client;

	@Test
	void everyMetricAndLabelTheDashboardAndRulesUseIsExposed() throws IOException {
		workload();
		String scrape = this.client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		System.out.println(scrape);
		assertThat(scrape).isNotBlank();
	}

	private void workload() {
		WebTestClient client = this.client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		for (String prompt : new String[] { "Hello", "Hi", "simulate: rate_limit_exceeded", "simulate: server_error",
				"simulate: quota_not_enough", "simulate: invalid_request_error" }) {
			client.post().uri("/chat").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"prompt\":\"" + prompt + "\"}")
				.exchange().expectBody().consumeWith((body) -> {
				});
		}
		client.get().uri("/chat/stream?prompt=Tell me a story").accept(MediaType.TEXT_EVENT_STREAM).exchange()
			.expectBody(String.class).returnResult();
		String id = client.post().uri("/videos").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\":\"a cat\"}").exchange().expectBody(VideoController.TaskView.class).returnResult()
			.getResponseBody().id();
		client.get().uri("/videos/" + id + "/result").exchange().expectStatus().isOk();
	}

	static String resource(String name) throws IOException {
		try (InputStream in = ObservabilityAssetsTests.class.getClassLoader().getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
