package services.aiapi.resilience.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;

import services.aiapi.error.ClientRateLimitedException;
import services.aiapi.resilience.SharedRateLimiter;

/**
 * The client-side rate limit of one gateway key, shared through Redis by every instance that uses the key: a
 * Bucket4j bucket ({@code bucket4j_jdk17-lettuce}, compare-and-swap) of {@code limit} permits per {@code period},
 * refilled whole at each multiple of the period since the epoch (the way fixed-window gateway counters count), and a
 * pause key that holds every instance until the gateway's reset or a 429's {@code Retry-After}.
 *
 * <p>Its Redis keys are {@code <prefix><hash>} and {@code <prefix><hash>:paused-until}, where the hash is a SHA-256
 * of the API key: two keys on one Redis never share a limit, and the API key is never stored.
 *
 * <p>Redis trouble never stops calls: a permit that Redis does not grant within the command timeout (slow, down,
 * not yet connected) is {@code false}, and the instance's own limiter applies. The fall-back is logged once per
 * outage; one call per recheck interval tries Redis again, and the first that succeeds returns the instance to the
 * shared limit.
 */
public final class RedisSharedRateLimiter implements SharedRateLimiter, DisposableBean {

	private static final Log logger = LogFactory.getLog(RedisSharedRateLimiter.class);

	private final Supplier<StatefulConnection<byte[], byte[]>> connector;

	private final byte[] bucketKey;

	private final byte[] pauseKey;

	private final String keyId;

	private final Duration period;

	private final Duration permitTimeout;

	private final Duration commandTimeout;

	private final Duration recheckInterval;

	private final Clock clock;

	private final @Nullable Runnable onClose;

	private volatile long limit;

	private volatile @Nullable Store store;

	private final AtomicBoolean connecting = new AtomicBoolean();

	private volatile boolean active;

	private volatile boolean everActive;

	private final AtomicLong nextProbeAt = new AtomicLong();

	private final AtomicLong knownPausedUntil = new AtomicLong();

	private final AtomicLong fallbacks = new AtomicLong();

	private volatile @Nullable String lastError;

	/**
	 * Create a limiter.
	 * @param connector opens a connection (with a byte-array codec) to Redis or a Redis cluster; called again
	 * after a failed attempt
	 * @param apiKey the gateway key whose limit this is; only its hash is kept
	 * @param settings the limit, timeouts and key prefix
	 * @param clock the clock pauses are timed with
	 * @param onClose what to close after the connection when the limiter is destroyed (a dedicated client), or
	 * {@code null}
	 */
	public RedisSharedRateLimiter(Supplier<StatefulConnection<byte[], byte[]>> connector, String apiKey,
			Settings settings, Clock clock, @Nullable Runnable onClose) {
		Assert.notNull(connector, "Connector must not be null");
		Assert.hasText(apiKey, "API key must not be empty");
		Assert.notNull(settings, "Settings must not be null");
		Assert.isTrue(settings.limit() > 0, "The limit must be positive");
		Assert.isTrue(!settings.period().isNegative() && !settings.period().isZero(), "The period must be positive");
		this.connector = connector;
		String hash = hash(apiKey);
		this.keyId = hash.substring(0, 12);
		this.bucketKey = (settings.keyPrefix() + hash).getBytes(StandardCharsets.UTF_8);
		this.pauseKey = (settings.keyPrefix() + hash + ":paused-until").getBytes(StandardCharsets.UTF_8);
		this.limit = settings.limit();
		this.period = settings.period();
		this.permitTimeout = settings.permitTimeout();
		this.commandTimeout = settings.commandTimeout();
		this.recheckInterval = settings.recheckInterval();
		this.clock = clock;
		this.onClose = onClose;
	}

	/**
	 * Connect now, waiting at most the given time; without Redis the limiter starts in its fall-back and connects
	 * later.
	 * @param wait the longest wait
	 */
	public void connect(Duration wait) {
		connectInBackground().block(wait);
	}

