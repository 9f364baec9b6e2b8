package services.aiapi.error;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

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

	/**
	 * Most bytes of a body that are looked at: an error body is read to at most this much, and a larger
	 * unreadable success body is judged by its beginning. Bounds the work whatever the server sends.
	 */
	public static final int PARSE_LIMIT = 64 * 1024;

	// Most characters of a message or code read from a broken body: a gateway message is a sentence.
	private static final int FIELD_LIMIT = 2 * 1024;

	private static final int SUMMARY_LIMIT = 300;

	// what the gateway writes in an Anthropic-shaped error's type when it has no code ("<nil>": a null code)
	private static final Set<String> NOT_CODES = Set.of("<nil>", "new_api_error", "upstream_error",
			"openai_error", "claude_error", "error");

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private ErrorBodyParser() {
	}

	/**
	 * Parse an error body.
	 * @param body the bytes read (possibly cut)
	 * @param cut whether the bytes are a prefix of a longer body
	 * @return what could be read; never {@code null}
	 */
	public static GatewayError parse(byte[] body, boolean cut) {
		boolean over = body.length > PARSE_LIMIT;
		String text = new String(body, 0, Math.min(body.length, PARSE_LIMIT), StandardCharsets.UTF_8);
		cut = cut || over;
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
			if (code == null && "error".equals(text(tree.path("type")))) {
				// Anthropic's shape: its error type is its machine code (overloaded_error ...), and the gateway
				// puts an upstream's OpenAI code there too; its own error kinds are types, not codes
				String type = text(error.path("type"));
				if (type != null && !NOT_CODES.contains(type)) {
					code = type;
				}
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

	// A cut or malformed JSON body: the message and code are looked for by a single forward scan, never a regular
	// expression (backtracking over a long string overflowed the stack) and never more than FIELD_LIMIT each.
	private static GatewayError fromBrokenJson(String text, String raw, boolean truncated) {
		String message = stringField(text, "\"message\"");
		if (message == null) {
			message = stringField(text, "\"description\"");
		}
		String code = stringField(text, "\"code\"");
		if (code == null) {
			code = numberField(text, "\"code\"");
		}
		return new GatewayError(emptyToNull((code != null) ? code.strip() : ""),
				(message != null) ? message : "Unreadable error body (malformed or truncated JSON)", null, null, null,
				raw, truncated);
	}

	private static @Nullable String stringField(String text, String key) {
		int start = valueStart(text, key);
		if (start < 0 || start >= text.length() || text.charAt(start) != '"') {
			return null;
		}
		StringBuilder value = new StringBuilder();
		for (int i = start + 1; i < text.length() && value.length() < FIELD_LIMIT; i++) {
			char c = text.charAt(i);
			if (c == '"') {
				return value.toString();
			}
			if (c != '\\' || i + 1 >= text.length()) {
				value.append(c);
				continue;
			}
			char escaped = text.charAt(++i);
			switch (escaped) {
				case 'n' -> value.append('\n');
				case 't' -> value.append('\t');
				case 'r' -> value.append('\r');
				case 'b', 'f' -> value.append(' ');
				case 'u' -> {
					if (i + 4 < text.length() && isHex(text, i + 1, 4)) {
						value.append((char) Integer.parseInt(text, i + 1, i + 5, 16));
						i += 4;
					}
				}
				default -> value.append(escaped);
			}
		}
		// the body was cut inside the string: what came is the message
		return value.toString();
	}

	private static @Nullable String numberField(String text, String key) {
		int start = valueStart(text, key);
		if (start < 0) {
			return null;
		}
		int end = start;
		while (end < text.length() && end - start < 20
				&& (Character.isDigit(text.charAt(end)) || (end == start && text.charAt(end) == '-'))) {
			end++;
		}
		return (end > start && Character.isDigit(text.charAt(end - 1))) ? text.substring(start, end) : null;
	}

	// Where the value of the first occurrence of a key starts, or -1.
	private static int valueStart(String text, String key) {
		int at = text.indexOf(key);
		while (at >= 0) {
			int i = skipSpace(text, at + key.length());
			if (i < text.length() && text.charAt(i) == ':') {
				return skipSpace(text, i + 1);
			}
			at = text.indexOf(key, at + key.length());
		}
		return -1;
	}

	private static int skipSpace(String text, int from) {
		int i = from;
		while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
			i++;
		}
		return i;
	}

	private static boolean isHex(String text, int from, int count) {
		for (int i = from; i < from + count; i++) {
			if (Character.digit(text.charAt(i), 16) < 0) {
				return false;
			}
		}
		return true;
	}

	// HTML or plain text: the page title if there is one, else the text without tags, in one pass and bounded.
	static String summarize(String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		int title = lower.indexOf("<title");
		String source = text;
		if (title >= 0) {
			int open = lower.indexOf('>', title);
			int close = (open >= 0) ? lower.indexOf("</title", open) : -1;
			if (open >= 0 && close > open) {
				source = text.substring(open + 1, close);
			}
		}
		StringBuilder summary = new StringBuilder();
		boolean inTag = false;
		boolean space = false;
		for (int i = 0; i < source.length() && summary.length() <= SUMMARY_LIMIT; i++) {
			char c = source.charAt(i);
			if (c == '<') {
				inTag = true;
				space = true;
			}
			else if (c == '>' && inTag) {
				inTag = false;
			}
			else if (!inTag) {
				if (Character.isWhitespace(c) || Character.isISOControl(c)) {
					space = true;
				}
				else {
					if (space && summary.length() > 0) {
						summary.append(' ');
					}
					space = false;
					summary.append(c);
				}
			}
		}
		if (summary.length() > SUMMARY_LIMIT) {
			summary.setLength(SUMMARY_LIMIT);
			summary.append('…');
		}
		return (summary.length() == 0) ? "(unreadable error body)" : summary.toString();
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

}
