package services.aiapi.quota;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import services.aiapi.error.QuotaExceededException;
import services.aiapi.metrics.AiApiCallListener;
import services.aiapi.metrics.CallInfo;
import services.aiapi.model.Usage;

/**
 * Marks the {@link AiApiBalance} exhausted the moment a call fails for quota, without waiting for the next read.
 * The balance is looked up when needed: it depends on the client whose calls this listener observes.
 */
public class QuotaExhaustionListener implements AiApiCallListener {

	private final Supplier<@Nullable AiApiBalance> balance;

	/**
	 * Create a listener.
	 * @param balance the balance, looked up when a quota error arrives
	 */
	public QuotaExhaustionListener(Supplier<@Nullable AiApiBalance> balance) {
		this.balance = balance;
	}

	@Override
	public void onSuccess(CallInfo call, Duration duration, @Nullable Usage usage) {
	}

	@Override
	public void onError(CallInfo call, Duration duration, Throwable error) {
		if (error instanceof QuotaExceededException quota) {
			AiApiBalance current = this.balance.get();
			if (current != null) {
				current.quotaExceeded(quota);
			}
		}
	}

}
