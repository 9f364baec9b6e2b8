package services.aiapi.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Puts a streamed answer together: the content, the reasoning and, above all, the tool calls, whose deltas arrive in
 * pieces by {@code index} (id and name first, the arguments in fragments). Feed it every chunk, then read the
 * whole {@link #completion()} or {@link #toolCalls()}:
 *
 * <pre class="code">
 * ChatCompletion whole = reactiveTemplate.chatStream(request)
 *     .collect(ChatCompletionAccumulator::new, ChatCompletionAccumulator::add)
 *     .map(ChatCompletionAccumulator::completion)
 *     .block();
 * </pre>
 *
 * Providers differ in how they cut a call: some repeat the id, type and name on every delta, some omit the index;
 * a repeated name is not appended again, and a delta without an index belongs to the call its id names, or to the
 * last call. Not thread-safe; a stream's chunks arrive in order, one at a time.
 */
public final class ChatCompletionAccumulator {

	private final Map<Integer, ChoiceState> choices = new TreeMap<>();

	private @Nullable String id;

	private @Nullable Long created;

	private @Nullable String model;

	private @Nullable Usage usage;

	/**
	 * Put together all chunks of a blocking stream, closing it.
	 * @param chunks the stream, as {@code AiApiTemplate.chatStream} returns it
	 * @return the whole answer
	 */
	public static ChatCompletion accumulate(Stream<ChatCompletionChunk> chunks) {
		ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
		try (chunks) {
			chunks.forEach(accumulator::add);
		}
		return accumulator.completion();
	}

	/**
	 * Add the next chunk.
	 * @param chunk the chunk
	 * @return this accumulator
	 */
	public ChatCompletionAccumulator add(ChatCompletionChunk chunk) {
		if (this.id == null) {
			this.id = chunk.id();
		}
		if (this.created == null) {
			this.created = chunk.created();
		}
		if (this.model == null) {
			this.model = chunk.model();
		}
		if (chunk.usage() != null) {
			this.usage = chunk.usage();
		}
		if (chunk.choices() != null) {
			for (ChatCompletionChunk.Choice choice : chunk.choices()) {
				if (choice != null) {
					int index = (choice.index() != null) ? choice.index() : 0;
					this.choices.computeIfAbsent(index, ChoiceState::new).add(choice);
				}
			}
		}
		return this;
	}

	/**
	 * Return the answer so far, as if it had not been streamed.
	 * @return the completion
	 */
	public ChatCompletion completion() {
		List<ChatCompletion.Choice> list = new ArrayList<>(this.choices.size());
		for (ChoiceState state : this.choices.values()) {
			list.add(state.toChoice());
		}
		return new ChatCompletion(this.id, "chat.completion", this.created, this.model, list, this.usage, null);
	}

	/**
	 * Return the first choice's tool calls so far, each whole: id, name and all argument fragments joined.
	 * @return the calls in index order, empty when none
	 */
	public List<ToolCall> toolCalls() {
		ChoiceState first = this.choices.isEmpty() ? null : this.choices.values().iterator().next();
		return (first != null) ? first.toolCalls() : List.of();
	}

	/**
	 * Return the first choice's finish reason, once it came.
	 * @return the finish reason, or {@code null} while the answer goes on
	 */
	public @Nullable String finishReason() {
		ChoiceState first = this.choices.isEmpty() ? null : this.choices.values().iterator().next();
		return (first != null) ? first.finishReason : null;
	}

	private static final class ChoiceState {

		final int index;

		@Nullable String role;

		@Nullable StringBuilder content;

		@Nullable StringBuilder reasoning;

		@Nullable StringBuilder refusal;

		@Nullable String finishReason;

		final TreeMap<Integer, CallState> calls = new TreeMap<>();

		int lastCall = -1;

		ChoiceState(int index) {
			this.index = index;
		}

		void add(ChatCompletionChunk.Choice choice) {
			if (choice.finishReason() != null) {
				this.finishReason = choice.finishReason();
			}
			ChatMessage delta = choice.delta();
			if (delta == null) {
				return;
			}
			if (this.role == null && delta.role() != null) {
				this.role = delta.role();
			}
			this.content = append(this.content, delta.content());
			this.reasoning = append(this.reasoning, delta.reasoningContent());
			this.refusal = append(this.refusal, delta.refusal());
			if (delta.toolCalls() != null) {
				for (ToolCall call : delta.toolCalls()) {
					if (call != null) {
						int position = positionOf(call);
						this.lastCall = position;
						this.calls.computeIfAbsent(position, (i) -> new CallState()).add(call);
					}
				}
			}
		}

		private int positionOf(ToolCall call) {
			if (call.index() != null) {
				return call.index();
			}
			if (call.id() != null) {
				for (Map.Entry<Integer, CallState> entry : this.calls.entrySet()) {
					if (call.id().equals(entry.getValue().id)) {
						return entry.getKey();
					}
				}
				return this.calls.isEmpty() ? 0 : this.calls.lastKey() + 1;
			}
			return Math.max(this.lastCall, 0);
		}

		List<ToolCall> toolCalls() {
			List<ToolCall> list = new ArrayList<>(this.calls.size());
			for (CallState call : this.calls.values()) {
				list.add(call.toToolCall());
			}
			return list;
		}

		ChatCompletion.Choice toChoice() {
			List<ToolCall> toolCalls = this.calls.isEmpty() ? null : toolCalls();
			ChatMessage message = new ChatMessage((this.role != null) ? this.role : "assistant",
					(this.content != null) ? this.content.toString() : null, null, null, toolCalls,
					(this.reasoning != null) ? this.reasoning.toString() : null,
					(this.refusal != null) ? this.refusal.toString() : null, null);
			return new ChatCompletion.Choice(this.index, message, this.finishReason);
		}

		private static @Nullable StringBuilder append(@Nullable StringBuilder builder, @Nullable String piece) {
			if (piece == null) {
				return builder;
			}
			return (builder != null) ? builder.append(piece) : new StringBuilder(piece);
		}

	}

	private static final class CallState {

		@Nullable String id;

		@Nullable String type;

		@Nullable String name;

		final StringBuilder arguments = new StringBuilder();

		void add(ToolCall delta) {
			if (this.id == null && delta.id() != null && !delta.id().isEmpty()) {
				this.id = delta.id();
			}
			if (this.type == null && delta.type() != null) {
				this.type = delta.type();
			}
			String name = delta.name();
			if (name != null && !name.isEmpty()) {
				// most providers send the name once; some repeat it whole on every delta
				if (this.name == null) {
					this.name = name;
				}
				else if (!this.name.equals(name)) {
					this.name = this.name + name;
				}
			}
			if (delta.arguments() != null) {
				this.arguments.append(delta.arguments());
			}
		}

		ToolCall toToolCall() {
			return new ToolCall(null, this.id, (this.type != null) ? this.type : "function",
					new ToolCall.FunctionCall(this.name, this.arguments.toString()));
		}

	}

}
