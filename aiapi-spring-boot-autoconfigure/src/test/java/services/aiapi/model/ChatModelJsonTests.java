package services.aiapi.model;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat model on the wire: tool calls, content parts, response formats, reasoning and usage details, read and
 * written as OpenAI's schema has them; fields the model does not know are ignored.
 */
class ChatModelJsonTests {

	private final JsonMapper mapper = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	@Test
	void aCompletionWithToolCallsKeepsTheCalls() {
		String json = """
				{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o","unknown":{"x":1},
				 "choices":[{"index":0,"finish_reason":"tool_calls","logprobs":null,
				   "message":{"role":"assistant","content":null,"annotations":[],
				     "tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
				                   {"id":"call_b","type":"function","function":{"name":"get_time","arguments":"{}"}}]}}],
				 "usage":{"prompt_tokens":10,"completion_tokens":20,"total_tokens":30,
				   "prompt_tokens_details":{"cached_tokens":4,"audio_tokens":0},
				   "completion_tokens_details":{"reasoning_tokens":12,"accepted_prediction_tokens":0}}}
				""";
		ChatCompletion completion = this.mapper.readValue(json, ChatCompletion.class);
		assertThat(completion.content()).isNull();
		assertThat(completion.finishReason()).isEqualTo("tool_calls");
		assertThat(completion.toolCalls()).extracting(ToolCall::id, ToolCall::name, ToolCall::arguments)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("call_a", "get_weather", "{\"city\":\"Paris\"}"),
					org.assertj.core.groups.Tuple.tuple("call_b", "get_time", "{}"));
		assertThat(completion.usage().cachedTokens()).isEqualTo(4);
		assertThat(completion.usage().reasoningTokens()).isEqualTo(12);
	}

	@Test
	void reasoningContentIsRead() {
		String json = """
				{"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"4",
				  "reasoning_content":"2 and 2 make 4"}}]}
				""";
		ChatCompletion completion = this.mapper.readValue(json, ChatCompletion.class);
		assertThat(completion.content()).isEqualTo("4");
		assertThat(completion.reasoningContent()).isEqualTo("2 and 2 make 4");
	}

	@Test
	void textContentIsAStringAndPartsAreAnArray() {
		JsonNode text = this.mapper.valueToTree(ChatMessage.user("Hello"));
		assertThat(text.toString()).isEqualTo("{\"role\":\"user\",\"content\":\"Hello\"}");
		ChatMessage parts = ChatMessage.user(ContentPart.text("What is in this image?"),
				ContentPart.imageUrl("https://example.com/cat.png", "low"),
				ContentPart.image(new byte[] { 1, 2, 3 }, "image/png"));
		JsonNode json = this.mapper.valueToTree(parts);
		assertThat(json.path("content").isArray()).isTrue();
		assertThat(json.path("content").get(0).toString()).isEqualTo("{\"type\":\"text\",\"text\":\"What is in this image?\"}");
		assertThat(json.path("content").get(1).toString())
			.isEqualTo("{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\",\"detail\":\"low\"}}");
		assertThat(json.path("content").get(2).path("image_url").path("url").asString())
			.isEqualTo("data:image/png;base64,AQID");
		assertThat(parts.content()).isEqualTo("What is in this image?");
		// read back: the same parts
		ChatMessage read = this.mapper.treeToValue(json, ChatMessage.class);
		assertThat(read.contentParts()).isEqualTo(parts.contentParts());
		assertThat(read.content()).isEqualTo("What is in this image?");
		// a data: URL is not printed whole
		assertThat(parts.toString()).doesNotContain("AQID").contains("data:image/png;base64");
	}

	@Test
	void toolTurnsAreWrittenAsOpenAiHasThem() {
		ChatMessage call = ChatMessage.assistant(List.of(ToolCall.function("call_a", "get_weather", "{}")));
		assertThat(this.mapper.valueToTree(call).toString()).isEqualTo(
				"{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]}");
		assertThat(this.mapper.valueToTree(ChatMessage.tool("call_a", "{\"temp\":21}")).toString())
			.isEqualTo("{\"role\":\"tool\",\"content\":\"{\\\"temp\\\":21}\",\"tool_call_id\":\"call_a\"}");
	}

	@Test
	void requestCarriesToolsChoiceFormatAndEffort() {
		ChatCompletionRequest request = ChatCompletionRequest.ofUser("Weather in Paris?")
			.model("gpt-4o")
			.tool(Tool.function("get_weather", "Current weather",
					Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")))))
			.toolChoice(ToolChoice.function("get_weather"))
			.parallelToolCalls(false)
			.responseFormat(ResponseFormat.jsonObject())
			.reasoningEffort("low")
			.build();
		JsonNode json = this.mapper.valueToTree(request.asStream());
		assertThat(json.path("tools").get(0).path("function").path("name").asString()).isEqualTo("get_weather");
		assertThat(json.path("tool_choice").toString())
			.isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}");
		assertThat(json.path("parallel_tool_calls").asBoolean()).isFalse();
		assertThat(json.path("response_format").toString()).isEqualTo("{\"type\":\"json_object\"}");
		assertThat(json.path("reasoning_effort").asString()).isEqualTo("low");
		assertThat(json.path("stream").asBoolean()).isTrue();
		assertThat(this.mapper.valueToTree(ToolChoice.AUTO).asString()).isEqualTo("auto");
		assertThat(this.mapper.readValue("\"required\"", ToolChoice.class)).isEqualTo(ToolChoice.REQUIRED);
		assertThat(this.mapper.readValue("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}", ToolChoice.class))
			.isEqualTo(ToolChoice.function("f"));
	}

}
