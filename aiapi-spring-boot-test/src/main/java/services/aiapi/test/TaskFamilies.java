package services.aiapi.test;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's async task families as the simulator answers them: Kling (its own format, or new-api's
 * {@code {code, data}} envelope in the new-api dialect), Suno, Midjourney (the midjourney-proxy protocol), and
 * new-api's generic video task. Each task moves on with the simulator's clock (queued for the first tenth of
 * {@code taskDuration}, then running with its progress, then finished); a prompt with "fail" fails, one with
 * "banned" is refused at submit (Midjourney: code 24). A finished task's content — a video, a song, a picture — is
 * served by the simulator's second host, without a key.
 */
final class TaskFamilies {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final AiApiSimulator simulator;

	private final GatewayBehaviour gateway;

	TaskFamilies(AiApiSimulator simulator, GatewayBehaviour gateway) {
		this.simulator = simulator;
		this.gateway = gateway;
	}

	// the family route this exchange is for, answered; null for none
	ResponseDefinitionBuilder route(GatewayBehaviour.Exchange exchange) {
		String method = exchange.method;
		String path = exchange.path;
		if (method.equals("POST") && (path.equals("/kling/v1/videos/text2video") || path.equals("/kling/v1/videos/image2video"))) {
			return submit(exchange, path.endsWith("text2video") ? "kling-text" : "kling-image");
		}
		if (method.equals("GET") && (path.startsWith("/kling/v1/videos/text2video/") || path.startsWith("/kling/v1/videos/image2video/"))) {
			return fetch(exchange, path.substring(path.lastIndexOf('/') + 1), "kling");
		}
		if (method.equals("POST") && (path.equals("/suno/submit/music") || path.equals("/suno/submit/lyrics"))) {
			return submit(exchange, path.endsWith("music") ? "suno-music" : "suno-lyrics");
		}
		if (method.equals("GET") && path.startsWith("/suno/fetch/")) {
			return fetch(exchange, path.substring("/suno/fetch/".length()), "suno");
		}
		if (method.equals("POST") && path.startsWith("/v1/videos/") && path.endsWith("/remix")) {
			return remix(exchange, path.substring("/v1/videos/".length(), path.length() - "/remix".length()));
		}
		if (method.equals("POST") && path.startsWith("/mj/submit/")) {
			return submit(exchange, "mj-" + path.substring("/mj/submit/".length()));
		}
		if (method.equals("GET") && path.startsWith("/mj/task/") && path.endsWith("/fetch")) {
			return fetch(exchange, path.substring("/mj/task/".length(), path.length() - "/fetch".length()), "mj");
		}
		return null;
	}

	private ResponseDefinitionBuilder submit(GatewayBehaviour.Exchange exchange, String family) {
		JsonNode request;
		try {
			request = JSON.readTree(exchange.body);
		}
		catch (JacksonException ex) {
			request = null;
		}
		if (request == null || !request.isObject()) {
			return this.gateway.invalidParameter(exchange, "Invalid request: the body is not a JSON object");
		}
		String prompt = request.path("prompt").asString("");
		String model;
		if (family.startsWith("kling")) {
			model = request.path("model_name").asString("");
			if (model.isEmpty() || (family.equals("kling-text") && prompt.isBlank())
					|| (family.equals("kling-image") && request.path("image").asString("").isBlank())) {
				return this.gateway.invalidParameter(exchange, "Invalid request: model_name and a prompt (or an image) are required");
			}
			model = "kling-v1";
		}
		else if (family.startsWith("suno")) {
			if (prompt.isBlank()) {
				return this.gateway.invalidParameter(exchange, "Invalid request: prompt is required");
			}
			model = "suno";
		}
		else {
			model = "midjourney";
			if (family.equals("mj-action")) {
				String parent = request.path("taskId").asString("");
				if (this.simulator.tasks().get(parent) == null) {
					return this.gateway.ok(mjRefusal(3, "task_not_found: " + parent));
				}
				prompt = "action on " + parent;
			}
			else if (family.equals("mj-blend") && request.path("base64Array").size() < 2) {
				return this.gateway.ok(mjRefusal(4, "base64Array must hold two to five images"));
			}
			else if (family.equals("mj-describe")) {
				prompt = "describe";
			}
			if (prompt.toLowerCase(Locale.ROOT).contains("banned")) {
				return this.gateway.ok(mjRefusal(24, "banned prompt detected"));
			}
		}
		ResponseDefinitionBuilder rejected = this.gateway.admitTask(exchange, prompt);
		if (rejected != null) {
			return rejected;
		}
		String id = family.startsWith("mj") ? Long.toString(System.nanoTime()) : UUID.randomUUID().toString();
		Instant created = this.simulator.clock().instant();
		this.simulator.tasks().put(id, new AiApiSimulator.SimulatedTask(id, family, model, prompt, created));
		if (family.startsWith("kling")) {
			ObjectNode data = JSON.createObjectNode().put("task_id", id).put("task_status", "submitted")
				.put("created_at", created.toEpochMilli());
			return this.gateway.ok(kling(data).toString());
		}
		if (family.startsWith("suno")) {
			return this.gateway.ok(JSON.createObjectNode().put("code", "success").put("message", "").put("data", id)
				.toString());
		}
		return this.gateway.ok(JSON.createObjectNode().put("code", 1).put("description", "Submit success")
			.put("result", id).set("properties", JSON.createObjectNode()).toString());
	}

