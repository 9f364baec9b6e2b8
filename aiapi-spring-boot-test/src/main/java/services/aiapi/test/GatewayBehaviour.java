package services.aiapi.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulator's gateway logic, as a WireMock transformer applied to every request.
 */
final class GatewayBehaviour implements com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2 {

	private static final Pattern TRIGGER = Pattern.compile("simulate:\\s*([a-z_]+)");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final AiApiSimulator simulator;

	private final TaskFamilies tasks;

	GatewayBehaviour(AiApiSimulator simulator) {
		this.simulator = simulator;
		this.tasks = new TaskFamilies(simulator, this);
	}

	@Override
	public String getName() {
		return "aiapi-gateway";
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		Request request = serveEvent.getRequest();
		String path = request.getUrl().split("\\?", 2)[0];
		String body = (request.getBody() != null) ? new String(request.getBody(), StandardCharsets.UTF_8) : "";
		String key = bearerKey(request.getHeader("Authorization"));
		if (key == null && path.equals("/v1/messages")) {
			// the Messages route also takes Anthropic's header
			key = request.getHeader("x-api-key");
		}
		boolean authenticated = key != null && this.simulator.knowsKey(key) && !this.simulator.isRevoked(key);
		this.simulator.record(new RecordedRequest(request.getMethod().getName(), path, body, authenticated,
				this.simulator.clock().instant(), key));
		Exchange exchange = new Exchange(request.getMethod().getName(), path, body, key, isStream(body));
		exchange.request = request;
		SimulatedFault fault = this.simulator.nextFault();
		ResponseDefinitionBuilder response = respond(exchange, authenticated, fault);
		if (this.simulator.dialect() == Dialect.DOCUMENTED && exchange.remaining >= 0) {
			response.withHeader("X-RateLimit-Limit-Requests", Integer.toString(exchange.limit))
				.withHeader("X-RateLimit-Remaining-Requests", Integer.toString(exchange.remaining))
				.withHeader("X-RateLimit-Reset-Requests", Long.toString(exchange.reset));
		}
		if (fault != null && fault.kind() == SimulatedFault.Kind.DELAY) {
			response.withFixedDelay((int) fault.delay().toMillis());
		}
		return response.build();
	}

