package services.aiapi.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.json.JsonMapper;

import services.aiapi.error.AiApiErrorTranslator;
import services.aiapi.error.AiApiException;
import services.aiapi.model.TaskState;
import services.aiapi.model.tasks.Task;
import services.aiapi.model.tasks.TaskFamily;
import services.aiapi.model.tasks.TaskHandle;
import services.aiapi.model.tasks.TaskJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task answers as a hostile gateway might write them — every family's envelope with unknown status words, progress
 * as text, missing or mistyped fields, failures inside a 200, result URLs that are not URLs, and the hostile bodies
 * of every other route — read by the one reader and each family's mapping: each ends as a task (its progress a
 * percentage or nothing, its URLs URLs) or typed, within a bound.
 */
class TaskEnvelopeProperties {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Duration BOUND = Duration.ofSeconds(10);

	private final ResponseReader reader = new ResponseReader(
			new AiApiErrorTranslator(Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofSeconds(1)), 1 << 20,
			Duration.ofSeconds(5), Duration.ofSeconds(5));

	@Property
	void aTaskAnswerEndsAsATaskOrTyped(@ForAll("answers") HostileResponses.Response response,
			@ForAll TaskFamily family) {
		TaskBody body;
		try {
			body = this.reader.read(ResponseReaderProperties.clientResponse(response), TaskBody.class).block(BOUND);
		}
		catch (AiApiException ex) {
			assertThat(ex.getMessage()).isNotBlank();
			return;
		}
		assertThat(response.status()).as("only a 2xx may succeed").isBetween(200, 299);
		assertThat(body).isNotNull();
		TaskHandle handle = new TaskHandle(family, "t1", Instant.EPOCH, null);
		Task task = TaskJson.task(handle, body.tree());
		assertThat(task.progress()).satisfiesAnyOf((progress) -> assertThat(progress).isNull(),
				(progress) -> assertThat(progress).isBetween(0, 100));
		assertThat(task.resultUrls()).allSatisfy((url) -> assertThat(url).matches("(?i)(https?://|/).*"));
		if (task.status() == null) {
			assertThat(task.state()).isEqualTo(TaskState.UNKNOWN);
		}
		TaskHandle submitted = TaskJson.handle(family, null, body.tree(), Instant.EPOCH);
		if (submitted != null) {
			assertThat(submitted.id()).isNotBlank().doesNotContain("/");
		}
	}

	@net.jqwik.api.Example
	void aCodeThatIsNoWholeNumberIsNoFamilysCode() {
		// found by the property: a fractional or huge code made Jackson refuse intValue()
		for (String body : List.of("{\"code\":0.01,\"description\":\"x\",\"result\":\"1\"}",
				"{\"code\":1e30,\"message\":\"m\",\"data\":{\"task_id\":\"t\"}}",
				"{\"code\":-0.5,\"data\":{}}")) {
			tools.jackson.databind.JsonNode tree = MAPPER.readTree(body);
			assertThat(TaskJson.refusal(tree)).as(body).isNotNull();
			TaskJson.task(new TaskHandle(TaskFamily.MIDJOURNEY, "t1", Instant.EPOCH, null), tree);
		}
	}

	@Provide
	Arbitrary<HostileResponses.Response> answers() {
		Arbitrary<byte[]> tasks = taskShapes().map((value) -> MAPPER.writeValueAsBytes(value));
		Arbitrary<byte[]> bodies = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, tasks),
				net.jqwik.api.Tuple.of(1, HostileResponses.bodies()));
		Arbitrary<Integer> statuses = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just(200)),
				net.jqwik.api.Tuple.of(1, HostileResponses.statuses()));
		return Combinators.combine(statuses, bodies, HostileResponses.contentTypes(), HostileResponses.headers())
			.as(HostileResponses.Response::new);
	}

	private static Arbitrary<Object> taskShapes() {
		Arbitrary<Object> status = Arbitraries.oneOf(
				Arbitraries.of("queued", "IN_PROGRESS", "SUCCESS", "failed", "succeed", "NOT_START", "cancelled",
						"MODAL", "melting", "", "unknown").map(Object.class::cast),
				Arbitraries.strings().ofMaxLength(20).map(Object.class::cast), Arbitraries.just(null),
				Arbitraries.integers().map(Object.class::cast), Arbitraries.just(List.of("SUCCESS")));
		Arbitrary<Object> progress = Arbitraries.oneOf(Arbitraries.of("30%", "100%", "about half", "-5%", "1e400", "NaN",
				" 42 ", "%").map(Object.class::cast), Arbitraries.doubles().map(Object.class::cast),
				Arbitraries.integers().map(Object.class::cast), Arbitraries.just(null), Arbitraries.just(Map.of("x", 1)));
		Arbitrary<Object> url = Arbitraries.oneOf(Arbitraries.of("https://cdn.example/v.mp4", "/mj/image/1", "ftp://x",
				"javascript:alert(1)", "", "   ").map(Object.class::cast), Arbitraries.strings().ofMaxLength(40)
					.map(Object.class::cast), Arbitraries.just(null), Arbitraries.integers().map(Object.class::cast));
		Arbitrary<Object> id = Arbitraries.oneOf(Arbitraries.of("task_1", "a/b", "", " ", "x?y").map(Object.class::cast),
				Arbitraries.longs().map(Object.class::cast), Arbitraries.just(null));
		Arbitrary<Object> code = Arbitraries.oneOf(Arbitraries.of("success", "error", "task_not_exist", "0", "")
			.map(Object.class::cast), Arbitraries.of(0, 1, 4, 21, 22, 23, 24, 200, 500).map(Object.class::cast),
				Arbitraries.just(null));
		return Combinators.combine(status, progress, url, id, code, Arbitraries.integers().between(0, 5))
			.as((s, p, u, i, c, shape) -> switch (shape) {
				// the generic envelope (and new-api's Kling)
				case 0 -> map("code", c, "message", "m", "data", map("task_id", i, "status", s, "progress", p,
						"result_url", u, "fail_reason", u, "url", u));
				// Kling's own
				case 1 -> map("code", c, "message", "SUCCEED", "data", map("task_id", i, "task_status", s,
						"task_result", map("videos", java.util.Arrays.asList(map("url", u), u))));
				// Suno: the id as data, or a task with clips
				case 2 -> map("code", c, "data", (i instanceof String) ? i
						: map("task_id", i, "status", s, "progress", p, "data", java.util.Arrays.asList(map("audio_url", u), "x")));
				// Midjourney submit and fetch
				case 3 -> map("code", c, "description", u, "result", i);
				case 4 -> map("id", i, "status", s, "progress", p, "imageUrl", u, "failReason", u, "buttons", u,
						"imageUrls", java.util.Arrays.asList(u, map("url", u)));
				// OpenAI's video
				default -> map("id", i, "status", s, "progress", p, "error", map("message", u, "code", c),
						"metadata", map("url", u));
			});
	}

	private static Map<String, Object> map(Object... pairs) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], pairs[i + 1]);
		}
		return map;
	}

}
