package services.aiapi.error;

/**
 * No key of the pool ({@code aiapi.api-keys}) can serve a call: every key is out (its balance spent, revoked) and
 * none is due a probe yet. The message names each key by name and masked suffix, with its state; never a key. Not
 * retryable: a key comes back when its balance is topped up (read on the next balance refresh) or when a probe
 * after {@code aiapi.key-pool.probe-interval} goes through.
 */
public class NoUsableApiKeyException extends AiApiException {

	/**
	 * Create the exception.
	 * @param keys each key's name, masked key and state
	 * @param attempts how many attempts the call made
	 */
	public NoUsableApiKeyException(String keys, int attempts) {
		super("No key of aiapi.api-keys can serve the call: " + keys, attempts);
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
