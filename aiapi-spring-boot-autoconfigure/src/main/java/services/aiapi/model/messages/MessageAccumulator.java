package services.aiapi.model.messages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a stream of {@link MessageStreamEvent}s into the {@link MessageResponse} it stands for: the message of
 * {@code message_start}, each content block from its {@code content_block_start} and its deltas (text, thinking
 * and its signature, a tool call's input JSON parsed when its block stops), the stop reason and usage of
 * {@code message_delta}. Not thread-safe: a stream's events arrive one at a time.
 */
public class MessageAccumulator {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Map<Integer, Block> blocks = new TreeMap<>();

	private final StringBuilder text = new StringBuilder();

	private @Nullable MessageResponse start;

	private @Nullable String stopReason;

	private @Nullable String stopSequence;

	private @Nullable MessageUsage usage;

	private boolean complete;

	private int events;

	/**
	 * Take an event into account.
	 * @param event the event
	 */
	public void accept(MessageStreamEvent event) {
		this.events++;
		String type = (event.type() != null) ? event.type() : "";
		int index = (event.index() != null) ? event.index() : 0;
		switch (type) {
			case "message_start" -> {
				if (event.message() != null) {
					this.start = event.message();
					if (event.message().usage() != null) {
						this.usage = event.message().usage().over(this.usage);
					}
					if (event.message().stopReason() != null) {
						this.stopReason = event.message().stopReason();
					}
				}
			}
			case "content_block_start" -> {
				if (event.contentBlock() != null) {
					this.blocks.put(index, new Block(event.contentBlock()));
				}
			}
			case "content_block_delta" -> delta(index, event.delta());
			case "message_delta" -> {
				if (event.delta() != null && event.delta().stopReason() != null) {
					this.stopReason = event.delta().stopReason();
					this.stopSequence = event.delta().stopSequence();
				}
				if (event.usage() != null) {
					this.usage = event.usage().over(this.usage);
				}
			}
			case MessageStreamEvent.MESSAGE_STOP -> this.complete = true;
			default -> {
				// content_block_stop, ping and unknown events carry nothing more to accumulate
			}
		}
	}

	private void delta(int index, MessageStreamEvent.@Nullable Delta delta) {
		if (delta == null) {
			return;
		}
		Block block = this.blocks.computeIfAbsent(index, (key) -> new Block(null));
		if (delta.text() != null) {
			block.text.append(delta.text());
			this.text.append(delta.text());
		}
		if (delta.partialJson() != null) {
			block.json.append(delta.partialJson());
		}
		if (delta.thinking() != null) {
			block.thinking.append(delta.thinking());
		}
		if (delta.signature() != null) {
			block.signature = delta.signature();
		}
	}

	/**
	 * Whether {@code message_stop} came.
	 * @return {@code true} once it did
	 */
	public boolean isComplete() {
		return this.complete;
	}

	/**
	 * Return how many events were accepted.
	 * @return the count
	 */
	public int events() {
		return this.events;
	}

	/**
	 * Return the text received so far.
	 * @return the text deltas, concatenated
	 */
	public String text() {
		return this.text.toString();
	}

	/**
	 * Return the message as far as the events built it.
	 * @return the message
	 */
	public MessageResponse message() {
		MessageResponse start = this.start;
		List<ContentBlock> content = new ArrayList<>();
		if (start != null && start.content() != null) {
			// a whole message (a plain answer to a stream request) or content sent at the start
			content.addAll(start.content());
		}
		this.blocks.values().forEach((block) -> content.add(block.build()));
		return new MessageResponse((start != null) ? start.id() : null, "message", "assistant",
				(start != null) ? start.model() : null, content,
				(this.stopReason != null) ? this.stopReason : (start != null) ? start.stopReason() : null,
				(this.stopSequence != null) ? this.stopSequence : (start != null) ? start.stopSequence() : null,
				this.usage);
	}

	private static final class Block {

		private final @Nullable ContentBlock start;

		private final StringBuilder text = new StringBuilder();

		private final StringBuilder json = new StringBuilder();

		private final StringBuilder thinking = new StringBuilder();

		private @Nullable String signature;

		Block(@Nullable ContentBlock start) {
			this.start = start;
		}

		@SuppressWarnings("unchecked")
		ContentBlock build() {
			ContentBlock start = this.start;
			String type = (start != null && start.type() != null) ? start.type()
					: (this.json.length() > 0) ? "tool_use" : (this.thinking.length() > 0) ? "thinking" : "text";
			String text = (start != null && start.text() != null) ? start.text() + this.text : this.text.toString();
			Map<String, Object> input = (start != null) ? start.input() : null;
			if (this.json.length() > 0) {
				try {
					input = MAPPER.readValue(this.json.toString(), Map.class);
				}
				catch (JacksonException ex) {
					// a cut stream: the input is what the start said, the raw JSON stays in the text
					text = this.json.toString();
				}
			}
			String thinking = (start != null && start.thinking() != null) ? start.thinking() + this.thinking
					: (this.thinking.length() > 0) ? this.thinking.toString() : null;
			String signature = (this.signature != null) ? this.signature : (start != null) ? start.signature() : null;
			return new ContentBlock(type, ("text".equals(type) || text.length() > 0) ? text : null,
					(start != null) ? start.source() : null, (start != null) ? start.id() : null,
					(start != null) ? start.name() : null, input, null, null, null, thinking, signature,
					(start != null) ? start.data() : null, null);
		}

	}

}