	private ResponseDefinitionBuilder respond(Exchange exchange, boolean authenticated, SimulatedFault fault) {
		if (fault != null && fault.kind() == SimulatedFault.Kind.RESET) {
			return ResponseDefinitionBuilder.responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER);
		}
		if (fault != null && fault.kind() == SimulatedFault.Kind.SCRIPTED && fault.scripted() != null) {
			ScriptedResponse scripted = fault.scripted();
			ResponseDefinitionBuilder response = ResponseDefinitionBuilder.responseDefinition()
				.withStatus(scripted.status())
				.withBody(scripted.body());
			scripted.headers().forEach(response::withHeader);
			return response;
		}
		if (fault != null && fault.kind() == SimulatedFault.Kind.STATUS) {
			return error(exchange, fault.status(), fault.code(), "Simulated failure " + fault.code(), null);
		}
		if (exchange.method.equals("GET") && exchange.path.startsWith(IMAGE_URL_PREFIX)) {
			// a generated image's URL: served like a provider's CDN, without the key
			byte[] image = this.simulator.images()
				.get(exchange.path.substring(IMAGE_URL_PREFIX.length()).replace(".png", ""));
			return (image != null) ? base(200).withHeader("Content-Type", "image/png").withBody(image)
					: base(404).withHeader("Content-Type", "text/plain").withBody("Not Found");
		}
		if (!authenticated) {
			return invalidKey(exchange);
		}
		String method = exchange.method;
		String path = exchange.path;
		if (method.equals("GET") && path.equals("/v1/models")) {
			return ok(models());
		}
		if (method.equals("GET") && path.equals("/v1/dashboard/billing/subscription")) {
			return ok(subscription(exchange));
		}
		if (method.equals("GET") && path.equals("/v1/dashboard/billing/usage")) {
			return ok(usage(exchange));
		}
		if (method.equals("GET") && path.startsWith("/v1/models/")) {
			return model(exchange, path.substring("/v1/models/".length()));
		}
		if (method.equals("POST") && path.equals("/v1/chat/completions")) {
			return chat(exchange, fault);
		}
		if (method.equals("POST") && path.equals("/v1/embeddings")) {
			return embeddings(exchange);
		}
		if (method.equals("POST") && path.equals("/v1/responses")) {
			return dialectChat(exchange, fault, true);
		}
		if (method.equals("POST") && path.equals("/v1/messages")) {
			return dialectChat(exchange, fault, false);
		}
		if (method.equals("POST") && (path.equals("/v1/videos") || path.equals("/v1/video/generations"))) {
			return submitTask(exchange);
		}
		if (method.equals("GET") && path.startsWith("/v1/videos/") && path.endsWith("/content")) {
			return videoContent(exchange, path.substring("/v1/videos/".length(), path.length() - "/content".length()));
		}
		if (method.equals("POST")
				&& (path.equals("/v1/audio/transcriptions") || path.equals("/v1/audio/translations"))) {
			return transcription(exchange);
		}
		if (method.equals("POST") && path.equals("/v1/audio/speech")) {
			return speech(exchange);
		}
		if (method.equals("POST") && path.equals("/v1/images/generations")) {
			return images(exchange);
		}
		if (method.equals("POST") && path.equals("/v1/images/edits")) {
			return imageEdits(exchange);
		}
		if (method.equals("POST") && path.equals("/v1/moderations")) {
			return moderations(exchange);
		}
		if (method.equals("POST") && path.equals("/v1/rerank")) {
			return rerank(exchange);
		}
		if (method.equals("GET") && (path.startsWith("/v1/videos/") || path.startsWith("/v1/video/generations/"))) {
			return task(exchange, path.substring(path.lastIndexOf('/') + 1));
		}
		ResponseDefinitionBuilder family = this.tasks.route(exchange);
		if (family != null) {
			return family;
		}
		return notFoundUrl(exchange);
	}

	private ResponseDefinitionBuilder chat(Exchange exchange, SimulatedFault fault) {
		JsonNode request = parse(exchange.body);
		ResponseDefinitionBuilder invalid = invalidModelRequest(exchange, request);
		if (invalid != null) {
			return invalid;
		}
		String model = request.path("model").asString();
		JsonNode messages = request.path("messages");
		if (!messages.isArray() || messages.isEmpty()) {
			return invalidParameter(exchange, "invalid message format: messages must be a non-empty array");
		}
		JsonNode maxTokens = request.path("max_tokens");
		if (maxTokens.isNumber() && maxTokens.asInt() <= 0) {
			return invalidParameter(exchange, "Invalid parameter: max_tokens must be a positive integer");
		}
		JsonNode temperature = request.path("temperature");
		if (temperature.isNumber() && (temperature.asDouble() < 0 || temperature.asDouble() > 2)) {
			return invalidParameter(exchange, "Invalid parameter: temperature must be between 0 and 2");
		}
		// what an OpenAI-compatible upstream refuses, passed on by the gateway as a 400
		String shape = OpenAiRequestSchema.check(request);
		if (shape == null) {
			shape = ChatAnswers.checkToolTurns(messages);
		}
		if (shape != null) {
			return invalidParameter(exchange, "invalid message format: " + shape);
		}
		String prompt = ChatAnswers.lastUserText(messages);
		ResponseDefinitionBuilder rejected = admit(exchange, prompt, model);
		if (rejected != null) {
			return rejected;
		}
		ChatAnswers.Answer answer = ChatAnswers.answer(request, prompt, this.simulator.replyTo(prompt));
		int promptTokens = words(messages.toString());
		ObjectNode usage = usage(promptTokens, answer, messages.size());
		if (exchange.stream) {
			boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
			int cutAfter = (fault != null && fault.kind() == SimulatedFault.Kind.CUT_STREAM) ? fault.chunks() : -1;
			return stream(exchange, model, answer, includeUsage ? usage : null, cutAfter);
		}
		ObjectNode completion = JSON.createObjectNode();
		completion.put("id", "chatcmpl-" + shortId());
		completion.put("object", "chat.completion");
		completion.put("created", this.simulator.clock().instant().getEpochSecond());
		completion.put("model", model);
		ObjectNode choice = completion.putArray("choices").addObject();
		choice.put("index", 0);
		ObjectNode message = choice.putObject("message").put("role", "assistant");
		if (answer.reasoning() != null) {
			message.put("reasoning_content", answer.reasoning());
		}
		message.put("content", answer.content());
		if (!answer.toolCalls().isEmpty()) {
			message.putArray("tool_calls").addAll(answer.toolCalls());
		}
		choice.put("finish_reason", answer.finishReason());
		completion.set("usage", usage);
		return ok(completion.toString());
	}

	// The Responses API (responses) or the Messages API: the request checked against the dialect's schema, read as
	// the chat request it stands for, answered by the same simulated model, written in the dialect's shape
	private ResponseDefinitionBuilder dialectChat(Exchange exchange, SimulatedFault fault, boolean responses) {
		JsonNode request = parse(exchange.body);
		ResponseDefinitionBuilder invalid = invalidModelRequest(exchange, request);
		if (invalid != null) {
			return invalid;
		}
		String shape = (responses ? OpenAiRequestSchema.RESPONSES : OpenAiRequestSchema.MESSAGES)
			.checkAgainst(request);
		ObjectNode chat = responses ? DialectAnswers.chatFromResponses(request)
				: DialectAnswers.chatFromMessages(request);
		JsonNode messages = chat.path("messages");
		if (shape == null && messages.isEmpty()) {
			shape = "the input has no message";
		}
		if (shape == null) {
			shape = ChatAnswers.checkToolTurns(messages);
		}
		if (shape != null) {
			return invalidParameter(exchange, "invalid request: " + shape);
		}
		String model = request.path("model").asString();
		String prompt = ChatAnswers.lastUserText(messages);
		ResponseDefinitionBuilder rejected = admit(exchange, prompt, model);
		if (rejected != null) {
			return rejected;
		}
		ChatAnswers.Answer answer = ChatAnswers.answer(chat, prompt, this.simulator.replyTo(prompt));
		int promptTokens = words(messages.toString());
		int cached = (messages.size() > 2) ? promptTokens / 2 : 0;
		String lower = prompt.toLowerCase(Locale.ROOT);
		String inStream = lower.contains("simulate: stream_error") ? "error"
				: lower.contains("simulate: response_failed") ? "failed" : null;
		int cutAfter = (fault != null && fault.kind() == SimulatedFault.Kind.CUT_STREAM) ? fault.chunks() : -1;
		long created = this.simulator.clock().instant().getEpochSecond();
		List<String> events;
		if (responses) {
			ObjectNode whole = DialectAnswers.response("resp_" + shortId(), created, model, answer, promptTokens,
					cached, "completed");
			if (!exchange.stream) {
				return ok(whole.toString());
			}
			String error = null;
			if ("error".equals(inStream)) {
				error = DialectAnswers.sse("error", JSON.createObjectNode()
					.put("type", "error")
					.put("code", "server_error")
					.put("message", "Simulated upstream failure mid-stream (request id: " + exchange.requestId + ")")
					.putNull("param"));
			}
			else if ("failed".equals(inStream)) {
				ObjectNode failed = whole.deepCopy().put("status", "failed");
				failed.putArray("output");
				failed.putObject("error")
					.put("code", "server_error")
					.put("message", "Simulated response failure (request id: " + exchange.requestId + ")");
				ObjectNode event = JSON.createObjectNode().put("type", "response.failed");
				event.set("response", failed);
				error = DialectAnswers.sse("response.failed", event);
			}
			events = DialectAnswers.responseEvents(whole, answer, cutAfter, error);
		}
		else {
			ObjectNode whole = DialectAnswers.message("msg_" + shortId(), model, answer, promptTokens, cached);
			if (!exchange.stream) {
				return ok(whole.toString());
			}
			String error = null;
			if (inStream != null) {
				ObjectNode event = JSON.createObjectNode().put("type", "error");
				event.putObject("error").put("type", "overloaded_error").put("message", "Overloaded");
				error = DialectAnswers.sse("error", event);
			}
			events = DialectAnswers.messageEvents(whole, cutAfter, this.simulator.pings(), error);
		}
		return eventStream(events);
	}

	private ResponseDefinitionBuilder eventStream(List<String> events) {
		ResponseDefinitionBuilder response = base(200).withHeader("Content-Type", "text/event-stream")
			.withHeader("Cache-Control", "no-cache")
			.withBody(String.join("", events));
		long pace = this.simulator.chunkPace().toMillis();
		if (pace > 0) {
			response.withChunkedDribbleDelay(events.size(), (int) (pace * events.size()));
		}
		return response;
	}

	private ResponseDefinitionBuilder stream(Exchange exchange, String model, ChatAnswers.Answer answer,
			ObjectNode usage, int cutAfter) {
		String id = "chatcmpl-" + shortId();
		long created = this.simulator.clock().instant().getEpochSecond();
		List<String> events = new ArrayList<>();
		events.add(chunk(id, created, model, "{\"role\":\"assistant\",\"content\":\"\"}", null));
		List<ObjectNode> deltas = new ArrayList<>();
		if (answer.reasoning() != null) {
			for (String word : answer.reasoning().split("(?= )")) {
				deltas.add(JSON.createObjectNode().put("reasoning_content", word));
			}
		}
		if (answer.content() != null) {
			for (String word : answer.content().split("(?= )")) {
				deltas.add(JSON.createObjectNode().put("content", word));
			}
		}
		boolean repeat = this.simulator.dialect() == Dialect.NEW_API;
		for (int index = 0; index < answer.toolCalls().size(); index++) {
			deltas.addAll(toolCallDeltas(index, answer.toolCalls().get(index), repeat));
		}
		int sent = 0;
		for (int i = 0; i < deltas.size(); i++) {
			if (cutAfter >= 0 && sent == cutAfter) {
				break;
			}
			if (this.simulator.pings() && i % 3 == 2) {
				events.add(": PING\n\n");
			}
			events.add(chunk(id, created, model, deltas.get(i).toString(), null));
			sent++;
		}
		if (cutAfter < 0) {
			events.add(chunk(id, created, model, "{}", answer.finishReason()));
			if (usage != null) {
				ObjectNode usageChunk = JSON.createObjectNode();
				usageChunk.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
				usageChunk.putArray("choices");
				usageChunk.set("usage", usage);
				events.add("data: " + usageChunk + "\n\n");
			}
			events.add("data: [DONE]\n\n");
		}
		else if (this.simulator.dialect() == Dialect.NEW_API) {
			// new-api logs a mid-stream upstream failure and still ends the stream normally
			events.add("data: [DONE]\n\n");
		}
		String body = String.join("", events);
		ResponseDefinitionBuilder response = base(200).withHeader("Content-Type", "text/event-stream")
			.withHeader("Cache-Control", "no-cache")
			.withBody(body);
		long pace = this.simulator.chunkPace().toMillis();
		if (pace > 0) {
			response.withChunkedDribbleDelay(events.size(), (int) (pace * events.size()));
		}
		return response;
	}

	// OpenAI sends id, type and name on a call's first delta and the arguments in pieces after it; behind new-api
	// some upstreams repeat id, type and name on every delta
	private static List<ObjectNode> toolCallDeltas(int index, ObjectNode call, boolean repeat) {
		String arguments = call.path("function").path("arguments").asString("");
		List<String> pieces = new ArrayList<>();
		for (int start = 0; start < arguments.length();) {
			int end = Math.min(arguments.length(), start + 7);
			if (end < arguments.length() && Character.isHighSurrogate(arguments.charAt(end - 1))) {
				end++;
			}
			pieces.add(arguments.substring(start, end));
			start = end;
		}
		List<ObjectNode> deltas = new ArrayList<>();
		for (int i = -1; i < pieces.size(); i++) {
			ObjectNode delta = JSON.createObjectNode();
			ObjectNode part = delta.putArray("tool_calls").addObject().put("index", index);
			ObjectNode function = JSON.createObjectNode();
			if (i < 0 || repeat) {
				part.put("id", call.path("id").asString()).put("type", "function");
				function.put("name", call.path("function").path("name").asString());
			}
			function.put("arguments", (i < 0) ? "" : pieces.get(i));
			part.set("function", function);
			deltas.add(delta);
		}
		return deltas;
	}

	private String chunk(String id, long created, String model, String delta, String finishReason) {
		return "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created
				+ ",\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
				+ ((finishReason != null) ? "\"" + finishReason + "\"" : "null") + "}]}\n\n";
	}

	private ResponseDefinitionBuilder embeddings(Exchange exchange) {
		JsonNode request = parse(exchange.body);
		ResponseDefinitionBuilder invalid = invalidModelRequest(exchange, request);
		if (invalid != null) {
			return invalid;
		}
		String model = request.path("model").asString();
		List<String> inputs = new ArrayList<>();
		JsonNode input = request.path("input");
		if (input.isString()) {
			inputs.add(input.asString());
		}
		else if (input.isArray()) {
			input.forEach((item) -> inputs.add(item.asString()));
		}
		if (inputs.isEmpty()) {
			return invalidParameter(exchange, "input must not be empty");
		}
		ResponseDefinitionBuilder rejected = admit(exchange, "", model);
		if (rejected != null) {
			return rejected;
		}
		int dimensions = request.path("dimensions").asInt(8);
		ObjectNode response = JSON.createObjectNode().put("object", "list").put("model", model);
		ArrayNode data = response.putArray("data");
		int tokens = 0;
		for (int i = 0; i < inputs.size(); i++) {
			ObjectNode embedding = data.addObject().put("object", "embedding").put("index", i);
			ArrayNode vector = embedding.putArray("embedding");
			java.util.Random random = new java.util.Random(inputs.get(i).hashCode());
			for (int d = 0; d < dimensions; d++) {
				vector.add(Math.round((random.nextDouble() * 2 - 1) * 1e6) / 1e6);
			}
			tokens += words(inputs.get(i));
		}
		response.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
		return ok(response.toString());
	}

	private ResponseDefinitionBuilder submitTask(Exchange exchange) {
		JsonNode request = parse(exchange.body);
		if (request == null || request.path("prompt").asString("").isBlank()) {
			return invalidParameter(exchange, "prompt is required");
		}
		String model = request.path("model").asString("");
		ResponseDefinitionBuilder rejected = admit(exchange, request.path("prompt").asString(), model);
		if (rejected != null) {
			return rejected;
		}
		String id = "task_" + UUID.randomUUID().toString().replace("-", "");
		Instant created = this.simulator.clock().instant();
		String family = exchange.path.equals("/v1/videos") ? "openai" : "generic";
		this.simulator.tasks().put(id, new AiApiSimulator.SimulatedTask(id, family, model, request.path("prompt").asString(), created));
		if (family.equals("generic") && this.simulator.dialect() == Dialect.NEW_API) {
			return ok(this.tasks.envelope(this.tasks.generic(this.simulator.tasks().get(id))).toString());
		}
		return ok(taskJson(this.simulator.tasks().get(id)).toString());
	}

	private ResponseDefinitionBuilder task(Exchange exchange, String id) {
		AiApiSimulator.SimulatedTask task = this.simulator.tasks().get(id);
		if (task == null) {
			if (this.simulator.dialect() == Dialect.NEW_API) {
				return base(400).withHeader("Content-Type", "application/json")
					.withBody("{\"code\":\"task_not_exist\",\"message\":\"task_not_exist\",\"data\":null}");
			}
			return error(exchange, 404, "task_not_found", "Task with id '" + id + "' not found", null);
		}
		if (task.family().equals("generic") && this.simulator.dialect() == Dialect.NEW_API) {
			return ok(this.tasks.envelope(this.tasks.generic(task)).toString());
		}
		return ok(taskJson(task).toString());
	}

	// The finished video of a completed task: deterministic bytes, an MP4 header then noise
	private ResponseDefinitionBuilder videoContent(Exchange exchange, String id) {
		AiApiSimulator.SimulatedTask task = this.simulator.tasks().get(id);
		if (task == null) {
			return task(exchange, id);
		}
		String status = taskJson(task).path("status").asString();
		if (!status.equals("completed")) {
			return invalidParameter(exchange, "Video " + id + " is not ready: its status is " + status);
		}
		return base(200).withHeader("Content-Type", "video/mp4").withBody(media(id, 256 * 1024, "ftypmp42"));
	}

	// What an OpenAI-compatible upstream does with an uploaded audio file: multipart, a file and a model
	private ResponseDefinitionBuilder transcription(Exchange exchange) {
		String contentType = exchange.request.getHeader("Content-Type");
		if (contentType == null || !contentType.startsWith("multipart/form-data")) {
			return invalidParameter(exchange, "Invalid request: expected multipart/form-data");
		}
		com.github.tomakehurst.wiremock.http.Request.Part file = exchange.request.getPart("file");
		com.github.tomakehurst.wiremock.http.Request.Part model = exchange.request.getPart("model");
		if (file == null || model == null) {
			return invalidParameter(exchange, "Invalid request: the file and model fields are required");
		}
		if (file.getBody().asBytes().length > AUDIO_UPLOAD_LIMIT) {
			// OpenAI's 25 MB limit on audio uploads, passed on by the gateway
			return error(exchange, 413, "invalid_request_error",
					"Maximum content size limit (" + AUDIO_UPLOAD_LIMIT + ") exceeded", null);
		}
		String modelName = model.getBody().asString().trim();
		ResponseDefinitionBuilder rejected = admit(exchange, "", modelName);
		if (rejected != null) {
			return rejected;
		}
		String disposition = String.valueOf(file.getHeader("Content-Disposition").firstValue());
		java.util.regex.Matcher name = Pattern.compile("filename=\"([^\"]*)\"").matcher(disposition);
		String filename = name.find() ? name.group(1) : "file";
		int bytes = file.getBody().asBytes().length;
		String what = exchange.path.endsWith("translations") ? "Simulated English translation of "
				: "Simulated transcription of ";
		String text = what + filename + " (" + bytes + " bytes)";
		com.github.tomakehurst.wiremock.http.Request.Part formatPart = exchange.request.getPart("response_format");
		String format = (formatPart != null) ? formatPart.getBody().asString().trim() : "json";
		double duration = Math.max(1, bytes / 16_000.0);
		switch (format) {
			case "text" -> {
				return base(200).withHeader("Content-Type", "text/plain; charset=utf-8").withBody(text + "\n");
			}
			case "srt" -> {
				return base(200).withHeader("Content-Type", "text/plain; charset=utf-8")
					.withBody("1\n00:00:00,000 --> 00:00:01,000\n" + text + "\n\n");
			}
			case "vtt" -> {
				return base(200).withHeader("Content-Type", "text/vtt; charset=utf-8")
					.withBody("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n" + text + "\n\n");
			}
			case "verbose_json" -> {
				ObjectNode verbose = JSON.createObjectNode()
					.put("task", exchange.path.endsWith("translations") ? "translate" : "transcribe")
					.put("language", "english")
					.put("duration", duration)
					.put("text", text);
				ObjectNode segment = verbose.putArray("segments").addObject();
				segment.put("id", 0).put("start", 0.0).put("end", duration).put("text", text);
				ArrayNode words = verbose.putArray("words");
				String[] split = text.split(" ");
				for (int i = 0; i < split.length; i++) {
					words.addObject()
						.put("word", split[i])
						.put("start", duration * i / split.length)
						.put("end", duration * (i + 1) / split.length);
				}
				return ok(verbose.toString());
			}
			case "json" -> {
				return ok(JSON.createObjectNode().put("text", text).toString());
			}
			default -> {
				return error(exchange, 400, "invalid_request_error", "Unsupported response_format " + format, null);
			}
		}
	}

	// Generated speech: a real WAV (or raw 16-bit PCM) of a tone whose length follows the input; other formats are
	// refused, as an upstream refuses what it cannot make
	private ResponseDefinitionBuilder speech(Exchange exchange) {
		JsonNode request = parse(exchange.body);
		ResponseDefinitionBuilder refused = refused(exchange, request, OpenAiRequestSchema.SPEECH);
		if (refused != null) {
			return refused;
		}
		String input = request.path("input").asString("");
		String format = request.path("response_format").asString("mp3");
		if (!format.equals("wav") && !format.equals("pcm")) {
			return error(exchange, 400, "invalid_request_error",
					"The simulator speaks wav and pcm only, not " + format, null);
		}
		ResponseDefinitionBuilder rejected = admit(exchange, input, request.path("model").asString());
		if (rejected != null) {
			return rejected;
		}
		byte[] pcm = tone(input, 24_000, Math.min(input.length(), 4096) * 60);
		return base(200).withHeader("Content-Type", format.equals("wav") ? "audio/wav" : "audio/pcm")
			.withBody(format.equals("wav") ? wav(pcm, 24_000) : pcm);
	}

	// 16-bit little-endian mono PCM: a sine whose pitch follows the text
	static byte[] tone(String text, int sampleRate, int milliseconds) {
		int samples = sampleRate * milliseconds / 1000;
		byte[] pcm = new byte[samples * 2];
		double frequency = 220 + Math.abs(text.hashCode() % 440);
		for (int i = 0; i < samples; i++) {
			short value = (short) (Math.sin(2 * Math.PI * frequency * i / sampleRate) * 8000);
			pcm[2 * i] = (byte) value;
			pcm[2 * i + 1] = (byte) (value >> 8);
		}
		return pcm;
	}

	static byte[] wav(byte[] pcm, int sampleRate) {
		java.nio.ByteBuffer wav = java.nio.ByteBuffer.allocate(44 + pcm.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcm.length);
		wav.put("WAVE".getBytes(StandardCharsets.US_ASCII)).put("fmt ".getBytes(StandardCharsets.US_ASCII));
		wav.putInt(16).putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2);
		wav.putShort((short) 2).putShort((short) 16);
		wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm.length).put(pcm);
		return wav.array();
	}

	// Images: real PNGs drawn in Java, inline (b64_json) or by URL, with the revised prompt DALL·E 3 gives
	private ResponseDefinitionBuilder images(Exchange exchange) {
		JsonNode request = parse(exchange.body);
		ResponseDefinitionBuilder refused = refused(exchange, request, OpenAiRequestSchema.IMAGES);
		if (refused != null) {
			return refused;
		}
		String prompt = request.path("prompt").asString("");
		int n = request.path("n").asInt(1);
		if (n < 1 || n > 10) {
			return invalidParameter(exchange, "n must be between 1 and 10");
		}
		String size = request.path("size").asString("1024x1024");
		java.util.regex.Matcher dimensions = Pattern.compile("(\\d{2,4})x(\\d{2,4})").matcher(size);
		if (!size.equals("auto") && !dimensions.matches()) {
			return invalidParameter(exchange, "Invalid size: " + size);
		}
		int width = size.equals("auto") ? 1024 : Integer.parseInt(dimensions.group(1));
		int height = size.equals("auto") ? 1024 : Integer.parseInt(dimensions.group(2));
		ResponseDefinitionBuilder rejected = admit(exchange, prompt, request.path("model").asString());
		if (rejected != null) {
			return rejected;
		}
		boolean inline = request.path("response_format").asString("url").equals("b64_json");
		ObjectNode response = JSON.createObjectNode().put("created", this.simulator.clock().instant().getEpochSecond());
		ArrayNode data = response.putArray("data");
		for (int i = 0; i < n; i++) {
			addImage(data, png(width, height, prompt + "#" + i), inline)
				.put("revised_prompt", "A detailed picture of " + prompt);
		}
		int words = words(prompt);
		response.putObject("usage")
			.put("input_tokens", words)
			.put("output_tokens", 1056 * n)
			.put("total_tokens", words + 1056 * n);
		return ok(response.toString());
	}

	// A JSON body that names a model and fits the API's schema passes; anything else gets the gateway's refusal
	private ResponseDefinitionBuilder refused(Exchange exchange, JsonNode request, OpenAiRequestSchema schema) {
		ResponseDefinitionBuilder invalid = invalidModelRequest(exchange, request);
		if (invalid != null) {
			return invalid;
		}
		String shape = schema.checkAgainst(request);
		return (shape != null) ? invalidParameter(exchange, "invalid request: " + shape) : null;
	}

	// One image of an answer: inline (b64_json), or by a URL the simulator serves without the key
	private ObjectNode addImage(ArrayNode data, byte[] png, boolean inline) {
		ObjectNode image = data.addObject();
		if (inline) {
			image.put("b64_json", java.util.Base64.getEncoder().encodeToString(png));
		}
		else {
			String id = shortId();
			this.simulator.images().put(id, png);
			image.put("url", this.simulator.baseUrl() + IMAGE_URL_PREFIX + id + ".png");
		}
		return image;
	}

	// Image edits: multipart, each image a readable PNG (as the API requires); the answer is each image tinted
	private ResponseDefinitionBuilder imageEdits(Exchange exchange) {
		String contentType = exchange.request.getHeader("Content-Type");
		if (contentType == null || !contentType.startsWith("multipart/form-data")) {
			return invalidParameter(exchange, "Invalid request: expected multipart/form-data");
		}
		List<java.awt.image.BufferedImage> images = new ArrayList<>();
		String model = null;
		String prompt = null;
		boolean inline = false;
		for (com.github.tomakehurst.wiremock.http.Request.Part part : exchange.request.getParts()) {
			String name = part.getName();
			if (name.equals("image") || name.equals("image[]")) {
				try {
					java.awt.image.BufferedImage image = javax.imageio.ImageIO
						.read(new java.io.ByteArrayInputStream(part.getBody().asBytes()));
					if (image == null) {
						return error(exchange, 400, "invalid_request_error",
								"Invalid image file: the image must be a PNG, JPEG or WEBP", null);
					}
					images.add(image);
				}
				catch (java.io.IOException ex) {
					return error(exchange, 400, "invalid_request_error", "Invalid image file", null);
				}
			}
			else if (name.equals("model")) {
				model = part.getBody().asString().trim();
			}
			else if (name.equals("prompt")) {
				prompt = part.getBody().asString();
			}
			else if (name.equals("response_format")) {
				inline = part.getBody().asString().trim().equals("b64_json");
			}
		}
		if (images.isEmpty() || model == null || prompt == null || prompt.isBlank()) {
			return invalidParameter(exchange, "Invalid request: image, model and prompt are required");
		}
		ResponseDefinitionBuilder rejected = admit(exchange, prompt, model);
		if (rejected != null) {
			return rejected;
		}
		ObjectNode response = JSON.createObjectNode().put("created", this.simulator.clock().instant().getEpochSecond());
		ArrayNode data = response.putArray("data");
		java.awt.image.BufferedImage first = images.get(0);
		addImage(data, png(first.getWidth(), first.getHeight(), prompt), inline);
		return ok(response.toString());
	}

	private static final String IMAGE_URL_PREFIX = "/simulator/images/";

	private static final int AUDIO_UPLOAD_LIMIT = 25 * 1024 * 1024;

	// the categories a word in the input stands for (and the content filter word, for every category)
	private static final Map<String, String> MODERATION_WORDS = Map.of("kill", "violence", "attack", "violence",
			"hate", "hate", "self-harm", "self-harm", "explicit", "sexual", "steal", "illicit");

	private static final List<String> MODERATION_CATEGORIES = List.of("harassment", "hate", "illicit", "self-harm",
			"sexual", "violence");

	// Moderation: the categories an input's words stand for, scored high, every other low
	private ResponseDefinitionBuilder moderations(Exchange exchange) {
		JsonNode request = parse(exchange.body);
		if (request == null) {
			return error(exchange, 400, "invalid_request_error", "Invalid request body: malformed JSON", null);
		}
		String shape = OpenAiRequestSchema.MODERATION.checkAgainst(request);
		if (shape != null) {
			return invalidParameter(exchange, "invalid request: " + shape);
		}
		ResponseDefinitionBuilder rejected = spend(exchange);
		if (rejected != null) {
			return rejected;
		}
		List<String> inputs = new ArrayList<>();
		JsonNode input = request.path("input");
		if (input.isString()) {
			inputs.add(input.asString());
		}
		else {
			// texts, or parts of one multi-modal input
			boolean parts = input.size() > 0 && input.get(0).isObject();
			StringBuilder joined = new StringBuilder();
			for (JsonNode item : input) {
				if (parts) {
					joined.append(item.path("text").asString("")).append(' ');
				}
				else {
					inputs.add(item.asString(""));
				}
			}
			if (parts) {
				inputs.add(joined.toString());
			}
		}
		ObjectNode response = JSON.createObjectNode()
			.put("id", "modr-" + shortId())
			.put("model", request.path("model").asString("omni-moderation-latest"));
		ArrayNode results = response.putArray("results");
		for (String text : inputs) {
			String lower = text.toLowerCase(Locale.ROOT);
			ObjectNode result = results.addObject();
			ObjectNode categories = JSON.createObjectNode();
			ObjectNode scores = JSON.createObjectNode();
			boolean flagged = false;
			for (String category : MODERATION_CATEGORIES) {
				boolean hit = MODERATION_WORDS.entrySet()
					.stream()
					.anyMatch((word) -> word.getValue().equals(category) && lower.contains(word.getKey()));
				categories.put(category, hit);
				scores.put(category, hit ? 0.93 : 0.0012);
				flagged |= hit;
			}
			result.put("flagged", flagged);
			result.set("categories", categories);
			result.set("category_scores", scores);
		}
		return ok(response.toString());
	}

	// Rerank (Jina/Cohere shape): the share of the query's words each document contains, best first
	private ResponseDefinitionBuilder rerank(Exchange exchange) {
		JsonNode request = parse(exchange.body);
		ResponseDefinitionBuilder refused = refused(exchange, request, OpenAiRequestSchema.RERANK);
		if (refused != null) {
			return refused;
		}
		String query = request.path("query").asString("");
		JsonNode documents = request.path("documents");
		ResponseDefinitionBuilder rejected = admit(exchange, query, request.path("model").asString());
		if (rejected != null) {
			return rejected;
		}
		java.util.Set<String> words = new java.util.HashSet<>(
				List.of(query.toLowerCase(Locale.ROOT).split("\\W+")));
		words.remove("");
		List<double[]> scored = new ArrayList<>();
		for (int i = 0; i < documents.size(); i++) {
			java.util.Set<String> documentWords = new java.util.HashSet<>(
					List.of(documents.get(i).asString("").toLowerCase(Locale.ROOT).split("\\W+")));
			long shared = words.stream().filter(documentWords::contains).count();
			scored.add(new double[] { i, words.isEmpty() ? 0 : (double) shared / words.size() });
		}
		scored.sort((a, b) -> (a[1] != b[1]) ? Double.compare(b[1], a[1]) : Double.compare(a[0], b[0]));
		int top = request.path("top_n").asInt(scored.size());
		boolean withDocuments = request.path("return_documents").asBoolean(true);
		ObjectNode response = JSON.createObjectNode().put("model", request.path("model").asString());
		ArrayNode results = response.putArray("results");
		int tokens = words(query);
		for (double[] entry : scored.subList(0, Math.min(top, scored.size()))) {
			ObjectNode result = results.addObject().put("index", (int) entry[0]).put("relevance_score", entry[1]);
			if (withDocuments) {
				result.putObject("document").put("text", documents.get((int) entry[0]).asString(""));
			}
		}
		for (JsonNode document : documents) {
			tokens += words(document.asString(""));
		}
		response.putObject("usage").put("total_tokens", tokens);
		return ok(response.toString());
	}

	// a gradient whose colours come from the seed: a real PNG of the asked size
	static byte[] png(int width, int height, String seed) {
		java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
				java.awt.image.BufferedImage.TYPE_INT_RGB);
		int hash = seed.hashCode();
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				int red = (x * 255 / Math.max(1, width - 1)) ^ (hash & 0xff);
				int green = (y * 255 / Math.max(1, height - 1)) ^ ((hash >> 8) & 0xff);
				image.setRGB(x, y, (red << 16) | (green << 8) | ((hash >> 16) & 0xff));
			}
		}
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		try {
			javax.imageio.ImageIO.write(image, "png", out);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	static byte[] media(String seed, int size, String header) {
		byte[] bytes = new byte[Math.max(size, header.length())];
		new java.util.Random(seed.hashCode()).nextBytes(bytes);
		byte[] magic = header.getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(magic, 0, bytes, 0, magic.length);
		return bytes;
	}

	private ObjectNode taskJson(AiApiSimulator.SimulatedTask task) {
		Duration elapsed = Duration.between(task.createdAt(), this.simulator.clock().instant());
		double fraction = (double) elapsed.toMillis() / Math.max(1, this.simulator.taskDuration().toMillis());
		boolean fails = task.prompt().toLowerCase(Locale.ROOT).contains("fail");
		String status;
		int progress;
		if (fraction < 0.1) {
			status = "queued";
			progress = 0;
		}
		else if (fraction < 1) {
			status = "in_progress";
			progress = (int) (fraction * 100);
		}
		else {
			status = fails ? "failed" : "completed";
			progress = 100;
		}
		ObjectNode json = JSON.createObjectNode();
		json.put("id", task.id()).put("task_id", task.id()).put("object", "video").put("model", task.model());
		json.put("status", status).put("progress", progress).put("created_at", task.createdAt().getEpochSecond());
		if (status.equals("completed")) {
			json.putObject("metadata").put("url", this.simulator.baseUrl() + "/v1/videos/" + task.id() + "/content");
		}
		if (status.equals("failed")) {
			json.putObject("error").put("message", "The simulated generation failed").put("code", "generation_failed");
		}
		return json;
	}

	private ResponseDefinitionBuilder model(Exchange exchange, String id) {
		if (this.simulator.knowsModel(id)) {
			return ok(JSON.createObjectNode().put("id", id).put("object", "model").put("owned_by", "simulator").toString());
		}
		if (this.simulator.dialect() == Dialect.NEW_API) {
			// new-api answers an unknown model here with 200 and an error body
			return ok(errorBody(exchange, "model_not_found", "model " + id + " not found", "invalid_request_error"));
		}
		return error(exchange, 404, "model_not_found", "model '" + id + "' not found", null);
	}

	private String models() {
		ObjectNode list = JSON.createObjectNode().put("success", true).put("object", "list");
		ArrayNode data = list.putArray("data");
		for (String model : this.simulator.models()) {
			data.addObject()
				.put("id", model)
				.put("object", "model")
				.put("created", 1735689600)
				.put("owned_by", "simulator")
				.putArray("supported_endpoint_types")
				.add("openai");
		}
		return list.toString();
	}

	// A body that is not a JSON object, or names no model, is refused before anything else.
	private ResponseDefinitionBuilder invalidModelRequest(Exchange exchange, JsonNode request) {
		if (request == null) {
			return error(exchange, 400, "invalid_request_error", "Invalid request body: malformed JSON", null);
		}
		if (request.path("model").asString("").isEmpty()) {
			return invalidParameter(exchange, "model is required");
		}
		return null;
	}

	// What every billable call passes, in the gateway's order: content checks, the model, then quota and rate limit.
	private ResponseDefinitionBuilder admit(Exchange exchange, String prompt, String model) {
		ResponseDefinitionBuilder triggered = trigger(exchange, prompt);
		if (triggered != null) {
			return triggered;
		}
		return admitModel(exchange, model);
	}

	// A task family's submit: content checks, then quota and rate limit (its models are not in the models list)
	ResponseDefinitionBuilder admitTask(Exchange exchange, String prompt) {
		ResponseDefinitionBuilder triggered = trigger(exchange, prompt);
		return (triggered != null) ? triggered : spend(exchange);
	}

	private ResponseDefinitionBuilder admitModel(Exchange exchange, String model) {
		if (!this.simulator.knowsModel(model)) {
			return modelNotFound(exchange, model);
		}
		AiApiSimulator.Outage outage = this.simulator.outage(model);
		if (outage == AiApiSimulator.Outage.NO_CHANNEL) {
			// new-api's answer when no channel serves the model (all its channels disabled or failing)
			return error(exchange, 503, "model_not_found",
					"No available channel for model " + model + " under group default", null);
		}
		if (outage == AiApiSimulator.Outage.DOWN) {
			return error(exchange, 502, "bad_response_status_code",
					"bad response status code 500 from the upstream of " + model, null);
		}
		return spend(exchange);
	}

	// Error triggers for demos: a prompt "simulate: <code>" answers with that documented error.
	private ResponseDefinitionBuilder trigger(Exchange exchange, String prompt) {
		String text = (prompt != null) ? prompt.toLowerCase(Locale.ROOT) : "";
		if (!this.simulator.contentFilterWord().isEmpty() && text.contains(this.simulator.contentFilterWord())) {
			return contentFiltered(exchange);
		}
		Matcher matcher = TRIGGER.matcher(text);
		if (!matcher.find()) {
			return null;
		}
		return switch (matcher.group(1)) {
			case "quota_not_enough", "quota" -> quota(exchange);
			case "invalid_api_key" -> invalidKey(exchange);
			case "rate_limit_exceeded", "rate_limit" -> rateLimited(exchange, 7);
			case "content_filtered" -> contentFiltered(exchange);
			case "model_not_found" -> modelNotFound(exchange, "simulated-missing-model");
			case "invalid_request_error" -> invalidParameter(exchange, "Invalid parameter: simulated");
			case "server_error" -> error(exchange, 500, "internal_error", "Simulated server failure", null);
			case "bad_gateway" -> error(exchange, 502, "bad_response_status_code", "Simulated upstream failure", null);
			case "unavailable" -> error(exchange, 503, "service_unavailable", "Simulated overload", null);
			default -> null;
		};
	}

	// Charges one call against the key's quota and rate limit; returns the error when one is exceeded.
	private ResponseDefinitionBuilder spend(Exchange exchange) {
		AiApiSimulator.KeyState state = this.simulator.keyState(exchange.key);
		synchronized (state) {
			Instant now = this.simulator.clock().instant();
			// fixed windows at multiples of the window length since the epoch, as gateway counters keep them
			long window = this.simulator.rateWindow().toMillis();
			Instant windowStart = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), window) * window);
			if (!windowStart.equals(state.windowStart)) {
				state.windowStart = windowStart;
				state.usedInWindow = 0;
			}
			Instant windowEnd = windowStart.plusMillis(window);
			if (state.settings.requestsPerMinute() > 0 && state.usedInWindow >= state.settings.requestsPerMinute()) {
				state.rejected++;
				state.rejectedAt.add(now);
				long wait = Math.max(1, (Duration.between(now, windowEnd).toMillis() + 999) / 1000);
				return rateLimited(exchange, wait);
			}
			if (state.settings.quota() >= 0 && state.used >= state.settings.quota() + state.topUp) {
				return quota(exchange);
			}
			state.usedInWindow++;
			state.used++;
			exchange.remaining = (state.settings.requestsPerMinute() > 0)
					? state.settings.requestsPerMinute() - state.usedInWindow : -1;
			exchange.limit = state.settings.requestsPerMinute();
			exchange.reset = (windowEnd.toEpochMilli() + 999) / 1000;
			return null;
		}
	}

	private ResponseDefinitionBuilder quota(Exchange exchange) {
		if (this.simulator.dialect() == Dialect.NEW_API) {
			return error(exchange, 403, "insufficient_user_quota", "用户额度不足, 剩余额度: $0.000000", null);
		}
		return error(exchange, 403, "quota_not_enough", "user quota is not enough", null);
	}

	private ResponseDefinitionBuilder invalidKey(Exchange exchange) {
		if (this.simulator.dialect() == Dialect.NEW_API) {
			return error(exchange, 401, "", "Invalid token", null);
		}
		return error(exchange, 401, "invalid_api_key", "Invalid API key provided", null);
	}

	private ResponseDefinitionBuilder contentFiltered(Exchange exchange) {
		if (this.simulator.dialect() == Dialect.NEW_API) {
			return error(exchange, 500, "sensitive_words_detected", "sensitive words detected", null);
		}
		return error(exchange, 400, "content_filtered", "Your request was rejected due to content policy",
				Map.of("reason", "inappropriate_content"));
	}

	private ResponseDefinitionBuilder modelNotFound(Exchange exchange, String model) {
		if (this.simulator.dialect() == Dialect.NEW_API) {
			return error(exchange, 503, "model_not_found",
					"No available channel for model " + model + " under group default", null);
		}
		return error(exchange, 404, "model_not_found", "model '" + model + "' not found", null);
	}

	ResponseDefinitionBuilder invalidParameter(Exchange exchange, String message) {
		if (this.simulator.dialect() == Dialect.NEW_API) {
			return error(exchange, 500, "invalid_request", message, null);
		}
		return error(exchange, 400, "invalid_request_error", message, null);
	}

	private ResponseDefinitionBuilder rateLimited(Exchange exchange, long retryAfterSeconds) {
		if (this.simulator.dialect() == Dialect.NEW_API) {
			return base(429);
		}
		long reset = this.simulator.clock().instant().plusSeconds(retryAfterSeconds).getEpochSecond();
		AiApiSimulator.KeyState state = (exchange.key != null) ? this.simulator.keyState(exchange.key) : null;
		int limit = (state != null && state.settings.requestsPerMinute() > 0) ? state.settings.requestsPerMinute() : 60;
		return error(exchange, 429, "rate_limit_exceeded", "Rate limit exceeded. Please try again later.",
				Map.of("retry_after", retryAfterSeconds))
			.withHeader("X-RateLimit-Limit-Requests", Integer.toString(limit))
			.withHeader("X-RateLimit-Remaining-Requests", "0")
			.withHeader("X-RateLimit-Reset-Requests", Long.toString(reset))
			.withHeader("Retry-After", Long.toString(retryAfterSeconds));
	}

	private ResponseDefinitionBuilder notFoundUrl(Exchange exchange) {
		if (this.simulator.dialect() == Dialect.NEW_API) {
			return error(exchange, 404, "", "Invalid URL (" + exchange.method + " " + exchange.path + ")", null);
		}
		return error(exchange, 404, "not_found", "Endpoint " + exchange.method + " " + exchange.path + " not found",
				null);
	}

	ResponseDefinitionBuilder error(Exchange exchange, int status, String code, String message,
			Map<String, Object> data) {
		String requestId = exchange.requestId;
		ResponseDefinitionBuilder response = base(status, requestId);
		// new-api labels errors of stream requests as event streams although the body is plain JSON
		String contentType = (exchange.stream && this.simulator.dialect() == Dialect.NEW_API) ? "text/event-stream"
				: "application/json";
		response.withHeader("Content-Type", contentType);
		if (this.simulator.dialect() == Dialect.NEW_API && exchange.path.equals("/v1/messages")) {
			// the Messages route answers in Anthropic's shape, which has no code: new-api's own errors say
			// new_api_error, an upstream's the code it sent
			boolean own = status < 500 || code.equals("invalid_request") || code.equals("model_not_found");
			ObjectNode body = JSON.createObjectNode().put("type", "error");
			body.putObject("error")
				.put("type", own ? "new_api_error" : (code.isEmpty() ? "<nil>" : code))
				.put("message", message + " (request id: " + exchange.requestId + ")");
			return response.withBody(body.toString());
		}
		if (this.simulator.dialect() == Dialect.NEW_API) {
			String type = (status >= 500 && !code.equals("invalid_request")) ? "upstream_error" : "new_api_error";
			return response.withBody(errorBody(exchange, code, message, type));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", code);
		body.put("message", message);
		body.put("data", data);
		return response.withBody(JSON.writeValueAsString(body));
	}

	private String errorBody(Exchange exchange, String code, String message, String type) {
		ObjectNode body = JSON.createObjectNode();
		body.putObject("error")
			.put("message", message + " (request id: " + exchange.requestId + ")")
			.put("type", type)
			.put("param", "")
			.put("code", code);
		return body.toString();
	}

	// OpenAI's billing routes as the gateway software serves them for a key: the limit is what the key may spend in
	// all (an unlimited key reports 100000000), the usage is the amount spent x 100. Each billable call costs
	// AiApiSimulator.PRICE_PER_CALL_USD here.
	private String subscription(Exchange exchange) {
		AiApiSimulator.KeyState state = this.simulator.keyState(exchange.key);
		AiApiSimulator.KeySettings settings = state.settings;
		int topUp;
		synchronized (state) {
			topUp = state.topUp;
		}
		double limit = (settings.quota() < 0) ? 100_000_000d
				: (settings.quota() + topUp) * AiApiSimulator.PRICE_PER_CALL_USD;
		return JSON.createObjectNode()
			.put("object", "billing_subscription")
			.put("has_payment_method", true)
			.put("soft_limit_usd", limit)
			.put("hard_limit_usd", limit)
			.put("system_hard_limit_usd", limit)
			.put("access_until", 0)
			.toString();
	}

	private String usage(Exchange exchange) {
		AiApiSimulator.KeyState state = this.simulator.keyState(exchange.key);
		int used;
		synchronized (state) {
			used = state.used;
		}
		return JSON.createObjectNode()
			.put("object", "list")
			.put("total_usage", used * AiApiSimulator.PRICE_PER_CALL_USD * 100)
			.toString();
	}

	ResponseDefinitionBuilder ok(String json) {
		return base(200).withHeader("Content-Type", "application/json").withBody(json);
	}

	private ResponseDefinitionBuilder base(int status) {
		return base(status, shortId());
	}

	private ResponseDefinitionBuilder base(int status, String requestId) {
		return ResponseDefinitionBuilder.responseDefinition()
			.withStatus(status)
			.withHeader("X-Oneapi-Request-Id", requestId);
	}

	private JsonNode parse(String body) {
		try {
			JsonNode node = JSON.readTree(body);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static boolean isStream(String body) {
		return body.contains("\"stream\":true") || body.contains("\"stream\": true");
	}

	private static ObjectNode usage(int prompt, ChatAnswers.Answer answer, int messages) {
		int reasoning = (answer.reasoning() != null) ? words(answer.reasoning()) : 0;
		int output = reasoning + ((answer.content() != null) ? words(answer.content()) : 0)
				+ 10 * answer.toolCalls().size();
		ObjectNode usage = usage(prompt, output);
		// a conversation that goes on finds its earlier turns in the provider's prompt cache
		usage.putObject("prompt_tokens_details").put("cached_tokens", (messages > 2) ? prompt / 2 : 0);
		usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoning);
		return usage;
	}

	private static ObjectNode usage(int prompt, int completion) {
		ObjectNode usage = JSON.createObjectNode();
		usage.put("prompt_tokens", prompt).put("completion_tokens", completion).put("total_tokens", prompt + completion);
		return usage;
	}

	static int words(String text) {
		String trimmed = text.trim();
		return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
	}

	static String shortId() {
		return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
	}

	private static String bearerKey(String header) {
		if (header == null || !header.startsWith("Bearer ")) {
			return null;
		}
		return header.substring("Bearer ".length());
	}

	static final class Exchange {

		final String method;

		final String path;

		final String body;

		final String key;

		final boolean stream;

		Request request;

		final String requestId = shortId();

		int limit;

		int remaining = -1;

		long reset;

		Exchange(String method, String path, String body, String key, boolean stream) {
			this.method = method;
			this.path = path;
			this.body = body;
			this.key = key;
			this.stream = stream;
		}

	}

}
