package services.aiapi.test;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Responses API and Anthropic's Messages API in the simulator: each request is read as the chat request it
 * stands for (so the same simulated model answers — text, tool calls, JSON for a schema, reasoning), and each
 * answer is written in the dialect's own shape, whole or as its streamed events.
 */
final class DialectAnswers {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private DialectAnswers() {
	}

	/**
	 * Read a Responses API request as a chat request.
	 * @param request the Responses request
	 * @return the chat request
	 */
	static ObjectNode chatFromResponses(JsonNode request) {
		ObjectNode chat = JSON.createObjectNode();
		chat.put("model", request.path("model").asString(""));
		ArrayNode messages = chat.putArray("messages");
		if (request.path("instructions").isString()) {
			messages.addObject().put("role", "system").put("content", request.path("instructions").asString());
		}
		JsonNode input = request.path("input");
		if (input.isString()) {
			messages.addObject().put("role", "user").put("content", input.asString());
		}
		ObjectNode calling = null;
		for (JsonNode item : input.isArray() ? input : JSON.createArrayNode()) {
			String type = item.path("type").asString("message");
			if (type.equals("function_call")) {
				if (calling == null) {
					calling = messages.addObject().put("role", "assistant");
					calling.putNull("content");
					calling.putArray("tool_calls");
				}
				ObjectNode call = ((ArrayNode) calling.get("tool_calls")).addObject()
					.put("id", item.path("call_id").asString(""))
					.put("type", "function");
				call.putObject("function")
					.put("name", item.path("name").asString(""))
					.put("arguments", item.path("arguments").asString("{}"));
				continue;
			}
			calling = null;
			if (type.equals("function_call_output")) {
				messages.addObject()
					.put("role", "tool")
					.put("tool_call_id", item.path("call_id").asString(""))
					.put("content", item.path("output").asString(""));
				continue;
			}
			String role = item.path("role").asString("user");
			messages.addObject()
				.put("role", role.equals("developer") ? "system" : role)
				.put("content", ChatAnswers.text(item.path("content")));
		}
		ArrayNode tools = JSON.createArrayNode();
		for (JsonNode tool : request.path("tools")) {
			if ("function".equals(tool.path("type").asString(""))) {
				ObjectNode function = tools.addObject().put("type", "function").putObject("function");
				function.put("name", tool.path("name").asString(""));
				function.set("parameters", tool.path("parameters"));
			}
		}
		if (!tools.isEmpty()) {
			chat.set("tools", tools);
		}
		JsonNode choice = request.path("tool_choice");
		if (choice.isString()) {
			chat.put("tool_choice", choice.asString());
		}
		else if (choice.isObject()) {
			chat.putObject("tool_choice")
				.put("type", "function")
				.putObject("function")
				.put("name", choice.path("name").asString(""));
		}
		JsonNode format = request.path("text").path("format");
		String formatType = format.path("type").asString("text");
		if (formatType.equals("json_schema")) {
			ObjectNode schema = chat.putObject("response_format").put("type", "json_schema").putObject("json_schema");
			schema.put("name", format.path("name").asString("schema"));
			schema.set("schema", format.path("schema"));
		}
		else if (formatType.equals("json_object")) {
			chat.putObject("response_format").put("type", "json_object");
		}
		if (request.path("reasoning").path("effort").isString()) {
			chat.put("reasoning_effort", request.path("reasoning").path("effort").asString());
		}
		if (request.path("parallel_tool_calls").isBoolean()) {
			chat.put("parallel_tool_calls", request.path("parallel_tool_calls").asBoolean());
		}
		return chat;
	}

