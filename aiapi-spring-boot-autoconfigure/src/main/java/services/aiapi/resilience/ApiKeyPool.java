package services.aiapi.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import services.aiapi.error.InvalidApiKeyException;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.error.RateLimitExceededException;
import services.aiapi.http.ApiKey;

/**
 * Several gateway keys ({@code aiapi.api-keys}) used as one: each call takes the usable key with the most headroom
 * and keeps it across its retries unless the key itself failed. A quota error takes a key out until a read of its
 * balance shows money again (or, without balance reads, until a probe call after the probe interval goes
 * through); a 401 takes it out until a probe call after the probe interval goes through; a 429 pauses it, and
 * moves the call at once to another key when one is free. The call that found a key out moves on to the next
 * usable one, so that one spent or revoked key fails no call while another key can serve it.
 *
 * <p>Headroom, in order: not paused by the gateway; the permits left in the key's own limiter (its requests left
 * in the window, in tenths of its limit); a balance not below {@code aiapi.quota.warn-below}; then the keys'
 * weights share the calls (smooth weighted round-robin): keys with about the same headroom take calls in the
 * ratio of their weights, a key with clearly more headroom takes them first.
 */
public final class ApiKeyPool {

	/** Reactor context key of the key an attempt is sent with. */
	public static final String CONTEXT_KEY = ApiKeyPool.class.getName() + ".key";

	/** Reactor context key of the name of the key a call must use (its options named one). */
	public static final String FORCED_KEY = ApiKeyPool.class.getName() + ".forced";

	/** Default wait before a key out of the pool is given a probe call. */
	public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMinutes(5);

	private static final Log logger = LogFactory.getLog(ApiKeyPool.class);

	private final List<PooledKey> keys;

	private final Map<String, PooledKey> byName;

	private final Clock clock;

	private final Duration probeInterval;

	private volatile @Nullable Double lowBalanceUsd;

	ApiKeyPool(List<PooledKey> keys, Clock clock, Duration probeInterval) {
		Assert.notEmpty(keys, "A key pool needs at least one key");
		this.keys = List.copyOf(keys);
		Map<String, PooledKey> names = new LinkedHashMap<>();
		for (PooledKey key : keys) {
			Assert.isTrue(names.put(key.getName(), key) == null, () -> "Two keys are named " + key.getName());
		}
		this.byName = Map.copyOf(names);
		this.clock = clock;
		this.probeInterval = probeInterval;
	}

	/**
	 * A key of the pool as configured.
	 *
	 * @param name the name it is shown and tagged by
	 * @param key the key
	 * @param weight its share of calls among keys with the same headroom, at least 1
	 */
	public record Entry(String name, ApiKey key, int weight) {

		public Entry {
			Assert.hasText(name, "A pooled key's name must not be empty");
			Assert.notNull(key, "A pooled key must not be null");
			Assert.isTrue(weight >= 1, () -> "The weight of key " + name + " must be at least 1, was " + weight);
		}

		@Override
		public String toString() {
			return "Entry[" + this.name + " " + this.key.masked() + ", weight=" + this.weight + "]";
		}

	}

	/**
	 * Return the keys, in configured order.
	 * @return the keys
	 */
	public List<PooledKey> getKeys() {
		return this.keys;
	}

	/**
	 * Return a key by name.
	 * @param name the name
	 * @return the key, or {@code null} when the pool has none of that name
	 */
	public @Nullable PooledKey get(String name) {
		return this.byName.get(name);
	}

	/**
	 * Return the wait before a key that is out is given a probe call.
	 * @return the probe interval
	 */
	public Duration getProbeInterval() {
		return this.probeInterval;
	}

	/**
	 * Prefer keys whose balance is not below this amount.
	 * @param lowBalanceUsd the amount ({@code aiapi.quota.warn-below}), or {@code null}
	 */
	public void setLowBalanceUsd(@Nullable Double lowBalanceUsd) {
		this.lowBalanceUsd = lowBalanceUsd;
	}

