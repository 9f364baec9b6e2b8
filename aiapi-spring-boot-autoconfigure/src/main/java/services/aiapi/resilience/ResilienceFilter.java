package services.aiapi.resilience;

import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import services.aiapi.http.AiApiRequestAttributes;
import services.aiapi.http.DirectUseFilter;

/**
 * Applies {@link AiApiResilience} to every exchange of the starter's {@code WebClient}, so direct
 * users of {@code aiApiWebClient} get the same retry, rate limiting and circuit breaking. It sits outside the
 * error-translating filter and so sees typed exceptions. A retry re-sends the request only until response
 * headers arrive: once a body is being read nothing is replayed. The templates call through a client without it:
 * they decorate each call whole, body included.
 */
final class ResilienceFilter implements DirectUseFilter {

	private final AiApiResilience resilience;

	ResilienceFilter(AiApiResilience resilience) {
		Assert.notNull(resilience, "AiApiResilience must not be null");
		this.resilience = resilience;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (AiApiRequestAttributes.isSet(request, AiApiRequestAttributes.BYPASS_RESILIENCE)) {
			return next.exchange(request);
		}
		return this.resilience.decorate(request, next::exchange);
	}

}