	/**
	 * Read a Messages API request as a chat request.
	 * @param request the Messages request
	 * @return the chat request
	 */
	static ObjectNode chatFromMessages(JsonNode request) {
		ObjectNode chat = JSON.createObjectNode();
		chat.put("model", request.path("model").asString(""));
		ArrayNode messages = chat.putArray("messages");
		JsonNode system = request.path("system");
		if (system.isString() || system.isArray()) {
			messages.addObject().put("role", "system").put("content", ChatAnswers.text(system));
		}
		for (JsonNode message : request.path("messages")) {
			String role = message.path("role").asString("user");
			JsonNode content = message.path("content");
			if (content.isString()) {
				messages.addObject().put("role", role).put("content", content.asString());
				continue;
			}
			StringBuilder text = new StringBuilder();
			ArrayNode calls = JSON.createArrayNode();
			for (JsonNode block : content) {
				String type = block.path("type").asString("");
				if (type.equals("tool_result")) {
					messages.addObject()
						.put("role", "tool")
						.put("tool_call_id", block.path("tool_use_id").asString(""))
						.put("content", ChatAnswers.text(block.path("content")));
				}
				else if (type.equals("tool_use")) {
					ObjectNode call = calls.addObject().put("id", block.path("id").asString("")).put("type", "function");
					call.putObject("function")
						.put("name", block.path("name").asString(""))
						.put("arguments", block.path("input").toString());
				}
				else if (type.equals("text")) {
					text.append((text.length() > 0) ? "\n" : "").append(block.path("text").asString(""));
				}
			}
			if (!calls.isEmpty()) {
				ObjectNode assistant = messages.addObject().put("role", "assistant");
				assistant.put("content", (text.length() > 0) ? text.toString() : null);
				assistant.set("tool_calls", calls);
			}
			else if (text.length() > 0) {
				messages.addObject().put("role", role).put("content", text.toString());
			}
		}
		ArrayNode tools = JSON.createArrayNode();
		for (JsonNode tool : request.path("tools")) {
			ObjectNode function = tools.addObject().put("type", "function").putObject("function");
			function.put("name", tool.path("name").asString(""));
			function.set("parameters", tool.path("input_schema"));
		}
		if (!tools.isEmpty()) {
			chat.set("tools", tools);
		}
		JsonNode choice = request.path("tool_choice");
		switch (choice.path("type").asString("")) {
			case "auto" -> chat.put("tool_choice", "auto");
			case "any" -> chat.put("tool_choice", "required");
			case "none" -> chat.put("tool_choice", "none");
			case "tool" -> chat.putObject("tool_choice")
				.put("type", "function")
				.putObject("function")
				.put("name", choice.path("name").asString(""));
			default -> {
			}
		}
		if ("enabled".equals(request.path("thinking").path("type").asString(""))) {
			chat.put("reasoning_effort", "medium");
		}
		return chat;
	}

	/**
	 * Write an answer as a Responses API response.
	 */
	static ObjectNode response(String id, long created, String model, ChatAnswers.Answer answer, int inputTokens,
			int cachedTokens, String status) {
		ObjectNode response = JSON.createObjectNode();
		response.put("id", id).put("object", "response").put("created_at", created).put("status", status);
		response.put("model", model);
		ArrayNode output = response.putArray("output");
		if (status.equals("completed")) {
			for (ObjectNode item : responseItems(answer)) {
				output.add(item);
			}
			int reasoning = (answer.reasoning() != null) ? GatewayBehaviour.words(answer.reasoning()) : 0;
			int out = reasoning + ((answer.content() != null) ? GatewayBehaviour.words(answer.content()) : 0)
					+ 10 * answer.toolCalls().size();
			ObjectNode usage = response.putObject("usage");
			usage.put("input_tokens", inputTokens).put("output_tokens", out).put("total_tokens", inputTokens + out);
			usage.putObject("input_tokens_details").put("cached_tokens", cachedTokens);
			usage.putObject("output_tokens_details").put("reasoning_tokens", reasoning);
		}
		else {
			response.putNull("usage");
		}
		response.putNull("error");
		response.putNull("incomplete_details");
		return response;
	}

	// the output items of an answer: its reasoning, its message, its function calls
	static List<ObjectNode> responseItems(ChatAnswers.Answer answer) {
		List<ObjectNode> items = new ArrayList<>();
		if (answer.reasoning() != null) {
			ObjectNode reasoning = JSON.createObjectNode().put("type", "reasoning").put("id", "rs_" + shortId());
			reasoning.putArray("summary").addObject().put("type", "summary_text").put("text", answer.reasoning());
			items.add(reasoning);
		}
		if (answer.content() != null) {
			ObjectNode message = JSON.createObjectNode()
				.put("type", "message")
				.put("id", "msg_" + shortId())
				.put("status", "completed")
				.put("role", "assistant");
			ObjectNode part = message.putArray("content").addObject().put("type", "output_text");
			part.put("text", answer.content());
			part.putArray("annotations");
			items.add(message);
		}
		for (ObjectNode call : answer.toolCalls()) {
			items.add(JSON.createObjectNode()
				.put("type", "function_call")
				.put("id", "fc_" + shortId())
				.put("call_id", call.path("id").asString())
				.put("name", call.path("function").path("name").asString())
				.put("arguments", call.path("function").path("arguments").asString())
				.put("status", "completed"));
		}
		return items;
	}

