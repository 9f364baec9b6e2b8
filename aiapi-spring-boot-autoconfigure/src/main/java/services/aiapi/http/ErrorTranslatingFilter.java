package services.aiapi.http;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import services.aiapi.error.AiApiException;

/**
 * For direct users of the starter's {@code WebClient}: turns every failure of an exchange into an
 * {@link AiApiException} through the {@link ResponseReader}: a response with a status of 300 or above (whatever
 * its content type), a failure to connect or to get an answer, and a failure while the body of a successful
 * response is being read. The templates call through a client without it: they read their responses with the same
 * reader themselves.
 */
final class ErrorTranslatingFilter implements DirectUseFilter {

	private final ResponseReader reader;

	ErrorTranslatingFilter(ResponseReader reader) {
		this.reader = reader;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return next.exchange(request)
			.onErrorMap((ex) -> this.reader.failure(ex, request.method(), request.url()))
			.flatMap((response) -> (response.statusCode().value() >= 300)
					? this.reader.readError(response).flatMap(Mono::error)
					: Mono.just(translateBodyFailures(request, response)));
	}

	private ClientResponse translateBodyFailures(ClientRequest request, ClientResponse response) {
		return response.mutate()
			.body((flux) -> flux.onErrorMap((ex) -> this.reader.failure(ex, request.method(), request.url())))
			.build();
	}

}