	/**
	 * Return how many keys calls may use now (in use, or due a probe).
	 * @return the count
	 */
	public int usableCount() {
		Instant now = this.clock.instant();
		int usable = 0;
		for (PooledKey key : this.keys) {
			if (isUsable(key, now, false)) {
				usable++;
			}
		}
		return usable;
	}

	/**
	 * Return the pool's total balance, over the keys whose balance was read.
	 * @return the sum in USD, or {@code null} when no key's balance is known (or one is unlimited)
	 */
	public @Nullable Double totalBalanceUsd() {
		double total = 0;
		boolean known = false;
		for (PooledKey key : this.keys) {
			PooledKey.Balance balance = key.getBalance();
			if (balance == null || balance.readAt() == null) {
				continue;
			}
			if (balance.unlimited()) {
				return null;
			}
			if (balance.remainingUsd() != null) {
				total += Math.max(0, balance.remainingUsd());
				known = true;
			}
		}
		return known ? total : null;
	}

	/**
	 * Choose the key for an attempt: the current one while it stays usable and unpaused (a call keeps its key
	 * across retries), else the usable key with the most headroom that the call has not moved away from.
	 * @param current the key of the call's previous attempt, or {@code null}
	 * @param movedFrom keys the call moved away from
	 * @return the key, or {@code null} when none is usable
	 */
	@Nullable PooledKey choose(@Nullable PooledKey current, Set<PooledKey> movedFrom) {
		Instant now = this.clock.instant();
		if (current != null && current.getOut() == null && current.pausedMillis() <= 0) {
			return current;
		}
		synchronized (this) {
			for (PooledKey key : this.keys) {
				if (key.getOut() != null && !movedFrom.contains(key) && isUsable(key, now, true)) {
					if (key.getOut() != null) {
						// due a probe: this call is it (one per interval); should the key still fail, the call moves on
						key.probing(now);
					}
					return key;
				}
			}
			Rank best = null;
			List<PooledKey> tied = new ArrayList<>(this.keys.size());
			for (PooledKey key : this.keys) {
				if (movedFrom.contains(key) || !isUsable(key, now, true)) {
					continue;
				}
				Rank rank = new Rank(key.pausedMillis() > 0, headroom(key), isLow(key));
				int order = (best == null) ? 1 : rank.compareTo(best);
				if (order > 0) {
					best = rank;
					tied.clear();
				}
				if (order >= 0) {
					tied.add(key);
				}
			}
			if (tied.isEmpty()) {
				return null;
			}
			// smooth weighted round-robin among the equals
			PooledKey chosen = tied.get(0);
			if (tied.size() > 1) {
				long total = 0;
				chosen = null;
				for (PooledKey key : tied) {
					key.currentWeight += key.getWeight();
					total += key.getWeight();
					if (chosen == null || key.currentWeight > chosen.currentWeight) {
						chosen = key;
					}
				}
				chosen.currentWeight -= total;
			}
			return chosen;
		}
	}

	// how much a key can take now: unpaused first, then the most permits left, then a balance that is not low
	private record Rank(boolean paused, long headroom, boolean low) implements Comparable<Rank> {

		@Override
		public int compareTo(Rank other) {
			if (this.paused != other.paused) {
				return this.paused ? -1 : 1;
			}
			if (this.headroom != other.headroom) {
				return Long.compare(this.headroom, other.headroom);
			}
			if (this.low != other.low) {
				return this.low ? -1 : 1;
			}
			return 0;
		}

	}

	// the requests left in the key's window, as its own limiter counts them (with aiapi.rate-limiter.adaptive, at
	// the limit the gateway advertises; a key the gateway said has none left is paused until its reset), in tenths of
	// its limit: keys within a tenth of each other share calls by weight, a key clearly fuller takes them first
	private static long headroom(PooledKey key) {
		long permits = key.getRateLimiter().getMetrics().getAvailablePermissions();
		long limit = Math.max(1, key.getRateLimiter().getRateLimiterConfig().getLimitForPeriod());
		return (permits <= 0) ? 0 : (permits * 10 + limit - 1) / limit;
	}

