package services.aiapi.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.ApiKeyPool;
import services.aiapi.resilience.PooledKey;

/**
 * Meters of a key pool, each tagged with the key's name (never the key): {@code aiapi.key.in-use} (1 while calls
 * may use the key, 0 while it is out), {@code aiapi.key.calls} (attempts sent with it) and {@code aiapi.key.moves}
 * (calls that moved from it to another key). Each key's own rate limiter is in Resilience4j's rate limiter meters
 * as {@code aiapi-<name>}; with a shared limit, {@code aiapi.ratelimit.shared.active{key}}. Binds nothing without a
 * pool.
 */
public class KeyPoolMeterBinder implements MeterBinder {

	private final AiApiResilience resilience;

	public KeyPoolMeterBinder(AiApiResilience resilience) {
		this.resilience = resilience;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		ApiKeyPool pool = this.resilience.getKeyPool();
		if (pool == null) {
			return;
		}
		for (PooledKey key : pool.getKeys()) {
			Gauge.builder("aiapi.key.in-use", key, (k) -> (k.getOut() == null) ? 1 : 0)
				.description("1 while calls may use the key, 0 while it is out of the pool (quota spent, revoked)")
				.tag("key", key.getName())
				.register(registry);
			FunctionCounter.builder("aiapi.key.calls", key, PooledKey::getCalls)
				.description("Attempts made with the key that ended, answered or failed")
				.tag("key", key.getName())
				.register(registry);
			if (key.getSharedRateLimiter() != null) {
				Gauge.builder("aiapi.ratelimit.shared.active", key,
						(k) -> (k.getSharedRateLimiter() != null && k.getSharedRateLimiter().isActive()) ? 1 : 0)
					.description("1 while the key's permits come from its limit shared through Redis, 0 while this "
							+ "instance falls back to its own")
					.tag("key", key.getName())
					.register(registry);
			}
			FunctionCounter.builder("aiapi.key.moves", key, PooledKey::getMovedAway)
				.description("Calls that moved from the key to another (quota, revoked, or a 429 while another key "
						+ "was free)")
				.tag("key", key.getName())
				.register(registry);
		}
	}

}
