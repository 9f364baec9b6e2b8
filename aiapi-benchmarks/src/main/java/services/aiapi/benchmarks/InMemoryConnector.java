package services.aiapi.benchmarks;

import java.net.URI;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.mock.http.client.reactive.MockClientHttpRequest;
import org.springframework.mock.http.client.reactive.MockClientHttpResponse;

/**
 * A transport with no network: it encodes the request body like a real connector (the default write handler of
 * Spring's mock request subscribes to it) and answers every request at once, on the caller's thread, with the
 * stub's chat completion. With it the benchmark measures what a client does per call on top of the transport,
 * without sockets, event-loop hand-offs or a stub sharing the cores, which are most of a real call's cost and
 * most of its noise.
 */
final class InMemoryConnector implements ClientHttpConnector {

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		MockClientHttpRequest request = new MockClientHttpRequest(method, uri);
		return requestCallback.apply(request).then(Mono.fromSupplier(InMemoryConnector::completion));
	}

	private static ClientHttpResponse completion() {
		MockClientHttpResponse response = new MockClientHttpResponse(HttpStatus.OK);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders().setContentLength(StubServer.COMPLETION.length);
		response.setBody(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(StubServer.COMPLETION)));
		return response;
	}

}