	@Override
	public Mono<Boolean> permit() {
		return Mono.defer(() -> {
			Store current = this.store;
			long now = this.clock.millis();
			if (current == null || !this.active) {
				// one call per recheck interval tries Redis (or to connect) again; the others keep to the local limit
				long next = this.nextProbeAt.get();
				if (now < next || !this.nextProbeAt.compareAndSet(next, now + this.recheckInterval.toMillis())) {
					return local();
				}
				if (current == null) {
					connectInBackground().subscribe();
					return local();
				}
			}
			return attempt(current, now + this.permitTimeout.toMillis());
		});
	}

	private Mono<Boolean> local() {
		this.fallbacks.incrementAndGet();
		return Mono.just(false);
	}

	private Mono<Boolean> attempt(Store current, long deadline) {
		long now = this.clock.millis();
		long paused = this.knownPausedUntil.get();
		if (paused > now) {
			return waitThen(current, paused - now, deadline, "the gateway asked for a pause");
		}
		Mono<Long> pause = Mono.fromFuture(() -> current.strings.get(this.pauseKey).toCompletableFuture())
			.map(RedisSharedRateLimiter::parseMillis)
			.defaultIfEmpty(0L);
		// a reservation: one compare-and-swap takes this call's place in line (now or in a later window), and the
		// call waits for it here, not by asking Redis again; waiters of one window do not storm the next
		SlotCapture slot = new SlotCapture();
		Mono<Boolean> reserve = Mono.fromFuture(() -> current.bucket.asScheduler()
			.tryConsume(1, TimeUnit.MILLISECONDS.toNanos(Math.max(0, deadline - now)), slot));
		return Mono.zip(pause, reserve)
			.timeout(this.commandTimeout, Schedulers.parallel())
			.flatMap((result) -> {
				markUp();
				long pausedUntil = result.getT1();
				this.knownPausedUntil.accumulateAndGet(pausedUntil, Math::max);
				long at = this.clock.millis();
				if (pausedUntil > at) {
					// a place taken in a window the gateway closed is not used
					return waitThen(current, pausedUntil - at, deadline, "the gateway asked for a pause");
				}
				if (!result.getT2()) {
					return Mono.error(new ClientRateLimitedException("the shared limit of " + this.limit + " per "
							+ this.period + " is spent: no permit within " + this.permitTimeout.toMillis()
							+ " ms (shared by every instance using this key)", this.period, null));
				}
				long nanos = slot.nanos;
				if (nanos <= 0) {
					return Mono.just(true);
				}
				// a little after the window opens, never before: clocks of timers and of the bucket differ slightly
				return Mono.delay(Duration.ofNanos(nanos).plusMillis(2), Schedulers.parallel()).thenReturn(true);
			})
			.onErrorResume((ex) -> !(ex instanceof ClientRateLimitedException), (ex) -> {
				markDown(ex);
				return local();
			});
	}

	private Mono<Boolean> waitThen(Store current, long wait, long deadline, String why) {
		if (this.clock.millis() + wait > deadline) {
			return Mono.error(new ClientRateLimitedException(why + ": no permit within "
					+ this.permitTimeout.toMillis() + " ms (shared by every instance using this key)",
					Duration.ofMillis(wait), null));
		}
		return Mono.delay(Duration.ofMillis(wait), Schedulers.parallel())
			.then(Mono.defer(() -> attempt(current, deadline)));
	}

	@Override
	public void limitAdvertised(long advertised) {
		Store current = this.store;
		if (advertised <= 0 || advertised == this.limit || current == null) {
			return;
		}
		this.limit = advertised;
		current.bucket.replaceConfiguration(configuration(advertised), TokensInheritanceStrategy.PROPORTIONALLY)
			.whenComplete((done, ex) -> {
				if (ex != null) {
					logger.debug("Could not change the shared rate limit to " + advertised + ": " + ex);
				}
			});
	}

