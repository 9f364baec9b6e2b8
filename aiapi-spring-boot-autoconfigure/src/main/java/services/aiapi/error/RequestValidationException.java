package services.aiapi.error;

/**
 * The request broke one of the gateway's documented parameter rules, or an {@code exchange(...)} path would have
 * left the gateway, and was refused before it was sent: it never left the process, so nothing was charged and no
 * response exists (this is no HTTP error, and has no status). Never retried: the same request is refused again.
 */
public class RequestValidationException extends AiApiException {

	static final String HINT = "Rejected client-side: the request was not sent";

	private final String param;

	/**
	 * Create a new instance.
	 * @param param the offending request parameter, such as {@code temperature}
	 * @param message what is wrong with it
	 */
	public RequestValidationException(String param, String message) {
		super(message + ". " + HINT, null, 1);
		this.param = param;
	}

	/**
	 * Return the request parameter that broke a rule, named as the gateway names it.
	 * @return the parameter, such as {@code temperature}, {@code model} or {@code path}
	 */
	public String getParam() {
		return this.param;
	}

	/**
	 * Whether the request was refused in this process, before anything was sent. Always {@code true}.
	 * @return {@code true}
	 */
	public boolean isClientSide() {
		return true;
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
