package services.aiapi.error;

import org.springframework.util.Assert;

/**
 * How one model of a fallback chain failed before the call moved on to the next: attached, as a suppressed
 * exception, to the failure of a call whose chain ended without an answer ({@link Throwable#getSuppressed()}), one
 * per model tried, in order. Its cause is that model's failure, typed as always (with its number of attempts).
 */
public class FallbackFailure extends AiApiException {

	private final String model;

	/**
	 * Create the record of one model's failure.
	 * @param model the model
	 * @param cause how it failed
	 */
	public FallbackFailure(String model, Throwable cause) {
		// the cause's message says how many attempts it took
		super(model + " failed (" + cause.getClass().getSimpleName() + "): " + cause.getMessage(), cause, 1);
		Assert.hasText(model, "Model must not be empty");
		this.model = model;
	}

	/**
	 * Return the model that failed.
	 * @return the model
	 */
	public String getModel() {
		return this.model;
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