	@Override
	public void pauseUntil(Instant until) {
		long millis = until.toEpochMilli();
		long ttl = millis - this.clock.millis();
		if (ttl <= 0) {
			return;
		}
		this.knownPausedUntil.accumulateAndGet(millis, Math::max);
		Store current = this.store;
		if (current != null && this.active) {
			current.strings.set(this.pauseKey, Long.toString(millis).getBytes(StandardCharsets.US_ASCII),
					SetArgs.Builder.px(ttl + 1000));
		}
	}

	@Override
	public boolean isActive() {
		return this.active;
	}

	@Override
	public Map<String, Object> state() {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("mode", this.active ? "shared" : (this.store == null) ? "local (connecting to Redis)"
				: "local (Redis unavailable)");
		state.put("store", "redis");
		state.put("key", this.keyId + "…");
		state.put("limitForPeriod", this.limit);
		state.put("period", this.period.toString());
		long paused = this.knownPausedUntil.get();
		if (paused > this.clock.millis()) {
			state.put("pausedUntil", Instant.ofEpochMilli(paused).toString());
		}
		state.put("fallbacks", this.fallbacks.get());
		String error = this.lastError;
		if (error != null) {
			state.put("lastError", error);
		}
		return state;
	}

	@Override
	public long getFallbacks() {
		return this.fallbacks.get();
	}

	@Override
	public void destroy() {
		Store current = this.store;
		this.store = null;
		if (current != null) {
			current.connection.close();
		}
		if (this.onClose != null) {
			this.onClose.run();
		}
	}

