package services.aiapi.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import services.aiapi.resilience.AiApiResilience;

/**
 * Counts each move of a call from one model of its fallback chain to the next, as
 * {@value #FALLBACKS}{@code {operation, from, to}}; the model tags are bounded like every model tag
 * ({@code aiapi.max-tracked-models}).
 */
public class FallbackMeterBinder implements MeterBinder {

	/** Name of the counter. */
	public static final String FALLBACKS = "aiapi.client.fallbacks";

	private final AiApiResilience resilience;

	public FallbackMeterBinder(AiApiResilience resilience) {
		this.resilience = resilience;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.resilience.getFallbacks()
			.addListener((operation, from, to, failure) -> Counter.builder(FALLBACKS)
				.description("Calls that moved on from a model of their fallback chain to the next")
				.tag("operation", operation.tagValue())
				.tag("from", this.resilience.modelKey(from))
				.tag("to", this.resilience.modelKey(to))
				.register(registry)
				.increment());
	}

}
