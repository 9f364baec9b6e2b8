package services.aiapi.springai;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import reactor.core.publisher.Flux;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionAccumulator;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.ChatMessage;
import services.aiapi.model.ContentPart;
import services.aiapi.model.ResponseFormat;
import services.aiapi.model.Tool;
import services.aiapi.model.ToolCall;
import services.aiapi.model.Usage;

/**
 * Spring AI's {@link ChatModel} (and so {@code StreamingChatModel}) on the starter's
 * {@link ReactiveAiApiOperations}: every model call — each turn of a {@code ChatClient} tool loop included — is one
 * starter call, with its validation, client-side rate limit, breaker, retry, deadline, typed exceptions and metrics.
 *
 * <p>It adds none of its own: no Spring AI {@code RetryTemplate} (the starter retries what may be retried and
 * nothing else) and no {@code gen_ai.client.operation} observation (the starter's GenAI metrics count the call
 * once). Tools are not executed here: Spring AI's {@code ToolCallingAdvisor} runs them and calls again. Failures
 * reach the caller as the starter's {@link services.aiapi.error.AiApiException}s.
 */
public class AiApiChatModel implements ChatModel {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> SCHEMA = new TypeReference<>() {
	};

	private static final int NONE = 0;

	private static final int COLLECTING = 1;

	private static final int HANDED_OVER = 2;

	private final ReactiveAiApiOperations operations;

	private final AiApiChatOptions defaultOptions;

	/**
	 * Create a model.
	 * @param operations the starter's reactive operations
	 * @param defaultOptions the options of every call, which a prompt's options override
	 */
	public AiApiChatModel(ReactiveAiApiOperations operations, AiApiChatOptions defaultOptions) {
		Assert.notNull(operations, "ReactiveAiApiOperations must not be null");
		Assert.notNull(defaultOptions, "Default options must not be null");
		this.operations = operations;
		this.defaultOptions = defaultOptions;
	}

	@Override
	public AiApiChatOptions getOptions() {
		return this.defaultOptions;
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		ChatCompletion completion = this.operations.chat(request(prompt)).block();
		Assert.state(completion != null, "The starter returned no completion");
		return response(completion);
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		ChatCompletionRequest request = request(prompt);
		return Flux.defer(() -> {
			ChatCompletionAccumulator calls = new ChatCompletionAccumulator();
			// NONE → COLLECTING (a tool call began) → HANDED_OVER (whole calls given to the advisor, once)
			AtomicInteger state = new AtomicInteger(NONE);
			return this.operations.chatStream(request).concatMap((chunk) -> {
				if (state.get() == NONE && hasToolCalls(chunk)) {
					state.set(COLLECTING);
				}
				if (state.get() != COLLECTING) {
					return Flux.just(response(chunk));
				}
				// a tool call's arguments come in pieces: hand the advisor whole calls, once, when complete
				calls.add(chunk);
				if (chunk.finishReason() == null && chunk.usage() == null) {
					return Flux.empty();
				}
				state.set(HANDED_OVER);
				return Flux.just(response(calls.completion()));
			});
		});
	}

	private static boolean hasToolCalls(ChatCompletionChunk chunk) {
		if (chunk.choices() == null) {
			return false;
		}
		for (ChatCompletionChunk.Choice choice : chunk.choices()) {
			if (choice != null && choice.delta() != null && choice.delta().hasToolCalls()) {
				return true;
			}
		}
		return false;
	}

	ChatCompletionRequest request(Prompt prompt) {
		ChatOptions options = (prompt.getOptions() != null) ? prompt.getOptions() : this.defaultOptions;
		ChatCompletionRequest.Builder builder = ChatCompletionRequest.builder()
			.model(options.getModel())
			.temperature(options.getTemperature())
			.topP(options.getTopP())
			.maxTokens(options.getMaxTokens())
			.presencePenalty(options.getPresencePenalty())
			.frequencyPenalty(options.getFrequencyPenalty())
			.stop((options.getStopSequences() != null && !options.getStopSequences().isEmpty())
					? options.getStopSequences() : null);
		for (Message message : prompt.getInstructions()) {
			addMessage(builder, message);
		}
		if (options instanceof ToolCallingChatOptions tooling && tooling.getToolCallbacks() != null) {
			for (ToolCallback callback : tooling.getToolCallbacks()) {
				builder.tool(tool(callback.getToolDefinition()));
			}
		}
		if (options instanceof StructuredOutputChatOptions structured && structured.getOutputSchema() != null) {
			builder.responseFormat(
					ResponseFormat.jsonSchema("answer", JSON.readValue(structured.getOutputSchema(), SCHEMA), true));
		}
		if (options instanceof AiApiChatOptions own) {
			builder.reasoningEffort(own.getReasoningEffort()).toolChoice(own.getToolChoice());
			if (own.getToolCallbacks() != null && !own.getToolCallbacks().isEmpty()) {
				builder.parallelToolCalls(own.getParallelToolCalls());
			}
		}
		return builder.build();
	}

