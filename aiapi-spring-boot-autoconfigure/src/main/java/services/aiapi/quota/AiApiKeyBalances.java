package services.aiapi.quota;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

import services.aiapi.resilience.ApiKeyPool;
import services.aiapi.resilience.PooledKey;

/**
 * The balance of each key of a key pool, read from the billing routes with that key on the same schedule as one
 * key's: each key's read goes to the pool (a key out for quota is back in once a read shows money), and the pool's
 * total is what {@code aiapi.quota.warn-below} is compared with.
 */
public class AiApiKeyBalances implements SmartLifecycle {

	private final Map<String, AiApiBalance> balances;

	private final @Nullable Double warnBelowUsd;

	private final ApiKeyPool pool;

	private volatile boolean running;

	/**
	 * Create the balances and give each key of the pool its own.
	 * @param pool the pool
	 * @param balances each key's balance, by key name
	 * @param warnBelowUsd the total below which the pool's balance is low, or {@code null}
	 */
	public AiApiKeyBalances(ApiKeyPool pool, Map<String, AiApiBalance> balances, @Nullable Double warnBelowUsd) {
		Assert.notNull(pool, "Pool must not be null");
		this.pool = pool;
		this.balances = Map.copyOf(balances);
		this.warnBelowUsd = warnBelowUsd;
		this.balances.forEach((name, balance) -> {
			PooledKey key = pool.get(name);
			Assert.notNull(key, () -> "The pool has no key named " + name);
			key.setBalance(() -> {
				AiApiBalance.Snapshot snapshot = balance.current();
				return new PooledKey.Balance(snapshot.remainingUsd(), snapshot.unlimited(), snapshot.readAt());
			});
		});
	}

	/**
	 * Return each key's balance.
	 * @return the balances, by key name
	 */
	public Map<String, AiApiBalance> getBalances() {
		return this.balances;
	}

	/**
	 * Return the pool's total balance.
	 * @return the sum of the remaining amounts read, or {@code null} when unknown or a key is unlimited
	 */
	public @Nullable Double totalRemainingUsd() {
		return this.pool.totalBalanceUsd();
	}

	/**
	 * Whether the pool's total balance is below {@code aiapi.quota.warn-below}.
	 * @return {@code true} when low
	 */
	public boolean isLow() {
		Double total = totalRemainingUsd();
		return this.warnBelowUsd != null && total != null && total < this.warnBelowUsd;
	}

	/**
	 * Return the threshold.
	 * @return {@code aiapi.quota.warn-below}, or {@code null}
	 */
	public @Nullable Double getWarnBelowUsd() {
		return this.warnBelowUsd;
	}

	@Override
	public void start() {
		this.balances.values().forEach(AiApiBalance::start);
		this.running = true;
	}

	@Override
	public void stop() {
		this.balances.values().forEach(AiApiBalance::stop);
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
