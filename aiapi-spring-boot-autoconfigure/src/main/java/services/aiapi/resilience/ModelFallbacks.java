package services.aiapi.resilience;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import services.aiapi.error.AiApiException;
import services.aiapi.error.CircuitBreakerOpenException;
import services.aiapi.error.ClientRateLimitedException;
import services.aiapi.error.ContentFilteredException;
import services.aiapi.error.ModelNotFoundException;
import services.aiapi.error.ServiceUnavailableException;
import services.aiapi.http.AiApiOperation;

/**
 * Model fallback chains ({@code aiapi.fallback.chains.<model>=<next>,<next>…}): when a call for a model fails in a
 * way another model may not, the same request is sent for the next model of its chain, within the call's deadline.
 *
 * <p>A call moves on when its model's circuit breaker is open, the gateway says the model is unknown or has no
 * channel for it, or its retries ended on a retryable failure (5xx, a 429 whose wait is longer than
 * {@code aiapi.retry.max-retry-after}, a timeout, a lost connection). It never moves on what another model would
 * hit too or what must not be repeated: a refused request, a content filter (unless
 * {@code aiapi.fallback.on-content-filter}), the key (invalid, no quota — a key pool's business), the
 * client's own rate limiter, nor — for a call the gateway charges when submitted (images, speech, task
 * submissions) — any failure after the request may have reached the gateway. A stream moves on only before its
 * first element reached the subscriber.
 */
public final class ModelFallbacks {

	/** No chains: every call stays with its model. */
	public static final ModelFallbacks NONE = new ModelFallbacks(Map.of(), false);

	private static final Log logger = LogFactory.getLog(ModelFallbacks.class);

	private final Map<String, List<String>> chains;

	private final boolean onContentFilter;

	// head of a configured chain -> model that served -> count: bounded by the configured chains
	private final Map<String, Map<String, LongAdder>> served = new ConcurrentHashMap<>();

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Create the chains.
	 * @param chains the models to try after each model, in order
	 * @param onContentFilter whether a content-filter refusal moves a call on too
	 */
	public ModelFallbacks(Map<String, ? extends Collection<String>> chains, boolean onContentFilter) {
		Assert.notNull(chains, "Chains must not be null");
		Map<String, List<String>> copy = new LinkedHashMap<>();
		chains.forEach((model, next) -> {
			Assert.hasText(model, "A fallback chain's model must not be empty");
			List<String> steps = steps(model, next);
			if (!steps.isEmpty()) {
				copy.put(model.strip(), steps);
			}
		});
		this.chains = Map.copyOf(copy);
		this.onContentFilter = onContentFilter;
		this.chains.forEach((model, next) -> {
			Map<String, LongAdder> counts = new LinkedHashMap<>();
			counts.put(model, new LongAdder());
			next.forEach((step) -> counts.put(step, new LongAdder()));
			this.served.put(model, Map.copyOf(counts));
		});
	}

	/**
	 * Parse a chain written as one property value: models separated by commas.
	 * @param value such as {@code gpt-4o-mini, gemini-2.5-flash}
	 * @return the models, in order, blanks left out
	 */
	public static List<String> parse(@Nullable String value) {
		List<String> models = new ArrayList<>();
		if (value != null) {
			for (String part : value.split(",")) {
				if (!part.isBlank()) {
					models.add(part.strip());
				}
			}
		}
		return models;
	}

	private static List<String> steps(String model, Collection<String> next) {
		Set<String> steps = new LinkedHashSet<>();
		for (String step : next) {
			Assert.hasText(step, () -> "The fallback chain of " + model + " names an empty model");
			if (!step.strip().equals(model.strip())) {
				steps.add(step.strip());
			}
		}
		return List.copyOf(steps);
	}

	/**
	 * Listen to each move from one model to the next (metrics do).
	 * @param listener the listener
	 */
	public void addListener(Listener listener) {
		Assert.notNull(listener, "Listener must not be null");
		this.listeners.add(listener);
	}

