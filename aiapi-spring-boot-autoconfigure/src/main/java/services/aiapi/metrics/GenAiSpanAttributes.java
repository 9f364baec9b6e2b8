package services.aiapi.metrics;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.Usage;
import services.aiapi.model.messages.MessageRequest;
import services.aiapi.model.messages.MessageResponse;
import services.aiapi.model.messages.MessageStreamEvent;
import services.aiapi.model.responses.Response;
import services.aiapi.model.responses.ResponseRequest;
import services.aiapi.model.responses.ResponseStreamEvent;

/**
 * The attributes of OpenTelemetry's GenAI semantic conventions a call's span carries, as high-cardinality key
 * values of its observation (spans only, never meter tags): the request's parameters, the response's model, id and
 * finish reasons, and the token usage. Prompt and completion text are never among them.
 */
final class GenAiSpanAttributes {

	private GenAiSpanAttributes() {
	}

	// what every call of an operation and model tag shares: made once per pair (a bounded set)
	static KeyValues fixed(CallInfo call, @Nullable String serverAddress) {
		List<KeyValue> values = new ArrayList<>(4);
		values.add(KeyValue.of("gen_ai.operation.name", call.genAiOperationName()));
		values.add(KeyValue.of("gen_ai.system", "aiapi.services"));
		values.add(KeyValue.of("gen_ai.request.model", call.modelTag()));
		if (serverAddress != null) {
			values.add(KeyValue.of("server.address", serverAddress));
		}
		return KeyValues.of(values);
	}

	// the request's own parameters: nothing to make when it sets none
	static @Nullable KeyValues request(CallInfo call) {
		Object request = call.request();
		if (!(request instanceof ChatCompletionRequest || request instanceof ResponseRequest
				|| request instanceof MessageRequest)) {
			return null;
		}
		List<KeyValue> values = new ArrayList<>(4);
		if (request instanceof ChatCompletionRequest chat) {
			add(values, "gen_ai.request.temperature", chat.temperature());
			add(values, "gen_ai.request.top_p", chat.topP());
			add(values, "gen_ai.request.max_tokens", chat.maxTokens());
			add(values, "gen_ai.request.presence_penalty", chat.presencePenalty());
			add(values, "gen_ai.request.frequency_penalty", chat.frequencyPenalty());
			add(values, "gen_ai.request.seed", chat.seed());
		}
		else if (request instanceof ResponseRequest responses) {
			add(values, "gen_ai.request.temperature", responses.temperature());
			add(values, "gen_ai.request.top_p", responses.topP());
			add(values, "gen_ai.request.max_tokens", responses.maxOutputTokens());
		}
		else if (request instanceof MessageRequest messages) {
			add(values, "gen_ai.request.temperature", messages.temperature());
			add(values, "gen_ai.request.top_p", messages.topP());
			add(values, "gen_ai.request.top_k", messages.topK());
			add(values, "gen_ai.request.max_tokens", messages.maxTokens());
		}
		return values.isEmpty() ? null : KeyValues.of(values);
	}

	// what an answer (or a stream's element) says of itself: model, id, finish reason; and its usage
	static KeyValues response(@Nullable Object value, @Nullable Usage usage) {
		List<KeyValue> values = new ArrayList<>(5);
		if (usage != null) {
			add(values, "gen_ai.usage.input_tokens", usage.promptTokens());
			add(values, "gen_ai.usage.output_tokens", usage.completionTokens());
		}
		if (value instanceof ChatCompletion completion) {
			answer(values, completion.model(), completion.id(), completion.finishReason());
		}
		else if (value instanceof ChatCompletionChunk chunk) {
			answer(values, chunk.model(), chunk.id(), chunk.finishReason());
		}
		else if (value instanceof Response response) {
			answer(values, response.model(), response.id(), response.status());
		}
		else if (value instanceof MessageResponse message) {
			answer(values, message.model(), message.id(), message.stopReason());
		}
		else if (value instanceof ResponseStreamEvent event && event.response() != null) {
			answer(values, event.response().model(), event.response().id(), event.response().status());
		}
		else if (value instanceof MessageStreamEvent event && event.message() != null) {
			answer(values, event.message().model(), event.message().id(), event.message().stopReason());
		}
		return KeyValues.of(values);
	}

	// whether a stream's element says why the answer finished
	static boolean finishes(@Nullable Object value) {
		if (value instanceof ChatCompletionChunk chunk) {
			return chunk.finishReason() != null;
		}
		if (value instanceof ResponseStreamEvent event) {
			return event.response() != null;
		}
		return value instanceof MessageStreamEvent message && message.message() != null;
	}

	private static void answer(List<KeyValue> values, @Nullable String model, @Nullable String id,
			@Nullable String finishReason) {
		add(values, "gen_ai.response.model", model);
		add(values, "gen_ai.response.id", id);
		add(values, "gen_ai.response.finish_reasons", finishReason);
	}

	private static void add(List<KeyValue> values, String key, @Nullable Object value) {
		if (value != null) {
			values.add(KeyValue.of(key, String.valueOf(value)));
		}
	}

}
