package services.aiapi.test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the simulated model answers, beyond plain text: tool calls (then a final answer once the tools' results
 * come back), JSON for {@code response_format} (and for the JSON schema Spring AI writes into a prompt), and
 * reasoning for reasoning requests.
 */
final class ChatAnswers {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// Spring AI's format instructions end with the schema in a fenced block
	private static final Pattern SCHEMA_IN_PROMPT = Pattern
		.compile("JSON Schema[^`]*```(?:json)?\\s*(\\{.*})\\s*```", Pattern.DOTALL);

	private ChatAnswers() {
	}

	/**
	 * One answer: text, or tool calls; with reasoning when asked for.
	 *
	 * @param content the text, or {@code null} for a tool-call answer
	 * @param reasoning the reasoning, or {@code null}
	 * @param toolCalls the calls, each {@code {id, type, function: {name, arguments}}}
	 * @param finishReason {@code stop} or {@code tool_calls}
	 */
	record Answer(String content, String reasoning, List<ObjectNode> toolCalls, String finishReason) {

	}

	/**
	 * Check what OpenAI checks of a conversation with tools: each tool message answers a call of an earlier
	 * assistant message, and each call is answered before the conversation goes on.
	 * @param messages the messages
	 * @return what is wrong, or {@code null}
	 */
	static String checkToolTurns(JsonNode messages) {
		Set<String> open = new HashSet<>();
		Set<String> called = new HashSet<>();
		for (int i = 0; i < messages.size(); i++) {
			JsonNode message = messages.get(i);
			String role = message.path("role").asString("");
			if (role.equals("tool")) {
				String id = message.path("tool_call_id").asString("");
				if (!called.contains(id)) {
					return "messages[" + i + "]: messages with role 'tool' must be a response to a preceding message "
							+ "with 'tool_calls' (unknown tool_call_id '" + id + "')";
				}
				open.remove(id);
				continue;
			}
			if (!open.isEmpty()) {
				return "messages[" + i + "]: an assistant message with 'tool_calls' must be followed by tool messages "
						+ "responding to each 'tool_call_id'; not answered: " + open;
			}
			for (JsonNode call : message.path("tool_calls")) {
				String id = call.path("id").asString("");
				open.add(id);
				called.add(id);
			}
		}
		return null;
	}

	static Answer answer(JsonNode request, String prompt, String plainReply) {
		JsonNode messages = request.path("messages");
		String reasoning = wantsReasoning(request) ? "Simulated reasoning (effort "
				+ request.path("reasoning_effort").asString("medium") + "): the user asks \"" + prompt + "\"." : null;
		JsonNode last = messages.get(messages.size() - 1);
		if ("tool".equals(last.path("role").asString(""))) {
			List<String> results = new ArrayList<>();
			for (int i = messages.size() - 1; i >= 0 && "tool".equals(messages.get(i).path("role").asString("")); i--) {
				results.add(0, text(messages.get(i).path("content")));
			}
			return new Answer(formatted(request, "Based on the tools: " + String.join("; ", results)), reasoning,
					List.of(), "stop");
		}
		List<ObjectNode> calls = toolCalls(request, prompt);
		if (!calls.isEmpty()) {
			return new Answer(null, reasoning, calls, "tool_calls");
		}
		return new Answer(formatted(request, plainReply), reasoning, List.of(), "stop");
	}

	private static String formatted(JsonNode request, String reply) {
		JsonNode format = request.path("response_format");
		String type = format.path("type").asString("text");
		if (type.equals("json_schema")) {
			JsonNode root = format.path("json_schema").path("schema");
			return sample(root, root, 0).toString();
		}
		if (type.equals("json_object")) {
			return JSON.createObjectNode().put("answer", reply).toString();
		}
		String prompt = lastUserText(request.path("messages"));
		Matcher schema = SCHEMA_IN_PROMPT.matcher(prompt);
		if (schema.find()) {
			try {
				JsonNode root = JSON.readTree(schema.group(1));
				return sample(root, root, 0).toString();
			}
			catch (JacksonException ex) {
				return reply;
			}
		}
		return reply;
	}