	/**
	 * Return the models a call tries, in order: its own, then its chain.
	 * @param operation the call's operation; only those that name a model a request can be re-sent for have chains
	 * @param model the call's model, or {@code null}
	 * @param perCall the call's own chain (replacing the configured one; empty: none), or {@code null}
	 * @return the models, the call's own first; empty when the call has no chain
	 */
	public List<String> chain(AiApiOperation operation, @Nullable String model, @Nullable List<String> perCall) {
		if (model == null || (perCall == null && this.chains.isEmpty()) || !operation.hasModelFallbacks()) {
			return List.of();
		}
		List<String> next = (perCall != null) ? steps(model, perCall) : this.chains.getOrDefault(model, List.of());
		if (next.isEmpty()) {
			return List.of();
		}
		List<String> models = new ArrayList<>(next.size() + 1);
		models.add(model);
		models.addAll(next);
		return models;
	}

	/**
	 * Whether a failure moves a call on to the next model of its chain.
	 * @param operation the call's operation
	 * @param failure how the call's model failed, after its retries
	 * @return {@code true} to try the next model
	 */
	public boolean shouldMove(AiApiOperation operation, Throwable failure) {
		if (failure instanceof CircuitBreakerOpenException || failure instanceof ModelNotFoundException
				|| isNoChannel(failure)) {
			// nothing reached the model: the breaker refused, or the gateway had no channel for it
			return true;
		}
		if (operation.isBillableOnSubmit()) {
			return RetryPolicy.neverSent(failure);
		}
		if (failure instanceof ContentFilteredException) {
			return this.onContentFilter;
		}
		if (failure instanceof ClientRateLimitedException) {
			// the client's own limiter: every model waits behind it
			return false;
		}
		return failure instanceof AiApiException exception && exception.isRetryable();
	}

	private static boolean isNoChannel(Throwable failure) {
		if (failure instanceof ServiceUnavailableException unavailable) {
			String message = unavailable.getGatewayError().message();
			return message != null && (message.toLowerCase(java.util.Locale.ROOT).contains("no available channel")
					|| message.contains("无可用渠道"));
		}
		return false;
	}

	/**
	 * Take note that a call moved from one model to the next: listeners, and one INFO log line.
	 * @param operation the call's operation
	 * @param from the model that failed
	 * @param to the model tried next
	 * @param failure how it failed
	 */
	public void moved(AiApiOperation operation, String from, String to, Throwable failure) {
		if (logger.isInfoEnabled()) {
			logger.info("aiapi " + operation.tagValue() + " falls back from " + from + " to " + to + " after "
					+ failure.getClass().getSimpleName() + ": " + failure.getMessage());
		}
		for (Listener listener : this.listeners) {
			listener.onFallback(operation, from, to, failure);
		}
	}

	/**
	 * Take note that a model of a chain answered a call.
	 * @param head the model the call asked for
	 * @param model the model that answered
	 */
	public void served(String head, String model) {
		Map<String, LongAdder> counts = this.served.get(head);
		if (counts != null) {
			LongAdder count = counts.get(model);
			if (count != null) {
				count.increment();
			}
		}
	}

	/**
	 * Whether a content-filter refusal moves a call on.
	 * @return {@code aiapi.fallback.on-content-filter}
	 */
	public boolean isOnContentFilter() {
		return this.onContentFilter;
	}

	/**
	 * Return the configured chains.
	 * @return for each model, the models tried after it
	 */
	public Map<String, List<String>> getChains() {
		return this.chains;
	}

	/**
	 * Return how often each step of each configured chain answered a call (calls with a chain of their own are not
	 * counted).
	 * @return for each chain's model, each step's count in chain order
	 */
	public Map<String, Map<String, Long>> getServed() {
		Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
		this.chains.forEach((model, next) -> {
			Map<String, Long> steps = new LinkedHashMap<>();
			Map<String, LongAdder> adders = this.served.get(model);
			steps.put(model, adders.get(model).sum());
			next.forEach((step) -> steps.put(step, adders.get(step).sum()));
			counts.put(model, steps);
		});
		return counts;
	}

	@Override
	public String toString() {
		return "ModelFallbacks" + this.chains;
	}

	/**
	 * Told of each move from one model to the next.
	 */
	@FunctionalInterface
	public interface Listener {

		/**
		 * A call moved on.
		 * @param operation the call's operation
		 * @param from the model that failed
		 * @param to the model tried next
		 * @param failure how it failed
		 */
		void onFallback(AiApiOperation operation, String from, String to, Throwable failure);

	}

}
