package services.aiapi.http;

import java.util.function.Consumer;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends {@code Authorization: Bearer <key>} with every request of the client it is a default request of. The
 * header is set on the outgoing HTTP request as it is written, not on the
 * {@link org.springframework.web.reactive.function.client.ClientRequest}: WebClient's request logging (even with
 * {@code spring.http.codecs.log-request-details}) and every filter never see the key, and no request is copied
 * to add it.
 */
final class BearerAuthentication implements Consumer<WebClient.RequestHeadersSpec<?>> {

	private final ApiKey apiKey;

	private final String header;

	BearerAuthentication(ApiKey apiKey) {
		Assert.notNull(apiKey, "ApiKey must not be null");
		this.apiKey = apiKey;
		this.header = apiKey.authorizationHeader();
	}

	@Override
	public void accept(WebClient.RequestHeadersSpec<?> request) {
		request.httpRequest((http) -> http.getHeaders().set(HttpHeaders.AUTHORIZATION, this.header));
	}

	@Override
	public String toString() {
		return "BearerAuthentication[" + this.apiKey.masked() + "]";
	}

}
