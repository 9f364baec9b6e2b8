package services.aiapi.resilience;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.github.resilience4j.ratelimiter.RateLimiter;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

import services.aiapi.error.RateLimit;
import services.aiapi.http.ApiKey;

/**
 * One key of the starter's key pool ({@code aiapi.api-keys}), or the one configured key: its own client-side rate
 * limiter, the pause the gateway asked of it, its shared limit (when shared through Redis) and, in a pool, whether
 * it is in use or out (its balance spent, revoked) and what its balance reads. Shown by its name and masked
 * suffix, never the key.
 */
public final class PooledKey {

	/** Why a key of a pool is out. */
	public enum Out {

		/** The gateway answered a call with a quota error: out until a balance read shows money again. */
		EXHAUSTED,

		/** The gateway answered 401: out until a probe after {@code aiapi.key-pool.probe-interval} works. */
		REVOKED

	}

	private final String name;

	private final @Nullable ApiKey apiKey;

	private final int weight;

	private final RateLimiter limiter;

	private final AdaptiveRateLimit adaptive;

	private volatile @Nullable SharedRateLimiter shared;

	private volatile @Nullable Out out;

	// when the key went out, or was last given a probe call
	private volatile @Nullable Instant outSince;

	private volatile @Nullable String outReason;

	// scheduler time until which a 429 asked this key to wait
	private final AtomicLong pausedUntilMillis = new AtomicLong();

	private volatile @Nullable Supplier<@Nullable Balance> balance;

	private final LongAdder calls = new LongAdder();

	private final LongAdder movedAway = new LongAdder();

	// smooth weighted round-robin among keys with the same headroom (guarded by the pool)
	long currentWeight;

	PooledKey(String name, @Nullable ApiKey apiKey, int weight, RateLimiter limiter, AdaptiveRateLimit adaptive) {
		this.name = name;
		this.apiKey = apiKey;
		this.weight = weight;
		this.limiter = limiter;
		this.adaptive = adaptive;
	}

	/**
	 * Return the key's name: the one configured, else {@code key-<n>}.
	 * @return the name, which metrics are tagged with
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the key masked to its last four characters.
	 * @return such as {@code ****cdef}; {@code ****} for the configured key outside a pool
	 */
	public String getMasked() {
		return (this.apiKey != null) ? this.apiKey.masked() : "****";
	}

	/**
	 * Return the key itself, for the request that sends it.
	 * @return the key, or {@code null} outside a pool (the client's own key is sent)
	 */
	public @Nullable ApiKey getApiKey() {
		return this.apiKey;
	}

	/**
	 * Return the key's weight: its share of calls among keys with the same headroom.
	 * @return the weight, at least 1
	 */
	public int getWeight() {
		return this.weight;
	}

	/**
	 * Return the key's own client-side rate limiter.
	 * @return the limiter
	 */
	public RateLimiter getRateLimiter() {
		return this.limiter;
	}

	AdaptiveRateLimit adaptive() {
		return this.adaptive;
	}

	/**
	 * Return the key's shared rate limit, when shared through Redis.
	 * @return the shared limiter, or {@code null}
	 */
	public @Nullable SharedRateLimiter getSharedRateLimiter() {
		return this.shared;
	}

	/**
	 * Take this key's permits from a limit shared by every instance that uses the same key.
	 * @param shared the shared limiter, or {@code null} for this instance's own only
	 */
	public void setSharedRateLimiter(@Nullable SharedRateLimiter shared) {
		this.shared = shared;
		this.adaptive.setShared(shared);
	}

	/**
	 * Read this key's balance from a source, such as its {@code AiApiBalance}: a key out for quota is back in once
	 * a read made after it went out shows money.
	 * @param balance the source
	 */
	public void setBalance(@Nullable Supplier<@Nullable Balance> balance) {
		this.balance = balance;
	}

	/**
	 * Return what the key's balance last read.
	 * @return the balance, or {@code null} when not read
	 */
	public @Nullable Balance getBalance() {
		Supplier<@Nullable Balance> source = this.balance;
		return (source != null) ? source.get() : null;
	}

