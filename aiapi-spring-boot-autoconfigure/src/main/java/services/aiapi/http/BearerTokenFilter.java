package services.aiapi.http;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Sends {@code Authorization: Bearer <key>} with every request. The header is set on the outgoing HTTP request
 * as it is written, not on the {@link ClientRequest}: WebClient's request logging (even with
 * {@code spring.http.codecs.log-request-details}) and any filter after this one never see the key.
 */
public final class BearerTokenFilter implements ExchangeFilterFunction {

	private final ApiKey apiKey;

	public BearerTokenFilter(ApiKey apiKey) {
		Assert.notNull(apiKey, "ApiKey must not be null");
		this.apiKey = apiKey;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		ClientRequest authenticated = ClientRequest.from(request)
			.headers((headers) -> headers.remove(HttpHeaders.AUTHORIZATION))
			.httpRequest((http) -> http.getHeaders().set(HttpHeaders.AUTHORIZATION, this.apiKey.authorizationHeader()))
			.build();
		return next.exchange(authenticated);
	}

	@Override
	public String toString() {
		return "BearerTokenFilter[" + this.apiKey.masked() + "]";
	}

}
