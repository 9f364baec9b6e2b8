package services.aiapi.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import services.aiapi.model.Usage;

/**
 * Token usage and operation duration following OpenTelemetry's GenAI semantic conventions
 * ({@code gen_ai.client.token.usage}, {@code gen_ai.client.operation.duration}), and the time to the first chunk
 * of streams. Meters are looked up once per operation and model, not on every call.
 */
public class GenAiMetrics implements AiApiCallListener {

	/** Tokens per call, by {@code gen_ai.token.type} ({@code input}, {@code output}, and the parts of them {@code input.cached} and {@code output.reasoning}). */
	public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	/** Duration of each logical call. */
	public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

	/** The {@code error.type} of a successful operation's duration. */
	public static final String NO_ERROR = "none";

	/** Time from the start of a stream to its first chunk. */
	public static final String TIME_TO_FIRST_CHUNK = "aiapi.client.stream.time.to.first.chunk";

	private static final String SYSTEM = "aiapi.services";

	private final MeterRegistry registry;

	private final Map<Key, Meters> meters = new ConcurrentHashMap<>();

	public GenAiMetrics(MeterRegistry registry) {
		Assert.notNull(registry, "MeterRegistry must not be null");
		this.registry = registry;
	}

	@Override
	public void onSuccess(CallInfo call, Duration duration, @Nullable Usage usage) {
		Meters meters = meters(call);
		meters.duration.record(duration);
		if (usage != null) {
			if (usage.promptTokens() != null) {
				meters.inputTokens.record(usage.promptTokens());
			}
			if (usage.completionTokens() != null) {
				meters.outputTokens.record(usage.completionTokens());
			}
			// parts of the input and output above, in types of their own: not to be added to them
			if (usage.cachedTokens() != null) {
				meters.cachedInputTokens.record(usage.cachedTokens());
			}
			if (usage.reasoningTokens() != null) {
				meters.reasoningOutputTokens.record(usage.reasoningTokens());
			}
		}
	}

	@Override
	public void onError(CallInfo call, Duration duration, Throwable error) {
		Meters meters = meters(call);
		meters.failures.computeIfAbsent(error.getClass(), (type) -> Timer.builder(OPERATION_DURATION)
			.description("Duration of GenAI operations, retries included")
			.tags(meters.tags)
			.tag("error.type", type.getSimpleName())
			.register(this.registry)).record(duration);
	}

	@Override
	public void onFirstChunk(CallInfo call, Duration sinceStart) {
		meters(call).firstChunk.record(sinceStart);
	}

	private Meters meters(CallInfo call) {
		return this.meters.computeIfAbsent(new Key(call.genAiOperationName(), call.modelTag()),
				(key) -> new Meters(this.registry, tags(call)));
	}

	private static Tags tags(CallInfo call) {
		return Tags.of("gen_ai.operation.name", call.genAiOperationName(), "gen_ai.request.model",
				call.modelTag(), "gen_ai.system", SYSTEM);
	}

	private record Key(String operation, String model) {
	}

	private static final class Meters {

		final Tags tags;

		final Timer duration;

		final DistributionSummary inputTokens;

		final DistributionSummary outputTokens;

		final DistributionSummary cachedInputTokens;

		final DistributionSummary reasoningOutputTokens;

		final Timer firstChunk;

		// by exception type: a handful of the starter's exception classes
		final Map<Class<?>, Timer> failures = new ConcurrentHashMap<>();

		Meters(MeterRegistry registry, Tags tags) {
			this.tags = tags;
			// error.type on every series, "none" for success: Prometheus needs one label set per metric name, and
			// registers none of a name's series whose labels differ from its first (the failures were lost)
			this.duration = Timer.builder(OPERATION_DURATION)
				.description("Duration of GenAI operations, retries included")
				.tags(tags)
				.tag("error.type", NO_ERROR)
				.register(registry);
			this.inputTokens = tokens(registry, tags, "input");
			this.outputTokens = tokens(registry, tags, "output");
			this.cachedInputTokens = tokens(registry, tags, "input.cached");
			this.reasoningOutputTokens = tokens(registry, tags, "output.reasoning");
			this.firstChunk = Timer.builder(TIME_TO_FIRST_CHUNK)
				.description("Time from the start of a chat stream to its first chunk")
				.tags(tags)
				.register(registry);
		}

		private static DistributionSummary tokens(MeterRegistry registry, Tags tags, String type) {
			return DistributionSummary.builder(TOKEN_USAGE)
				.description("Tokens used per GenAI operation")
				.baseUnit("{token}")
				.tags(tags)
				.tag("gen_ai.token.type", type)
				.register(registry);
		}

	}

}
