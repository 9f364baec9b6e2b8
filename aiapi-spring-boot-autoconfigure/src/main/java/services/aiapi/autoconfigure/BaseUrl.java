package services.aiapi.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import services.aiapi.AiApiClientBuilder;

/**
 * Checks and normalises {@code aiapi.base-url}: absolute http(s), no trailing slash or {@code /v1} (the client
 * adds the path), and no plain http to a host other than loopback unless {@code aiapi.allow-insecure-http} is
 * set, because the key would travel in clear text.
 */
final class BaseUrl {

	static final String PROPERTY = "aiapi.base-url";

	private BaseUrl() {
	}

	static String normalize(@Nullable String value, boolean allowInsecureHttp) {
		if (value == null || value.isBlank()) {
			throw new AiApiConfigurationException(PROPERTY, "no base URL is configured",
					"Set aiapi.base-url to the gateway's address, such as https://aiapi.services.");
		}
		URI uri;
		try {
			uri = new URI(value.strip());
		}
		catch (URISyntaxException ex) {
			throw new AiApiConfigurationException(PROPERTY, "'" + value + "' is not a URL",
					"Set aiapi.base-url to an absolute https URL, such as https://aiapi.services.");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
			throw new AiApiConfigurationException(PROPERTY, "'" + value + "' is not an absolute http(s) URL",
					"Set aiapi.base-url to an absolute https URL, such as https://aiapi.services.");
		}
		if (uri.getUserInfo() != null || uri.getQuery() != null) {
			throw new AiApiConfigurationException(PROPERTY, "the URL carries user info or a query",
					"Put the key in aiapi.api-key and set aiapi.base-url to scheme, host, port and path only.");
		}
		if (scheme.equals("http") && !isLoopback(uri.getHost()) && !allowInsecureHttp) {
			throw new AiApiConfigurationException(PROPERTY,
					"plain http to " + uri.getHost() + " would send the API key in clear text",
					"Use https, or set aiapi.allow-insecure-http=true if the network path is trusted.");
		}
		return AiApiClientBuilder.withoutApiPath(uri.toString());
	}

	private static boolean isLoopback(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		return name.equals("localhost") || name.endsWith(".localhost") || name.startsWith("127.")
				|| name.equals("[::1]") || name.equals("::1");
	}

}
