package services.aiapi.resilience;

import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import services.aiapi.http.AiApiRequestAttributes;

/**
 * Applies {@link AiApiResilience} to every exchange of the starter's {@code WebClient}, so templates and direct
 * users of {@code aiApiWebClient} get the same retry, rate limiting and circuit breaking. It sits outside the
 * error-translating filter and so sees typed exceptions. A retry re-sends the request only until response
 * headers arrive: once a body is being read (a stream under way) nothing is replayed.
 */
public final class ResilienceFilter implements ExchangeFilterFunction {

	private final AiApiResilience resilience;

	public ResilienceFilter(AiApiResilience resilience) {
		Assert.notNull(resilience, "AiApiResilience must not be null");
		this.resilience = resilience;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (Boolean.TRUE.equals(request.attribute(AiApiRequestAttributes.BYPASS_RESILIENCE).orElse(null))) {
			return next.exchange(request);
		}
		return this.resilience.decorate(request, next::exchange);
	}

}