	private static List<ObjectNode> toolCalls(JsonNode request, String prompt) {
		JsonNode tools = request.path("tools");
		JsonNode choice = request.path("tool_choice");
		if (!tools.isArray() || tools.isEmpty() || "none".equals(choice.asString(""))) {
			return List.of();
		}
		List<JsonNode> chosen = new ArrayList<>();
		String named = choice.path("function").path("name").asString("");
		String text = prompt.toLowerCase(Locale.ROOT);
		for (JsonNode tool : tools) {
			String name = tool.path("function").path("name").asString("");
			if (named.isEmpty() ? text.contains(name.toLowerCase(Locale.ROOT)) : named.equals(name)) {
				chosen.add(tool);
			}
		}
		if (chosen.isEmpty()) {
			// "auto" and "required" both call a tool, so that tool loops can be tried offline
			chosen.add(tools.get(0));
		}
		if (request.path("parallel_tool_calls").isBoolean() && !request.path("parallel_tool_calls").asBoolean()) {
			chosen = chosen.subList(0, 1);
		}
		List<ObjectNode> calls = new ArrayList<>();
		for (JsonNode tool : chosen) {
			JsonNode parameters = tool.path("function").path("parameters");
			JsonNode arguments = parameters.isObject() ? sample(parameters, parameters, 0) : JSON.createObjectNode();
			ObjectNode call = JSON.createObjectNode().put("id", "call_" + GatewayBehaviour.shortId()).put("type",
					"function");
			call.putObject("function")
				.put("name", tool.path("function").path("name").asString())
				.put("arguments", arguments.toString());
			calls.add(call);
		}
		return calls;
	}

	// a value that fits a JSON schema: every property, one array element, the first enum value
	static JsonNode sample(JsonNode schema, JsonNode root, int depth) {
		if (depth > 8) {
			return JSON.getNodeFactory().nullNode();
		}
		String ref = schema.path("$ref").asString("");
		if (ref.startsWith("#/")) {
			JsonNode target = root.at(ref.substring(1));
			return target.isMissingNode() ? JSON.createObjectNode() : sample(target, root, depth + 1);
		}
		if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
			return schema.path("enum").get(0);
		}
		if (schema.has("const")) {
			return schema.get("const");
		}
		for (String union : List.of("anyOf", "oneOf")) {
			if (schema.path(union).isArray() && !schema.path(union).isEmpty()) {
				return sample(schema.path(union).get(0), root, depth + 1);
			}
		}
		String type = type(schema);
		switch (type) {
			case "object" -> {
				ObjectNode object = JSON.createObjectNode();
				for (var property : schema.path("properties").properties()) {
					object.set(property.getKey(), sample(property.getValue(), root, depth + 1));
				}
				return object;
			}
			case "array" -> {
				ArrayNode array = JSON.createArrayNode();
				array.add(sample(schema.path("items"), root, depth + 1));
				return array;
			}
			case "integer" -> {
				return JSON.getNodeFactory().numberNode(1);
			}
			case "number" -> {
				return JSON.getNodeFactory().numberNode(1.5);
			}
			case "boolean" -> {
				return JSON.getNodeFactory().booleanNode(true);
			}
			case "null" -> {
				return JSON.getNodeFactory().nullNode();
			}
			default -> {
				return JSON.getNodeFactory().textNode("sample");
			}
		}
	}

	private static String type(JsonNode schema) {
		JsonNode type = schema.path("type");
		if (type.isArray()) {
			for (JsonNode each : type) {
				if (!"null".equals(each.asString(""))) {
					return each.asString();
				}
			}
			return "null";
		}
		if (type.isString()) {
			return type.asString();
		}
		return schema.has("properties") ? "object" : "string";
	}

	private static boolean wantsReasoning(JsonNode request) {
		return request.path("reasoning_effort").isString()
				|| request.path("model").asString("").toLowerCase(Locale.ROOT).contains("reason");
	}

	static String lastUserText(JsonNode messages) {
		String prompt = "";
		for (JsonNode message : messages) {
			if ("user".equals(message.path("role").asString(""))) {
				prompt = text(message.path("content"));
			}
		}
		return prompt;
	}

	// a string, or the text parts of a content array joined
	static String text(JsonNode content) {
		if (content.isString()) {
			return content.asString();
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode part : content) {
			if (part.path("text").isString()) {
				text.append((text.length() > 0) ? "\n" : "").append(part.path("text").asString());
			}
		}
		return text.toString();
	}

}
