package services.aiapi.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.model.BillingSubscription;
import services.aiapi.model.BillingUsage;

/**
 * The key's balance, known before the gateway says no: the billing routes ({@code /v1/dashboard/billing/*}, free)
 * are read on a schedule outside the request path, never more often than {@link #MIN_REFRESH_INTERVAL}; a call
 * that fails with a {@link QuotaExceededException} marks the balance exhausted at once
 * ({@link QuotaExhaustionListener}). Crossing below the
 * warning threshold is logged once at WARN, coming back above it once at INFO.
 */
public class AiApiBalance implements SmartLifecycle {

	/** The shortest interval between two reads of the billing routes, whatever is configured. */
	public static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(AiApiBalance.class);

	private final ReactiveAiApiOperations operations;

	private final Duration refreshInterval;

	private final @Nullable Double warnBelowUsd;

	private final Scheduler scheduler;

	private final Clock clock;

	private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(Snapshot.UNKNOWN);

	private final AtomicBoolean low = new AtomicBoolean();

	private volatile @Nullable Disposable refreshing;

	/**
	 * Create a balance view.
	 * @param operations the gateway client
	 * @param refreshInterval how often the billing routes are read (at least {@link #MIN_REFRESH_INTERVAL})
	 * @param warnBelowUsd the remaining amount below which the balance is low, or {@code null} for no threshold
	 * @param scheduler the scheduler that times the reads
	 * @param clock the clock the reads are stamped with
	 */
	public AiApiBalance(ReactiveAiApiOperations operations, Duration refreshInterval, @Nullable Double warnBelowUsd,
			Scheduler scheduler, Clock clock) {
		Assert.notNull(operations, "Operations must not be null");
		this.operations = operations;
		this.refreshInterval = (refreshInterval.compareTo(MIN_REFRESH_INTERVAL) < 0) ? MIN_REFRESH_INTERVAL
				: refreshInterval;
		this.warnBelowUsd = warnBelowUsd;
		this.scheduler = scheduler;
		this.clock = clock;
	}

	/**
	 * Return what is known of the balance now.
	 * @return the snapshot
	 */
	public Snapshot current() {
		return this.snapshot.get();
	}

	/**
	 * Whether the balance is below the warning threshold, or exhausted.
	 * @return {@code true} when low
	 */
	public boolean isLow() {
		Snapshot current = current();
		return current.exhausted() || (this.warnBelowUsd != null && current.remainingUsd() != null
				&& current.remainingUsd() < this.warnBelowUsd);
	}

	/**
	 * Return the warning threshold.
	 * @return the amount, or {@code null} when none is set
	 */
	public @Nullable Double getWarnBelowUsd() {
		return this.warnBelowUsd;
	}

	/**
	 * Read the billing routes now.
	 * @return the new snapshot; a failed read keeps the last figures and records the failure
	 */
	public Mono<Snapshot> refresh() {
		return Mono.zip(this.operations.getBillingSubscription(), this.operations.getBillingUsage())
			.map((both) -> Snapshot.of(both.getT1(), both.getT2(), this.clock.instant()))
			.onErrorResume((ex) -> Mono.just(current().failed(ex)))
			.doOnNext(this::update);
	}

	/**
	 * Mark the balance exhausted now: a call failed with a {@link QuotaExceededException}, whatever the last read
	 * said. A key the billing routes call unlimited is never exhausted by its balance: the quota error (a group's
	 * or a model's limit, say) is recorded in {@link Snapshot#lastQuotaError()} instead, and the balance stays as
	 * read.
	 * @param failure the quota error
	 */
	public void quotaExceeded(QuotaExceededException failure) {
		Snapshot current = current();
		if (current.unlimited()) {
			this.snapshot.set(current.withQuotaError(describe(failure, this.clock.instant())));
			return;
		}
		update(current.asExhausted());
	}

