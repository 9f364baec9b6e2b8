package services.aiapi;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Callback to customize the {@link WebClient.Builder} of the starter's {@code aiApiWebClient}, after the
 * starter has set the base URL, connector and filters (so a filter added here runs after authentication and
 * error translation are in place). Applies to the gateway client only, never to the application's other
 * {@code WebClient}s.
 */
@FunctionalInterface
public interface AiApiWebClientCustomizer {

	/**
	 * Customize the builder.
	 * @param builder the builder of the gateway client
	 */
	void customize(WebClient.Builder builder);

}