	/**
	 * Write an answer as the Responses API's streamed events, each {@code event:} + {@code data:}.
	 * @param whole the completed response
	 * @param answer the answer
	 * @param cutAfter how many delta events to send before the stream is cut, or {@code -1}
	 * @param error an error event to send after the first delta, or {@code null}
	 * @return the events
	 */
	static List<String> responseEvents(ObjectNode whole, ChatAnswers.Answer answer, int cutAfter, String error) {
		List<String> events = new ArrayList<>();
		int[] sequence = { 0 };
		ObjectNode started = whole.deepCopy();
		started.put("status", "in_progress");
		started.putArray("output");
		started.putNull("usage");
		events.add(event("response.created", JSON.createObjectNode().put("type", "response.created"), started,
				sequence));
		events.add(event("response.in_progress", JSON.createObjectNode().put("type", "response.in_progress"), started,
				sequence));
		int deltas = 0;
		int index = 0;
		for (JsonNode item : whole.path("output")) {
			String type = item.path("type").asString();
			ObjectNode empty = ((ObjectNode) item).deepCopy();
			if (type.equals("message")) {
				empty.putArray("content");
				empty.put("status", "in_progress");
			}
			else if (type.equals("function_call")) {
				empty.put("arguments", "");
				empty.put("status", "in_progress");
			}
			else if (type.equals("reasoning")) {
				empty.putArray("summary");
			}
			events.add(itemEvent("response.output_item.added", index, empty, sequence));
			List<String> pieces;
			String deltaType;
			if (type.equals("message")) {
				pieces = words(item.path("content").get(0).path("text").asString());
				deltaType = "response.output_text.delta";
			}
			else if (type.equals("function_call")) {
				pieces = pieces(item.path("arguments").asString());
				deltaType = "response.function_call_arguments.delta";
			}
			else {
				pieces = words(item.path("summary").get(0).path("text").asString());
				deltaType = "response.reasoning_summary_text.delta";
			}
			for (String piece : pieces) {
				if (cutAfter >= 0 && deltas == cutAfter) {
					return events;
				}
				ObjectNode delta = JSON.createObjectNode().put("type", deltaType);
				delta.put("item_id", item.path("id").asString()).put("output_index", index);
				if (type.equals("message")) {
					delta.put("content_index", 0);
				}
				delta.put("delta", piece);
				events.add(event(deltaType, delta, null, sequence));
				deltas++;
				if (error != null && deltas == 1) {
					events.add(error);
					return events;
				}
			}
			if (type.equals("message")) {
				ObjectNode done = JSON.createObjectNode().put("type", "response.output_text.done");
				done.put("item_id", item.path("id").asString()).put("output_index", index).put("content_index", 0);
				done.put("text", item.path("content").get(0).path("text").asString());
				events.add(event("response.output_text.done", done, null, sequence));
			}
			else if (type.equals("function_call")) {
				ObjectNode done = JSON.createObjectNode().put("type", "response.function_call_arguments.done");
				done.put("item_id", item.path("id").asString()).put("output_index", index);
				done.put("arguments", item.path("arguments").asString());
				events.add(event("response.function_call_arguments.done", done, null, sequence));
			}
			events.add(itemEvent("response.output_item.done", index, (ObjectNode) item, sequence));
			index++;
		}
		if (cutAfter >= 0) {
			return events;
		}
		if (error != null && deltas == 0) {
			events.add(error);
			return events;
		}
		events.add(event("response.completed", JSON.createObjectNode().put("type", "response.completed"), whole,
				sequence));
		return events;
	}

	/**
	 * Write an answer as a Messages API message.
	 */
	static ObjectNode message(String id, String model, ChatAnswers.Answer answer, int inputTokens, int cachedTokens) {
		ObjectNode message = JSON.createObjectNode();
		message.put("id", id).put("type", "message").put("role", "assistant").put("model", model);
		ArrayNode content = message.putArray("content");
		if (answer.reasoning() != null) {
			content.addObject()
				.put("type", "thinking")
				.put("thinking", answer.reasoning())
				.put("signature", "sig_" + shortId());
		}
		if (answer.content() != null) {
			content.addObject().put("type", "text").put("text", answer.content());
		}
		for (ObjectNode call : answer.toolCalls()) {
			ObjectNode use = content.addObject()
				.put("type", "tool_use")
				.put("id", "toolu_" + shortId())
				.put("name", call.path("function").path("name").asString());
			use.set("input", JSON.readTree(call.path("function").path("arguments").asString("{}")));
		}
		message.put("stop_reason", answer.toolCalls().isEmpty() ? "end_turn" : "tool_use");
		message.putNull("stop_sequence");
		int reasoning = (answer.reasoning() != null) ? GatewayBehaviour.words(answer.reasoning()) : 0;
		int out = reasoning + ((answer.content() != null) ? GatewayBehaviour.words(answer.content()) : 0)
				+ 10 * answer.toolCalls().size();
		message.putObject("usage")
			.put("input_tokens", inputTokens - cachedTokens)
			.put("output_tokens", out)
			.put("cache_creation_input_tokens", 0)
			.put("cache_read_input_tokens", cachedTokens);
		return message;
	}

