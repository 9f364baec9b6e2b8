package services.aiapi.resilience;

import java.util.Map;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * The shared rate limits of a key pool's keys, one per key by name, started, stopped and destroyed with the
 * context as one bean.
 */
public final class SharedRateLimiters implements SmartLifecycle, DisposableBean {

	private final Map<String, SharedRateLimiter> limiters;

	private final Runnable onClose;

	private volatile boolean running;

	/**
	 * Create the set.
	 * @param limiters each key's shared limiter, by the key's name
	 * @param onClose what to close after the limiters (a client they share)
	 */
	public SharedRateLimiters(Map<String, SharedRateLimiter> limiters, Runnable onClose) {
		Assert.notNull(limiters, "Limiters must not be null");
		this.limiters = Map.copyOf(limiters);
		this.onClose = onClose;
	}

	/**
	 * Return each key's shared limiter.
	 * @return the limiters, by key name
	 */
	public Map<String, SharedRateLimiter> getLimiters() {
		return this.limiters;
	}

	@Override
	public void start() {
		this.limiters.values().forEach((limiter) -> {
			if (limiter instanceof Lifecycle lifecycle) {
				lifecycle.start();
			}
		});
		this.running = true;
	}

	@Override
	public void stop() {
		this.limiters.values().forEach((limiter) -> {
			if (limiter instanceof Lifecycle lifecycle) {
				lifecycle.stop();
			}
		});
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public void destroy() throws Exception {
		for (SharedRateLimiter limiter : this.limiters.values()) {
			if (limiter instanceof DisposableBean disposable) {
				disposable.destroy();
			}
		}
		this.onClose.run();
	}

	@Override
	public String toString() {
		return "SharedRateLimiters" + this.limiters.keySet();
	}

}