	private static Tool tool(ToolDefinition definition) {
		Map<String, Object> schema = JSON.readValue(definition.inputSchema(), SCHEMA);
		return Tool.function(definition.name(), definition.description(), schema);
	}

	private static void addMessage(ChatCompletionRequest.Builder builder, Message message) {
		if (message instanceof UserMessage user) {
			if (user.getMedia().isEmpty()) {
				builder.message(ChatMessage.user(user.getText()));
				return;
			}
			List<ContentPart> parts = new ArrayList<>();
			if (user.getText() != null && !user.getText().isEmpty()) {
				parts.add(ContentPart.text(user.getText()));
			}
			for (Media media : user.getMedia()) {
				parts.add(imagePart(media));
			}
			builder.message(ChatMessage.user(parts.toArray(ContentPart[]::new)));
		}
		else if (message instanceof SystemMessage system) {
			builder.message(ChatMessage.system(system.getText()));
		}
		else if (message instanceof AssistantMessage assistant) {
			if (assistant.hasToolCalls()) {
				List<ToolCall> calls = assistant.getToolCalls()
					.stream()
					.map((call) -> ToolCall.function(call.id(), call.name(), call.arguments()))
					.toList();
				builder.message(new ChatMessage("assistant", emptyToNull(assistant.getText()), null, null, calls, null,
						null, null));
			}
			else {
				builder.message(ChatMessage.assistant((assistant.getText() != null) ? assistant.getText() : ""));
			}
		}
		else if (message instanceof ToolResponseMessage tools) {
			for (ToolResponseMessage.ToolResponse response : tools.getResponses()) {
				builder.message(ChatMessage.tool(response.id(), response.responseData()));
			}
		}
		else {
			throw new IllegalArgumentException("Unsupported message type: " + message.getMessageType());
		}
	}

	private static ContentPart imagePart(Media media) {
		Object data = media.getData();
		if (data instanceof String url && (url.startsWith("http") || url.startsWith("data:"))) {
			return ContentPart.imageUrl(url);
		}
		if (data instanceof URI uri) {
			return ContentPart.imageUrl(uri.toString());
		}
		return ContentPart.imageUrl(
				"data:" + media.getMimeType() + ";base64," + Base64.getEncoder().encodeToString(media.getDataAsByteArray()));
	}

	private static ChatResponse response(ChatCompletion completion) {
		List<Generation> generations = new ArrayList<>();
		if (completion.choices() != null) {
			for (ChatCompletion.Choice choice : completion.choices()) {
				generations.add(generation(choice.message(), choice.finishReason(), choice.index()));
			}
		}
		return new ChatResponse(generations, metadata(completion.id(), completion.model(), completion.usage()));
	}

	private static ChatResponse response(ChatCompletionChunk chunk) {
		List<Generation> generations = new ArrayList<>();
		if (chunk.choices() != null) {
			for (ChatCompletionChunk.Choice choice : chunk.choices()) {
				generations.add(generation(choice.delta(), choice.finishReason(), choice.index()));
			}
		}
		return new ChatResponse(generations, metadata(chunk.id(), chunk.model(), chunk.usage()));
	}

	private static Generation generation(@Nullable ChatMessage message, @Nullable String finishReason,
			@Nullable Integer index) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("index", (index != null) ? index : 0);
		properties.put("finishReason", (finishReason != null) ? finishReason : "");
		List<AssistantMessage.ToolCall> toolCalls = List.of();
		String text = null;
		if (message != null) {
			text = message.content();
			if (message.reasoningContent() != null) {
				properties.put("reasoningContent", message.reasoningContent());
			}
			if (message.refusal() != null) {
				properties.put("refusal", message.refusal());
			}
			if (message.toolCalls() != null) {
				toolCalls = message.toolCalls()
					.stream()
					.map((call) -> new AssistantMessage.ToolCall(String.valueOf(call.id()), "function",
							String.valueOf(call.name()), (call.arguments() != null) ? call.arguments() : "{}"))
					.toList();
			}
		}
		AssistantMessage output = AssistantMessage.builder()
			.content(text)
			.properties(properties)
			.toolCalls(toolCalls)
			.build();
		ChatGenerationMetadata.Builder metadata = ChatGenerationMetadata.builder();
		if (finishReason != null) {
			metadata.finishReason(finishReason.toUpperCase(java.util.Locale.ROOT));
		}
		return new Generation(output, metadata.build());
	}

	private static ChatResponseMetadata metadata(@Nullable String id, @Nullable String model, @Nullable Usage usage) {
		ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder()
			.id((id != null) ? id : "")
			.model((model != null) ? model : "")
			.usage((usage != null) ? new DefaultUsage(usage.promptTokens(), usage.completionTokens(),
					usage.totalTokens(), usage) : new EmptyUsage());
		return metadata.build();
	}

	private static @Nullable String emptyToNull(@Nullable String text) {
		return (text == null || text.isEmpty()) ? null : text;
	}

}