	// OpenAI's remix of a finished video: a new video task
	private ResponseDefinitionBuilder remix(GatewayBehaviour.Exchange exchange, String parentId) {
		AiApiSimulator.SimulatedTask parent = this.simulator.tasks().get(parentId);
		if (parent == null || !parent.family().equals("openai")) {
			return this.gateway.error(exchange, 404, "task_not_found", "Video '" + parentId + "' not found", null);
		}
		if (phase(parent).stage() != 2) {
			return this.gateway.invalidParameter(exchange, "Video " + parentId + " is not finished");
		}
		JsonNode request;
		try {
			request = JSON.readTree(exchange.body);
		}
		catch (JacksonException ex) {
			request = null;
		}
		String prompt = (request != null) ? request.path("prompt").asString("") : "";
		if (prompt.isBlank()) {
			return this.gateway.invalidParameter(exchange, "Invalid request: prompt is required");
		}
		ResponseDefinitionBuilder rejected = this.gateway.admitTask(exchange, prompt);
		if (rejected != null) {
			return rejected;
		}
		String id = "task_" + UUID.randomUUID().toString().replace("-", "");
		Instant created = this.simulator.clock().instant();
		this.simulator.tasks().put(id, new AiApiSimulator.SimulatedTask(id, "openai", parent.model(), prompt, created));
		return this.gateway.ok(JSON.createObjectNode().put("id", id).put("object", "video")
			.put("model", parent.model()).put("status", "queued").put("progress", 0)
			.put("remixed_from_video_id", parentId).toString());
	}