	/**
	 * Write a message as the Messages API's streamed events.
	 * @param whole the message
	 * @param cutAfter how many delta events to send before the stream is cut, or {@code -1}
	 * @param pings whether to send {@code ping} events
	 * @param error an error event to send after the first delta, or {@code null}
	 * @return the events
	 */
	static List<String> messageEvents(ObjectNode whole, int cutAfter, boolean pings, String error) {
		List<String> events = new ArrayList<>();
		ObjectNode start = whole.deepCopy();
		start.putArray("content");
		start.putNull("stop_reason");
		((ObjectNode) start.path("usage")).put("output_tokens", 1);
		ObjectNode startEvent = JSON.createObjectNode().put("type", "message_start");
		startEvent.set("message", start);
		events.add(sse("message_start", startEvent));
		int deltas = 0;
		int index = 0;
		for (JsonNode block : whole.path("content")) {
			String type = block.path("type").asString();
			ObjectNode empty = ((ObjectNode) block).deepCopy();
			List<String> pieces;
			String deltaType;
			String field;
			if (type.equals("text")) {
				empty.put("text", "");
				pieces = words(block.path("text").asString());
				deltaType = "text_delta";
				field = "text";
			}
			else if (type.equals("thinking")) {
				empty.put("thinking", "");
				empty.put("signature", "");
				pieces = words(block.path("thinking").asString());
				deltaType = "thinking_delta";
				field = "thinking";
			}
			else {
				empty.putObject("input");
				pieces = pieces(block.path("input").toString());
				deltaType = "input_json_delta";
				field = "partial_json";
			}
			ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
			blockStart.set("content_block", empty);
			events.add(sse("content_block_start", blockStart));
			for (String piece : pieces) {
				if (cutAfter >= 0 && deltas == cutAfter) {
					return events;
				}
				if (pings && deltas % 3 == 2) {
					events.add(sse("ping", JSON.createObjectNode().put("type", "ping")));
				}
				ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
				delta.putObject("delta").put("type", deltaType).put(field, piece);
				events.add(sse("content_block_delta", delta));
				deltas++;
				if (error != null && deltas == 1) {
					events.add(error);
					return events;
				}
			}
			if (type.equals("thinking")) {
				ObjectNode signature = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
				signature.putObject("delta")
					.put("type", "signature_delta")
					.put("signature", block.path("signature").asString());
				events.add(sse("content_block_delta", signature));
			}
			events.add(sse("content_block_stop",
					JSON.createObjectNode().put("type", "content_block_stop").put("index", index)));
			index++;
		}
		if (cutAfter >= 0) {
			return events;
		}
		if (error != null && deltas == 0) {
			events.add(error);
			return events;
		}
		ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
		messageDelta.putObject("delta")
			.put("stop_reason", whole.path("stop_reason").asString())
			.putNull("stop_sequence");
		messageDelta.putObject("usage").put("output_tokens", whole.path("usage").path("output_tokens").asInt());
		events.add(sse("message_delta", messageDelta));
		events.add(sse("message_stop", JSON.createObjectNode().put("type", "message_stop")));
		return events;
	}

	/**
	 * Return an event in Server-Sent Events syntax.
	 * @param name the event name
	 * @param data its data
	 * @return {@code event: …} and {@code data: …} lines and the blank line
	 */
	static String sse(String name, JsonNode data) {
		return "event: " + name + "\ndata: " + data + "\n\n";
	}

	private static String event(String name, ObjectNode data, JsonNode response, int[] sequence) {
		if (response != null) {
			data.set("response", response);
		}
		data.put("sequence_number", sequence[0]++);
		return sse(name, data);
	}

	private static String itemEvent(String name, int index, ObjectNode item, int[] sequence) {
		ObjectNode data = JSON.createObjectNode().put("type", name).put("output_index", index);
		data.set("item", item);
		return event(name, data, null, sequence);
	}

	private static List<String> words(String text) {
		List<String> words = new ArrayList<>();
		for (String word : text.split("(?= )")) {
			if (!word.isEmpty()) {
				words.add(word);
			}
		}
		return words;
	}

	// a JSON text in pieces of 7 characters, never splitting a surrogate pair
	private static List<String> pieces(String text) {
		List<String> pieces = new ArrayList<>();
		for (int start = 0; start < text.length();) {
			int end = Math.min(text.length(), start + 7);
			if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
				end++;
			}
			pieces.add(text.substring(start, end));
			start = end;
		}
		return pieces;
	}

	private static String shortId() {
		return GatewayBehaviour.shortId();
	}

}