	/**
	 * Return the rate-limit figures the gateway last advertised for this key.
	 * @return the figures, or {@code null}
	 */
	public @Nullable RateLimit getLastAdvertisedRateLimit() {
		return this.adaptive.lastAdvertised();
	}

	/**
	 * Return why the key is out, if it is.
	 * @return the reason, or {@code null} while in use
	 */
	public @Nullable Out getOut() {
		return this.out;
	}

	/**
	 * Return how many attempts were made with this key and ended (answered or failed; not those the caller left
	 * before they did).
	 * @return the count
	 */
	public long getCalls() {
		return this.calls.sum();
	}

	/**
	 * Return how many calls moved from this key to another (quota, revoked, or a 429 while another key was free).
	 * @return the count
	 */
	public long getMovedAway() {
		return this.movedAway.sum();
	}

	void sent() {
		this.calls.increment();
	}

	void movedAway() {
		this.movedAway.increment();
	}

	@Nullable Instant outSince() {
		return this.outSince;
	}

	void takeOut(Out reason, Instant now, String detail) {
		this.outReason = detail;
		this.outSince = now;
		this.out = reason;
	}

	void probing(Instant now) {
		this.outSince = now;
	}

	void backIn() {
		this.out = null;
		this.outSince = null;
		this.outReason = null;
	}

	void pause(long millis) {
		this.pausedUntilMillis.accumulateAndGet(now() + millis, Math::max);
	}

	/**
	 * Return how long this key must still wait for the gateway: a 429's {@code Retry-After}, or a reset with no
	 * requests remaining.
	 * @return milliseconds, 0 or less for none
	 */
	long pausedMillis() {
		return Math.max(this.pausedUntilMillis.get() - now(), this.adaptive.pausedMillis());
	}

	/**
	 * Return the key's state in one word.
	 * @return {@code IN_USE}, {@code PAUSED}, {@code EXHAUSTED} or {@code REVOKED}
	 */
	public String state() {
		Out reason = this.out;
		return (reason != null) ? reason.name() : (pausedMillis() > 0) ? "PAUSED" : "IN_USE";
	}

	/**
	 * Return the key's state for the endpoint and health details: never the key.
	 * @return name, masked key, whether it is in use and why not, its calls and balance
	 */
	public Map<String, Object> describe() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("name", this.name);
		map.put("key", getMasked());
		map.put("weight", this.weight);
		map.put("state", state());
		if (this.out != null) {
			map.put("outSince", String.valueOf(this.outSince));
			map.put("outReason", this.outReason);
		}
		map.put("calls", getCalls());
		map.put("movedAway", getMovedAway());
		map.put("availablePermissions", this.limiter.getMetrics().getAvailablePermissions());
		Balance balance = getBalance();
		if (balance != null) {
			map.put("balance", balance.describe());
		}
		SharedRateLimiter shared = this.shared;
		if (shared != null) {
			map.put("sharedRateLimit", shared.state());
		}
		return map;
	}

	@Override
	public String toString() {
		return "PooledKey[" + this.name + " " + getMasked() + "]";
	}

	private static long now() {
		return Schedulers.parallel().now(TimeUnit.MILLISECONDS);
	}

	/**
	 * What a key's balance last read.
	 *
	 * @param remainingUsd what the key may still spend, or {@code null} when unknown or unlimited
	 * @param unlimited whether the key has no limit
	 * @param readAt when it was read, or {@code null} before the first read
	 */
	public record Balance(@Nullable Double remainingUsd, boolean unlimited, @Nullable Instant readAt) {

		/**
		 * Whether the read shows money to spend.
		 * @return {@code true} for an unlimited key or one with something remaining
		 */
		public boolean hasMoney() {
			return this.unlimited || (this.remainingUsd != null && this.remainingUsd > 0);
		}

		Map<String, Object> describe() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("unlimited", this.unlimited);
			if (this.remainingUsd != null) {
				map.put("remaining", this.remainingUsd);
			}
			if (this.readAt != null) {
				map.put("readAt", this.readAt.toString());
			}
			return map;
		}

	}

}