	private boolean isLow(PooledKey key) {
		Double threshold = this.lowBalanceUsd;
		PooledKey.Balance balance = key.getBalance();
		return threshold != null && balance != null && !balance.unlimited() && balance.remainingUsd() != null
				&& balance.remainingUsd() < threshold;
	}

	// in use; or out for quota and its balance since read shows money; or out and due a probe
	private boolean isUsable(PooledKey key, Instant now, boolean admit) {
		PooledKey.Out out = key.getOut();
		if (out == null) {
			return true;
		}
		Instant since = key.outSince();
		if (out == PooledKey.Out.EXHAUSTED) {
			PooledKey.Balance balance = key.getBalance();
			if (balance != null && balance.readAt() != null && since != null && balance.readAt().isAfter(since)
					&& balance.hasMoney()) {
				if (admit) {
					key.backIn();
					logger.info("aiapi key " + key.getName() + " (" + key.getMasked() + ") is back in the pool: "
							+ "its balance read " + balance.remainingUsd() + " USD remaining");
				}
				return true;
			}
		}
		return since == null || !now.isBefore(since.plus(this.probeInterval));
	}

	/**
	 * Take note of how an attempt with a key failed, and say whether the call should move to another key: for a
	 * quota error (the key goes out), a 401 (the key goes out), and a 429 (the key is paused for its wait).
	 * @param key the key the attempt used
	 * @param failure how it failed
	 * @return {@code true} when the failure was the key's
	 */
	boolean failed(PooledKey key, Throwable failure) {
		Instant now = this.clock.instant();
		if (failure instanceof QuotaExceededException quota) {
			out(key, PooledKey.Out.EXHAUSTED, now, "quota: " + quota.getGatewayError().message());
			return true;
		}
		if (failure instanceof InvalidApiKeyException invalid) {
			out(key, PooledKey.Out.REVOKED, now, "401: " + invalid.getGatewayError().message());
			return true;
		}
		if (failure instanceof RateLimitExceededException rateLimited) {
			key.pause(rateLimited.getRetryAfter().map(Duration::toMillis).orElse(1000L));
			return true;
		}
		return false;
	}

	private void out(PooledKey key, PooledKey.Out reason, Instant now, String detail) {
		boolean wasIn = key.getOut() == null;
		key.takeOut(reason, now, detail);
		if (wasIn) {
			logger.warn("aiapi key " + key.getName() + " (" + key.getMasked() + ") is out of the pool (" + reason
					+ ", " + detail + "); " + usableCount() + " of " + this.keys.size() + " keys usable");
		}
	}

	/**
	 * Take note that an attempt with a key got an answer: a key given a probe call is back in.
	 * @param key the key
	 */
	void succeeded(PooledKey key) {
		if (key.getOut() != null) {
			key.backIn();
			logger.info("aiapi key " + key.getName() + " (" + key.getMasked() + ") is back in the pool: a probe "
					+ "call went through");
		}
	}

	/**
	 * Replace every key of the pool in a text with its masked form.
	 * @param text the text, or {@code null}
	 * @return the text without any key
	 */
	public @Nullable String redact(@Nullable String text) {
		String redacted = text;
		for (PooledKey key : this.keys) {
			ApiKey apiKey = key.getApiKey();
			if (apiKey != null) {
				redacted = apiKey.redact(redacted);
			}
		}
		return redacted;
	}

	/**
	 * Describe why no key is usable, for the exception that says so.
	 * @return each key's name, masked key and state
	 */
	public String describeKeys() {
		StringBuilder text = new StringBuilder();
		for (PooledKey key : this.keys) {
			if (!text.isEmpty()) {
				text.append(", ");
			}
			text.append(key.getName()).append(' ').append(key.getMasked()).append(' ').append(key.state());
			if (key.getOut() != null) {
				text.append(" since ").append(key.outSince());
			}
		}
		return text.toString();
	}

	@Override
	public String toString() {
		return "ApiKeyPool[" + describeKeys() + "]";
	}

}
