package services.aiapi.error;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an error body in any of the shapes the gateway sends: the documented {@code {code, message, data}},
 * OpenAI's {@code {"error":{message, type, param, code}}} (code a string, a number or empty), Midjourney's
 * {@code {description, type, code}}, Anthropic's {@code {"type":"error","error":{type, message}}}, an empty
 * body, HTML or plain text from a proxy, and truncated JSON.
 */
public final class ErrorBodyParser {

	/** Most characters of a raw body kept on an exception. */
	public static final int RAW_BODY_LIMIT = 8 * 1024;

	private static final int SUMMARY_LIMIT = 300;

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static final Pattern MESSAGE_FIELD = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern CODE_FIELD = Pattern
		.compile("\"code\"\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(-?\\d+))");

	private static final Pattern HTML_TITLE = Pattern.compile("<title[^>]*>(.*?)</title>",
			Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

	private static final Pattern TAGS = Pattern.compile("<[^>]*>");

	private ErrorBodyParser() {
	}

	/**
	 * Parse an error body.
	 * @param body the bytes read (possibly cut)
	 * @param cut whether the bytes are a prefix of a longer body
	 * @return what could be read; never {@code null}
	 */
	public static GatewayError parse(byte[] body, boolean cut) {
		String text = new String(body, StandardCharsets.UTF_8);
		String raw = (text.length() > RAW_BODY_LIMIT) ? text.substring(0, RAW_BODY_LIMIT) : text;
		boolean truncated = cut || raw.length() < text.length();
		String trimmed = text.strip();
		if (trimmed.isEmpty()) {
			return GatewayError.empty();
		}
		if (trimmed.startsWith("{")) {
			try {
				JsonNode tree = MAPPER.readTree(trimmed);
				if (tree != null && tree.isObject()) {
					return fromJson(tree, raw, truncated);
				}
			}
			catch (JacksonException ex) {
				return fromBrokenJson(trimmed, raw, truncated);
			}
		}
		return new GatewayError(null, summarize(trimmed), null, null, null, raw, truncated);
	}

	/**
	 * Read an error from a JSON object already parsed, such as a 200 body or a stream chunk carrying an error.
	 * @param tree the JSON object
	 * @param raw the raw text it came from
	 * @return the error
	 */
	public static GatewayError fromJson(JsonNode tree, String raw, boolean truncated) {
		String bounded = (raw.length() > RAW_BODY_LIMIT) ? raw.substring(0, RAW_BODY_LIMIT) : raw;
		boolean cut = truncated || bounded.length() < raw.length();
		JsonNode error = tree.path("error");
		if (error.isObject()) {
			String code = code(error.path("code"));
			String message = text(error.path("message"));
			if (code == null) {
				code = code(tree.path("code"));
			}
			return new GatewayError(code, (message != null) ? message : text(tree.path("message")),
					text(error.path("type")), text(error.path("param")), plain(tree.path("data")), bounded, cut);
		}
		String message = text(tree.path("message"));
		if (message == null) {
			message = (error.isString()) ? text(error) : text(tree.path("description"));
		}
		if (message == null) {
			message = text(tree.path("detail"));
		}
		return new GatewayError(code(tree.path("code")), message, text(tree.path("type")), text(tree.path("param")),
				plain(tree.path("data")), bounded, cut);
	}

	/**
	 * Whether a JSON object from a success response is in fact an error.
	 * @param tree the body
	 * @return {@code true} for an {@code error} member or {@code "success": false}, unless the object is a
	 * resource that reports its own failure (a failed task carries {@code id}, {@code status} and {@code error})
	 */
	public static boolean isError(JsonNode tree) {
		if (!tree.isObject()) {
			return false;
		}
		JsonNode error = tree.path("error");
		if (error.isObject() || (error.isString() && !error.stringValue().isEmpty())) {
			return !tree.has("id") && !tree.has("task_id") && !tree.has("status");
		}
		JsonNode success = tree.path("success");
		return success.isBoolean() && !success.booleanValue() && tree.path("data").isMissingNode();
	}

	/**
	 * Whether a body might be an error (see {@link #isError(JsonNode)}) without parsing it: whether it names an
	 * {@code "error"} or {@code "success"} member anywhere. Lets a success body be read in one pass; a false
	 * positive only costs the tree path.
	 * @param bytes the body
	 * @return {@code false} when the body cannot be an error
	 */
	public static boolean mayBeError(byte[] bytes) {
		// Read as Latin-1 every byte is one char, so an ASCII match is exact even in UTF-8 text, and the search is
		// the JVM's vectorised String.indexOf: about a third of the time of a byte loop over a 1 KB completion.
		return mayBeError(new String(bytes, StandardCharsets.ISO_8859_1));
	}

	/**
	 * Whether a text, such as one server-sent event, might be an error; see {@link #mayBeError(byte[])}.
	 * @param text the text
	 * @return {@code false} when the text cannot be an error
	 */
	public static boolean mayBeError(String text) {
		return text.contains("\"error\"") || text.contains("\"success\"");
	}

	private static GatewayError fromBrokenJson(String text, String raw, boolean truncated) {
		Matcher message = MESSAGE_FIELD.matcher(text);
		Matcher code = CODE_FIELD.matcher(text);
		String codeText = null;
		if (code.find()) {
			codeText = (code.group(1) != null) ? emptyToNull(code.group(1)) : code.group(2);
		}
		String messageText = message.find() ? unescape(message.group(1))
				: "Unreadable error body (malformed or truncated JSON)";
		return new GatewayError(codeText, messageText, null, null, null, raw, truncated);
	}

	private static String summarize(String text) {
		Matcher title = HTML_TITLE.matcher(text);
		String summary;
		if (title.find()) {
			summary = TAGS.matcher(title.group(1)).replaceAll("");
		}
		else {
			summary = TAGS.matcher(text).replaceAll(" ");
		}
		summary = summary.replaceAll("\\s+", " ").strip();
		if (summary.length() > SUMMARY_LIMIT) {
			summary = summary.substring(0, SUMMARY_LIMIT) + "…";
		}
		return summary.isEmpty() ? "(unreadable error body)" : summary;
	}

	private static @Nullable String code(JsonNode node) {
		if (node.isString()) {
			return emptyToNull(node.stringValue().strip());
		}
		if (node.isNumber()) {
			return node.asString();
		}
		return null;
	}

	private static @Nullable String text(JsonNode node) {
		if (node.isString()) {
			return emptyToNull(node.stringValue());
		}
		if (node.isNumber() || node.isBoolean()) {
			return node.asString();
		}
		return null;
	}

	private static @Nullable Object plain(JsonNode node) {
		if (node.isMissingNode() || node.isNull()) {
			return null;
		}
		return MAPPER.convertValue(node, Object.class);
	}

	private static @Nullable String emptyToNull(String value) {
		return value.isEmpty() ? null : value;
	}

	private static String unescape(String value) {
		try {
			return MAPPER.readValue("\"" + value + "\"", String.class);
		}
		catch (JacksonException ex) {
			return value;
		}
	}

}