	private ResponseDefinitionBuilder fetch(GatewayBehaviour.Exchange exchange, String id, String family) {
		AiApiSimulator.SimulatedTask task = this.simulator.tasks().get(id);
		if (task == null || !task.family().startsWith(family)) {
			if (family.equals("mj")) {
				return this.gateway.error(exchange, 404, "task_not_found", "task_not_found", null);
			}
			if (this.simulator.dialect() == Dialect.NEW_API) {
				return ResponseDefinitionBuilder.responseDefinition().withStatus(400)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"code\":\"task_not_exist\",\"message\":\"task_not_exist\",\"data\":null}");
			}
			return this.gateway.error(exchange, 404, "task_not_found", "Task with id '" + id + "' not found", null);
		}
		if (family.equals("kling")) {
			return this.gateway.ok(klingTask(task).toString());
		}
		if (family.equals("suno")) {
			return this.gateway.ok(envelope(sunoTask(task)).toString());
		}
		return this.gateway.ok(mjTask(task).toString());
	}

	// where a task stands by the simulator's clock
	private Phase phase(AiApiSimulator.SimulatedTask task) {
		Duration elapsed = Duration.between(task.createdAt(), this.simulator.clock().instant());
		double fraction = (double) elapsed.toMillis() / Math.max(1, this.simulator.taskDuration().toMillis());
		if (fraction < 0.1) {
			return new Phase(0, 0);
		}
		if (fraction < 1) {
			return new Phase(1, (int) (fraction * 100));
		}
		return new Phase(task.prompt().toLowerCase(Locale.ROOT).contains("fail") ? 3 : 2, 100);
	}

	private record Phase(int stage, int progress) {

		// 0 queued, 1 running, 2 succeeded, 3 failed
		String word(String queued, String running, String succeeded, String failed) {
			return switch (this.stage) {
				case 0 -> queued;
				case 1 -> running;
				case 2 -> succeeded;
				default -> failed;
			};
		}

	}

	private ObjectNode klingTask(AiApiSimulator.SimulatedTask task) {
		Phase phase = phase(task);
		String url = (phase.stage() == 2) ? video(task) : null;
		if (this.simulator.dialect() == Dialect.NEW_API) {
			// new-api's own reading of a Kling task
			ObjectNode data = JSON.createObjectNode().put("task_id", task.id())
				.put("status", phase.word("queued", "processing", "succeeded", "failed"))
				.put("format", "mp4").put("url", (url != null) ? url : "");
			if (phase.stage() == 3) {
				data.putObject("error").put("message", "The simulated generation failed").put("code", "task_failed");
			}
			else {
				data.putNull("error");
			}
			return envelope(data);
		}
		ObjectNode data = JSON.createObjectNode().put("task_id", task.id())
			.put("task_status", phase.word("submitted", "processing", "succeed", "failed"))
			.put("task_status_msg", (phase.stage() == 3) ? "The simulated generation failed" : "");
		if (url != null) {
			data.putObject("task_result").putArray("videos").addObject().put("id", task.id()).put("url", url)
				.put("duration", "5");
		}
		return kling(data);
	}

	private ObjectNode sunoTask(AiApiSimulator.SimulatedTask task) {
		Phase phase = phase(task);
		boolean lyrics = task.family().equals("suno-lyrics");
		ObjectNode data = JSON.createObjectNode().put("task_id", task.id()).put("action", lyrics ? "LYRICS" : "MUSIC")
			.put("status", phase.word("NOT_START", "IN_PROGRESS", "SUCCESS", "FAILURE"))
			.put("progress", phase.progress() + "%")
			.put("fail_reason", (phase.stage() == 3) ? "The simulated song failed" : "")
			.put("submit_time", task.createdAt().getEpochSecond());
		if (phase.stage() == 2) {
			if (lyrics) {
				data.putObject("data").put("title", "Simulated").put("text", "[Verse]\n" + task.prompt());
			}
			else {
				ArrayNode clips = data.putArray("data");
				clips.addObject().put("id", task.id() + "-1").put("status", "complete").put("title", "Simulated")
					.put("audio_url", song(task)).put("image_url", this.simulator.publishOnCdn(task.id() + ".png",
							GatewayBehaviour.png(64, 64, task.id()), "image/png"));
			}
		}
		return data;
	}

	private ObjectNode mjTask(AiApiSimulator.SimulatedTask task) {
		Phase phase = phase(task);
		ObjectNode json = JSON.createObjectNode().put("id", task.id())
			.put("action", task.family().substring("mj-".length()).toUpperCase(Locale.ROOT))
			.put("prompt", task.prompt()).put("description", "/imagine " + task.prompt())
			.put("status", phase.word("SUBMITTED", "IN_PROGRESS", "SUCCESS", "FAILURE"))
			.put("progress", phase.progress() + "%")
			.put("submitTime", task.createdAt().toEpochMilli())
			.put("failReason", (phase.stage() == 3) ? "The simulated drawing failed" : "")
			.put("imageUrl", (phase.stage() == 2) ? this.simulator.publishOnCdn(task.id() + ".png",
					GatewayBehaviour.png(128, 128, task.id()), "image/png") : "");
		if (phase.stage() == 2) {
			ArrayNode buttons = json.putArray("buttons");
			for (int i = 1; i <= 4; i++) {
				buttons.addObject().put("customId", "MJ::JOB::upsample::" + i + "::" + task.id()).put("label", "U" + i);
			}
		}
		return json;
	}

	// new-api's generic video task, in its envelope's words
	ObjectNode generic(AiApiSimulator.SimulatedTask task) {
		Phase phase = phase(task);
		ObjectNode data = JSON.createObjectNode().put("task_id", task.id()).put("model", task.model())
			.put("status", phase.word("QUEUED", "IN_PROGRESS", "SUCCESS", "FAILURE"))
			.put("progress", phase.progress() + "%")
			.put("fail_reason", (phase.stage() == 3) ? "The simulated generation failed" : "");
		if (phase.stage() == 2) {
			data.put("result_url", video(task));
		}
		return data;
	}

	ObjectNode envelope(ObjectNode data) {
		ObjectNode json = JSON.createObjectNode().put("code", "success").put("message", "");
		json.set("data", data);
		return json;
	}

	private static ObjectNode kling(ObjectNode data) {
		ObjectNode json = JSON.createObjectNode().put("code", 0).put("message", "SUCCEED")
			.put("request_id", UUID.randomUUID().toString());
		json.set("data", data);
		return json;
	}

	private static String mjRefusal(int code, String description) {
		return JSON.createObjectNode().put("code", code).put("description", description).putNull("result").toString();
	}

	private String video(AiApiSimulator.SimulatedTask task) {
		return this.simulator.publishOnCdn(task.id() + ".mp4", GatewayBehaviour.media(task.id(), 128 * 1024, "\0\0\0\u0018ftypmp42"),
				"video/mp4");
	}

	// a real WAV, as the simulator's speech makes one
	private String song(AiApiSimulator.SimulatedTask task) {
		byte[] wav = GatewayBehaviour.wav(GatewayBehaviour.tone(task.prompt(), 24_000, 1000), 24_000);
		return this.simulator.publishOnCdn(task.id() + ".wav", wav, "audio/wav");
	}

}
