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

	private AiApiRequestAttributes() {
	}

}