	private static String describe(QuotaExceededException failure, Instant at) {
		return at + " " + failure.getStatusCode().value() + " "
				+ ((failure.getGatewayError().code() != null) ? failure.getGatewayError().code() : "quota") + ": "
				+ failure.getGatewayError().message();
	}

	private void update(Snapshot next) {
		Snapshot previous = this.snapshot.getAndSet(next);
		if (next.error() != null && previous.error() == null) {
			logger.warn("Could not read the key's balance from the gateway's billing routes: " + next.error()
					+ "; the last figures are kept and the read is tried again in " + this.refreshInterval);
		}
		boolean nowLow = isLow();
		if (nowLow && this.low.compareAndSet(false, true)) {
			logger.warn("The key's balance is low: " + describe(next)
					+ ((this.warnBelowUsd != null) ? " (aiapi.quota.warn-below=" + this.warnBelowUsd + ")" : ""));
		}
		else if (!nowLow && this.low.compareAndSet(true, false)) {
			logger.info("The key's balance is back above the threshold: " + describe(next));
		}
	}

	private static String describe(Snapshot snapshot) {
		if (snapshot.exhausted()) {
			return "exhausted (the gateway answered a call with a quota error)";
		}
		return (snapshot.remainingUsd() != null) ? snapshot.remainingUsd() + " remaining of " + snapshot.limitUsd()
				: "unknown";
	}

	@Override
	public void start() {
		if (this.refreshing == null) {
			this.refreshing = Flux.interval(Duration.ZERO, this.refreshInterval, this.scheduler)
				.concatMap((tick) -> refresh())
				.subscribe();
		}
	}

	@Override
	public void stop() {
		Disposable current = this.refreshing;
		if (current != null) {
			current.dispose();
			this.refreshing = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.refreshing != null;
	}

	/**
	 * What is known of the balance.
	 *
	 * @param limitUsd the key's hard limit, or {@code null} when unknown or unlimited
	 * @param usageUsd what the key has spent, or {@code null} when unknown
	 * @param remainingUsd what remains, or {@code null} when unknown or unlimited
	 * @param unlimited whether the key has no limit
	 * @param exhausted whether a call failed for quota since the last read
	 * @param readAt when the figures were read, or {@code null} before the first read
	 * @param error why the last read failed, or {@code null}
	 * @param lastQuotaError the last quota error on an unlimited key (when, status, code and message), which a
	 * limit other than the balance caused; {@code null} when there was none since the last read
	 */
	public record Snapshot(@Nullable Double limitUsd, @Nullable Double usageUsd, @Nullable Double remainingUsd,
			boolean unlimited, boolean exhausted, @Nullable Instant readAt, @Nullable String error,
			@Nullable String lastQuotaError) {

		static final Snapshot UNKNOWN = new Snapshot(null, null, null, false, false, null, null, null);

		static Snapshot of(BillingSubscription subscription, BillingUsage usage, Instant now) {
			boolean unlimited = subscription.isUnlimited();
			Double remaining = usage.remainingUsd(subscription);
			return new Snapshot(unlimited ? null : subscription.hardLimitUsd(), usage.totalUsageUsd(), remaining,
					unlimited, !unlimited && remaining != null && remaining <= 0, now, null, null);
		}

		Snapshot failed(Throwable failure) {
			return new Snapshot(this.limitUsd, this.usageUsd, this.remainingUsd, this.unlimited, this.exhausted,
					this.readAt, failure.getClass().getSimpleName() + ": " + failure.getMessage(), this.lastQuotaError);
		}

		Snapshot asExhausted() {
			return new Snapshot(this.limitUsd, this.usageUsd, (this.remainingUsd != null) ? 0.0 : null,
					this.unlimited, true, this.readAt, this.error, this.lastQuotaError);
		}

		Snapshot withQuotaError(String quotaError) {
			return new Snapshot(this.limitUsd, this.usageUsd, this.remainingUsd, this.unlimited, this.exhausted,
					this.readAt, this.error, quotaError);
		}

	}

}
