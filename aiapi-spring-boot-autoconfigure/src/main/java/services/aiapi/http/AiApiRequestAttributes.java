package services.aiapi.http;

import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * Names of the {@link org.springframework.web.reactive.function.client.ClientRequest} attributes the templates
 * set, so filters (resilience, metrics) can tell calls apart.
 */
public final class AiApiRequestAttributes {

	/** The logical operation: an {@link AiApiOperation}, or its {@link AiApiOperation#tagValue() tag value}. */
	public static final String OPERATION = AiApiRequestAttributes.class.getName() + ".operation";

	/** The model a call is for, when it names one. */
	public static final String MODEL = AiApiRequestAttributes.class.getName() + ".model";

	/**
	 * When {@code true}, the call skips the starter's rate limiter, circuit breakers and retry: health probes must
	 * neither spend the application's permits nor trip its breakers.
	 */
	public static final String BYPASS_RESILIENCE = AiApiRequestAttributes.class.getName() + ".bypassResilience";

	/**
	 * The {@link ApiKey} of a key pool a request is sent with, set by the templates for each attempt (its
	 * {@code toString()} is masked); without it, a pool's client sends the pool's preferred key.
	 */
	public static final String API_KEY = AiApiRequestAttributes.class.getName() + ".apiKey";

	private AiApiRequestAttributes() {
	}

	/**
	 * Return the operation of a request: the {@link #OPERATION} attribute when set, else derived from its method
	 * and path.
	 * @param request the request
	 * @return the operation
	 */
	public static AiApiOperation operation(ClientRequest request) {
		Object value = request.attribute(OPERATION).orElse(null);
		if (value instanceof AiApiOperation operation) {
			return operation;
		}
		for (AiApiOperation operation : AiApiOperation.values()) {
			if (operation.tagValue().equals(value)) {
				return operation;
			}
		}
		return AiApiOperation.of(request.method(), request.url().getRawPath());
	}

	/**
	 * Whether a boolean attribute is set on a request.
	 * @param request the request
	 * @param attribute the attribute name
	 * @return {@code true} when the attribute is {@code Boolean.TRUE}
	 */
	public static boolean isSet(ClientRequest request, String attribute) {
		return Boolean.TRUE.equals(request.attribute(attribute).orElse(null));
	}

}
