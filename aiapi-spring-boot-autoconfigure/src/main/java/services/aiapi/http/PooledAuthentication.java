package services.aiapi.http;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends the key of a key pool that each request was given ({@link AiApiRequestAttributes#API_KEY}, set by the
 * templates per attempt), else the pool's preferred key, as {@code Authorization: Bearer <key>}, set on the
 * outgoing HTTP request as it is written — like {@link BearerAuthentication}, no filter or request log sees it.
 */
final class PooledAuthentication implements Consumer<WebClient.RequestHeadersSpec<?>> {

	private final Supplier<ApiKey> preferred;

	PooledAuthentication(Supplier<ApiKey> preferred) {
		Assert.notNull(preferred, "Preferred key must not be null");
		this.preferred = preferred;
	}

	// A default request runs as the request spec is created, before the caller sets its attributes: the spec's
	// attribute map is kept, and read when the request is written.
	@Override
	public void accept(WebClient.RequestHeadersSpec<?> request) {
		@SuppressWarnings("unchecked")
		Map<String, Object>[] attributes = new Map[1];
		request.attributes((map) -> attributes[0] = map);
		request.httpRequest((http) -> {
			Object chosen = (attributes[0] != null) ? attributes[0].get(AiApiRequestAttributes.API_KEY) : null;
			ApiKey key = (chosen instanceof ApiKey apiKey) ? apiKey : this.preferred.get();
			http.getHeaders().set(HttpHeaders.AUTHORIZATION, key.authorizationHeader());
		});
	}

	@Override
	public String toString() {
		return "PooledAuthentication";
	}

}
