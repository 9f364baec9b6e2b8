package services.aiapi.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * The connection facts from {@code aiapi.base-url} and {@code aiapi.api-key}: the base URL checked and normalised
 * once, here.
 */
final class PropertiesAiApiConnectionDetails implements AiApiConnectionDetails {

	private final String baseUrl;

	private final @Nullable String apiKey;

	PropertiesAiApiConnectionDetails(AiApiProperties properties) {
		this.baseUrl = BaseUrl.normalize(properties.getBaseUrl(), properties.isAllowInsecureHttp());
		this.apiKey = properties.getApiKey();
	}

	@Override
	public String getBaseUrl() {
		return this.baseUrl;
	}

	@Override
	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	@Override
	public String toString() {
		return "AiApiConnectionDetails[baseUrl=" + this.baseUrl + ", apiKey=" + ((this.apiKey != null) ? "(set)" : "(none)")
				+ "]";
	}

}
