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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
import org.springframework.context.SmartLifecycle;
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
 * shared limit. A connection Redis dropped is closed and opened anew by that recheck, not by a client's own
 * reconnection loop, so an outage is one WARN line, not one per reconnection attempt.
 *
 * <p>It connects when the application context starts its lifecycle beans, in the background: start-up never
 * waits for Redis, and no bean is looked up from another thread.
 */
public final class RedisSharedRateLimiter implements SharedRateLimiter, SmartLifecycle, DisposableBean {

	private static final Log logger = LogFactory.getLog(RedisSharedRateLimiter.class);

	private final Supplier<StatefulConnection<byte[], byte[]>> connector;

	private final byte[] bucketKey;

	private final byte[] pauseKey;

	private final String keyId;

	private final Duration period;

	private final Duration permitTimeout;

	private static final long WARM_UP_TIMEOUT_SECONDS = 10;

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

	private volatile boolean running;

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
	 * Start connecting to Redis in the background; calls take their permits from the instance's own limiter until
	 * the connection is there.
	 */
	@Override
	public void start() {
		this.running = true;
		connectInBackground().subscribe();
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	// after Spring Data Redis's connection factory (phase 0) has started, before the web server takes requests
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	@Override
	public Mono<Boolean> permit() {
		return Mono.defer(() -> {
			Store current = this.store;
			long now = this.clock.millis();
			if (current != null && !current.connection.isOpen()) {
				// Redis dropped the connection: it is closed here and opened anew by the next recheck
				markDown(new IllegalStateException("Redis closed the connection"));
				drop(current);
				current = null;
			}
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
					return refuse(current);
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
				if (!current.connection.isOpen()) {
					drop(current);
				}
				return local();
			});
	}

	// the spent limit's real wait: when Bucket4j would have the next permit (one more round trip, on refusals
	// only), or the end of the current window if Redis does not say in time
	private Mono<Boolean> refuse(Store current) {
		long periodMillis = this.period.toMillis();
		long windowEnd = periodMillis - Math.floorMod(this.clock.millis(), periodMillis);
		return Mono.fromFuture(() -> current.bucket.estimateAbilityToConsume(1))
			.map((probe) -> probe.canBeConsumed() ? 0L : TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForRefill()))
			.timeout(this.commandTimeout, Schedulers.parallel())
			.onErrorReturn(windowEnd)
			.flatMap((wait) -> Mono.error(new ClientRateLimitedException("the shared limit of " + this.limit
					+ " requests per " + words(this.period)
					+ " (aiapi.rate-limiter.limit-for-period, for every instance using this key) is spent; the next "
					+ "permit is free in " + words(Duration.ofMillis(Math.max(wait, 1)))
					+ ", longer than a call waits for one (aiapi.rate-limiter.timeout-duration="
					+ words(this.permitTimeout) + ")", Duration.ofMillis(Math.max(wait, 1)), null)));
	}

	private void drop(Store current) {
		if (this.store == current) {
			this.store = null;
			this.active = false;
		}
		current.connection.closeAsync();
	}

	// 1m, 15s, 250ms: a duration as a user writes it in application.yml
	static String words(Duration duration) {
		long millis = duration.toMillis();
		if (millis >= 60_000 && millis % 60_000 == 0) {
			return (millis / 60_000) + "m";
		}
		if (millis >= 1000) {
			return (millis % 1000 == 0) ? (millis / 1000) + "s" : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
		}
		return millis + "ms";
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
		state.put("mode", this.active ? "shared"
				: (this.store == null && this.lastError == null) ? "local (connecting to Redis)"
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
			Store opened = null;
			try {
				opened = open(this.connector.get());
				warmUp(opened);
				if (!this.running) {
					// stopped while connecting: nobody will take permits from this connection
					opened.connection.closeAsync();
					return;
				}
				this.store = opened;
				this.nextProbeAt.set(0);
				markUp();
			}
			catch (RuntimeException ex) {
				if (opened != null) {
					opened.connection.closeAsync();
				}
				markDown(ex);
			}
			finally {
				this.connecting.set(false);
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

	// the first commands of a new process load Lettuce's and Bucket4j's command classes and take far longer than
	// the command timeout; paid here, in the background, the first calls do not fall back to the local limit
	private void warmUp(Store opened) {
		try {
			opened.strings.get(this.pauseKey).toCompletableFuture().get(WARM_UP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			opened.bucket.estimateAbilityToConsume(1).get(WARM_UP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while connecting to Redis", ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException(
					"Redis did not answer the first commands within " + WARM_UP_TIMEOUT_SECONDS + "s", ex);
		}
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

	// limit permits at every multiple of the period since the epoch. A new bucket (first start, Redis restarted or
	// flushed) starts full, not with the share of the window left: the gateway's window allows the whole limit too,
	// and a prorated start refused calls that the gateway would have taken.
	private BucketConfiguration configuration(long permits) {
		long periodMillis = this.period.toMillis();
		Instant nextWindow = Instant.ofEpochMilli((this.clock.millis() / periodMillis + 1) * periodMillis);
		return BucketConfiguration.builder()
			.addLimit((bandwidth) -> bandwidth.capacity(permits)
				.refillIntervallyAligned(permits, this.period, nextWindow)
				.initialTokens(permits))
			.build();
	}

	private void markUp() {
		if (!this.active) {
			this.active = true;
			if (this.everActive) {
				logger.info("Shared rate limit back: permits come from Redis again (key " + this.keyId + "…)");
			}
			else {
				logger.info("Shared rate limit active: " + this.limit + " requests per " + words(this.period)
						+ " for every instance using this key (Redis key " + this.keyId + "…)");
			}
			this.everActive = true;
			this.lastError = null;
		}
	}

	private void markDown(Throwable ex) {
		this.nextProbeAt.accumulateAndGet(this.clock.millis() + this.recheckInterval.toMillis(), Math::max);
		String error = describe(ex);
		boolean wasActive = this.active;
		this.active = false;
		boolean firstFailure = this.lastError == null;
		this.lastError = error;
		// once the application has stopped the limiter, a connect still under way that fails is no news
		if ((wasActive || firstFailure) && this.running) {
			logger.warn("Shared rate limit unavailable (" + error + "); this instance keeps to its own limit and tries "
					+ "Redis again every " + this.recheckInterval.toMillis() + " ms");
		}
	}

	// in our words: Reactor's and Lettuce's messages name operators and internals a user cannot act on
	private String describe(Throwable ex) {
		if (ex instanceof java.util.concurrent.TimeoutException) {
			return "Redis did not answer within " + words(this.commandTimeout)
					+ " (aiapi.rate-limiter.shared.command-timeout)";
		}
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		if (ex.getMessage() == null && root.getMessage() == null) {
			// Netty's closed-channel exceptions carry no message
			return "the connection to Redis was lost (" + ex.getClass().getSimpleName() + ")";
		}
		String message = (ex.getMessage() != null) ? ex.getMessage() : root.getMessage();
		if (root != ex && root.getMessage() != null && !message.contains(root.getMessage())) {
			message = message + ": " + root.getMessage();
		}
		return message;
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