	// one attempt at a time, off the caller's thread: a connect may wait for Lettuce's connect timeout
	private Mono<Void> connectInBackground() {
		return Mono.<Void>fromRunnable(() -> {
			if (this.store != null || !this.connecting.compareAndSet(false, true)) {
				return;
			}
			try {
				this.store = open(this.connector.get());
				this.nextProbeAt.set(0);
				markUp();
			}
			catch (RuntimeException ex) {
				markDown(ex);
			}
			finally {
				this.connecting.set(false);
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private Store open(StatefulConnection<byte[], byte[]> connection) {
		RedisStringAsyncCommands<byte[], byte[]> strings;
		AsyncBucketProxy bucket;
		ExpirationAfterWriteStrategy expiry = ExpirationAfterWriteStrategy
			.basedOnTimeForRefillingBucketUpToMax(this.period);
		if (connection instanceof StatefulRedisConnection<byte[], byte[]> single) {
			strings = single.async();
			bucket = Bucket4jLettuce.casBasedBuilder(single).expirationAfterWrite(expiry).build().asAsync()
				.builder()
				.build(this.bucketKey, () -> CompletableFuture.completedFuture(configuration(this.limit)));
		}
		else if (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
			strings = cluster.async();
			bucket = Bucket4jLettuce.casBasedBuilder(cluster).expirationAfterWrite(expiry).build().asAsync()
				.builder()
				.build(this.bucketKey, () -> CompletableFuture.completedFuture(configuration(this.limit)));
		}
		else {
			throw new IllegalArgumentException("Unsupported Redis connection: " + connection.getClass().getName());
		}
		return new Store(connection, strings, bucket);
	}

	// limit permits at every multiple of the period since the epoch; a bucket made mid-window starts with its share
	private BucketConfiguration configuration(long permits) {
		long periodMillis = this.period.toMillis();
		Instant nextWindow = Instant.ofEpochMilli((this.clock.millis() / periodMillis + 1) * periodMillis);
		return BucketConfiguration.builder()
			.addLimit((bandwidth) -> bandwidth.capacity(permits)
				.refillIntervallyAlignedWithAdaptiveInitialTokens(permits, this.period, nextWindow))
			.build();
	}

	private void markUp() {
		if (!this.active) {
			this.active = true;
			if (this.everActive) {
				logger.info("Shared rate limit back: permits come from Redis again (key " + this.keyId + "…)");
			}
			else {
				logger.info("Shared rate limit active: " + this.limit + " requests per " + this.period
						+ " for every instance using this key (Redis key " + this.keyId + "…)");
			}
			this.everActive = true;
			this.lastError = null;
		}
	}

	private void markDown(Throwable ex) {
		this.nextProbeAt.accumulateAndGet(this.clock.millis() + this.recheckInterval.toMillis(), Math::max);
		String error = ex.getClass().getSimpleName()
				+ ((ex.getMessage() != null) ? ": " + ex.getMessage() : " after " + this.commandTimeout.toMillis() + " ms");
		boolean wasActive = this.active;
		this.active = false;
		boolean firstFailure = this.lastError == null;
		this.lastError = error;
		if (wasActive || firstFailure) {
			logger.warn("Shared rate limit unavailable (" + error + "); this instance keeps to its own limit and tries "
					+ "Redis again every " + this.recheckInterval.toMillis() + " ms");
		}
	}

	private static long parseMillis(byte[] value) {
		try {
			return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	static String hash(String apiKey) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] hash = digest.digest(("aiapi-rate-limit:" + apiKey).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "RedisSharedRateLimiter[key=" + this.keyId + "…, limit=" + this.limit + "/" + this.period + ", active="
				+ this.active + "]";
	}

	/**
	 * Receives Bucket4j's "complete this after that long" instead of scheduling it: the time is kept, the completion
	 * runs at once, and the call waits on Reactor's timer (virtual in tests) rather than on a thread of its own.
	 */
	private static final class SlotCapture extends java.util.concurrent.AbstractExecutorService
			implements java.util.concurrent.ScheduledExecutorService {

		// Bucket4j's SchedulingBucket.tryConsume calls schedule(Runnable, long, TimeUnit) once, nothing else
		private static final String ONLY_SCHEDULE = "only schedule(Runnable, long, TimeUnit) is used by Bucket4j's "
				+ "reservation";

		volatile long nanos;

		@Override
		public java.util.concurrent.ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
			this.nanos = unit.toNanos(delay);
			command.run();
			return null;
		}

		@Override
		public <V> java.util.concurrent.ScheduledFuture<V> schedule(java.util.concurrent.Callable<V> callable,
				long delay, TimeUnit unit) {
			throw new UnsupportedOperationException(ONLY_SCHEDULE);
		}

		@Override
		public java.util.concurrent.ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay,
				long period, TimeUnit unit) {
			throw new UnsupportedOperationException(ONLY_SCHEDULE);
		}

		@Override
		public java.util.concurrent.ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay,
				long delay, TimeUnit unit) {
			throw new UnsupportedOperationException(ONLY_SCHEDULE);
		}

		@Override
		public void execute(Runnable command) {
			command.run();
		}

		@Override
		public void shutdown() {
		}

		@Override
		public java.util.List<Runnable> shutdownNow() {
			return java.util.List.of();
		}

		@Override
		public boolean isShutdown() {
			return false;
		}

		@Override
		public boolean isTerminated() {
			return false;
		}

		@Override
		public boolean awaitTermination(long timeout, TimeUnit unit) {
			return true;
		}

	}

	private record Store(StatefulConnection<byte[], byte[]> connection, RedisStringAsyncCommands<byte[], byte[]> strings,
			AsyncBucketProxy bucket) {
	}

	/**
	 * The shared limit's settings.
	 *
	 * @param limit requests per period for every instance together (the gateway key's limit)
	 * @param period the period
	 * @param permitTimeout the longest a call waits for a permit
	 * @param commandTimeout the longest Redis may take to grant one, after which the local limiter applies
	 * @param recheckInterval how often an instance on its fall-back tries Redis again
	 * @param keyPrefix the prefix of the Redis keys
	 */
	public record Settings(long limit, Duration period, Duration permitTimeout, Duration commandTimeout,
			Duration recheckInterval, String keyPrefix) {

	}

}
