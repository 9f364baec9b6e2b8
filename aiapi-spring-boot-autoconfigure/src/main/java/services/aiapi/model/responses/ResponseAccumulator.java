package services.aiapi.model.responses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Turns a stream of {@link ResponseStreamEvent}s into the {@link Response} it stands for. Feed it every event
 * ({@link #accept}); {@link #response()} is the terminal event's response when one came, else the response as far
 * as the events built it (output items from their {@code .added}/{@code .done} events and the deltas between).
 * Not thread-safe: a stream's events arrive one at a time.
 *
 * <pre>{@code
 * ResponseAccumulator accumulator = new ResponseAccumulator();
 * template.createResponseStream(request).doOnNext(accumulator::accept).blockLast();
 * Response response = accumulator.response();
 * }</pre>
 */
public class ResponseAccumulator {

	private final Map<Integer, Item> items = new TreeMap<>();

	private final StringBuilder text = new StringBuilder();

	private @Nullable Response snapshot;

	private @Nullable Response terminal;

	private int events;

	/**
	 * Take an event into account.
	 * @param event the event
	 */
	public void accept(ResponseStreamEvent event) {
		this.events++;
		String type = (event.type() != null) ? event.type() : "";
		if (event.response() != null) {
			this.snapshot = event.response();
			if (event.isTerminal()) {
				this.terminal = event.response();
			}
		}
		int index = (event.outputIndex() != null) ? event.outputIndex() : 0;
		switch (type) {
			case "response.output_item.added", "response.output_item.done" -> {
				if (event.item() != null) {
					item(index).item = event.item();
					item(index).done = type.endsWith(".done");
				}
			}
			case ResponseStreamEvent.OUTPUT_TEXT_DELTA -> {
				String delta = (event.delta() != null) ? event.delta() : "";
				item(index).text.append(delta);
				this.text.append(delta);
			}
			case "response.refusal.delta" -> item(index).refusal.append((event.delta() != null) ? event.delta() : "");
			case "response.function_call_arguments.delta" ->
				item(index).arguments.append((event.delta() != null) ? event.delta() : "");
			case "response.function_call_arguments.done" -> {
				if (event.arguments() != null) {
					item(index).arguments.setLength(0);
					item(index).arguments.append(event.arguments());
				}
			}
			case "response.reasoning_summary_text.delta" ->
				item(index).summary.append((event.delta() != null) ? event.delta() : "");
			default -> {
				// lifecycle and unknown events carry nothing more to accumulate
			}
		}
	}

	/**
	 * Whether the stream's terminal event ({@code response.completed} or {@code response.incomplete}) came.
	 * @return {@code true} once it did
	 */
	public boolean isComplete() {
		return this.terminal != null;
	}

	/**
	 * Return how many events were accepted.
	 * @return the count
	 */
	public int events() {
		return this.events;
	}

	/**
	 * Return the output text received so far.
	 * @return the text deltas, concatenated
	 */
	public String text() {
		return this.text.toString();
	}

	/**
	 * Return the response: the terminal event's when it carries its output, else the response as far as the events
	 * built it.
	 * @return the response
	 */
	public Response response() {
		Response base = (this.terminal != null) ? this.terminal : this.snapshot;
		if (base != null && base.output() != null && !base.output().isEmpty()) {
			return base;
		}
		List<ResponseOutputItem> output = new ArrayList<>();
		this.items.values().forEach((item) -> output.add(item.build()));
		if (base == null) {
			return new Response(null, "response", null, "in_progress", null, output, null, null, null, null, null);
		}
		return new Response(base.id(), base.object(), base.createdAt(), base.status(), base.model(), output,
				base.usage(), base.incompleteDetails(), base.error(), base.previousResponseId(), base.metadata());
	}

	private Item item(int index) {
		return this.items.computeIfAbsent(index, (key) -> new Item());
	}

	private static final class Item {

		private @Nullable ResponseOutputItem item;

		private boolean done;

		private final StringBuilder text = new StringBuilder();

		private final StringBuilder refusal = new StringBuilder();

		private final StringBuilder arguments = new StringBuilder();

		private final StringBuilder summary = new StringBuilder();

		ResponseOutputItem build() {
			ResponseOutputItem known = this.item;
			if (known != null && this.done) {
				// the item's .done event carries it whole
				return known;
			}
			String type = (known != null && known.type() != null) ? known.type()
					: (this.arguments.length() > 0) ? "function_call" : "message";
			List<ResponseContent> content = null;
			List<ResponseContent> summary = null;
			if ("message".equals(type)) {
				content = new ArrayList<>();
				if (this.text.length() > 0) {
					content.add(new ResponseContent("output_text", this.text.toString(), null, null, null));
				}
				if (this.refusal.length() > 0) {
					content.add(new ResponseContent("refusal", null, this.refusal.toString(), null, null));
				}
			}
			if ("reasoning".equals(type) && this.summary.length() > 0) {
				summary = List.of(new ResponseContent("summary_text", this.summary.toString(), null, null, null));
			}
			String arguments = (this.arguments.length() > 0) ? this.arguments.toString()
					: (known != null) ? known.arguments() : null;
			return new ResponseOutputItem(type, (known != null) ? known.id() : null,
					(known != null) ? known.status() : null, (known != null) ? known.role() : "assistant", content,
					(known != null) ? known.callId() : null, (known != null) ? known.name() : null, arguments, summary,
					(known != null) ? known.encryptedContent() : null);
		}

	}

}
