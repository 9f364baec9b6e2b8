package services.aiapi.http;

/**
 * Names of the {@link org.springframework.web.reactive.function.client.ClientRequest} attributes the templates
 * set, so filters (resilience, metrics) can tell calls apart.
 */
public final class AiApiRequestAttributes {

	/** The logical operation, such as {@code chat} or {@code models}. */
	public static final String OPERATION = AiApiRequestAttributes.class.getName() + ".operation";

	/** The model a call is for, when it names one. */
	public static final String MODEL = AiApiRequestAttributes.class.getName() + ".model";

	/**
	 * When {@code true}, the call skips the starter's rate limiter, circuit breakers and retry: health probes must
	 * neither spend the application's permits nor trip its breakers.
	 */
	public static final String BYPASS_RESILIENCE = AiApiRequestAttributes.class.getName() + ".bypassResilience";

	private AiApiRequestAttributes() {
	}

}
