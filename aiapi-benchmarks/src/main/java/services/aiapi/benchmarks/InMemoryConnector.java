package services.aiapi.benchmarks;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.client.reactive.AbstractClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * A transport with no network: it encodes and consumes the request body like a real connector and answers every
 * request at once, on the caller's thread, with the stub's chat completion. With it the benchmark measures what a
 * client does per call on top of the transport, without sockets, event-loop hand-offs or a stub sharing the cores,
 * which are most of a real call's cost and most of its noise.
 * <p>
 * Not Spring's {@code MockClientHttpRequest}: its constructor creates an exception per request (for the body that
 * is not yet set), and filling in a stack trace costs in proportion to the stack's depth, so a deeper client would
 * be charged for the mock. This one does no work of its own beyond what a connector must.
 */
final class InMemoryConnector implements ClientHttpConnector {

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		Request request = new Request(method, uri);
		return requestCallback.apply(request)
			.then(Mono.fromSupplier(() -> new Response(request.getHeaders().getAccept().contains(MediaType.TEXT_EVENT_STREAM))));
	}

	private static final class Request extends AbstractClientHttpRequest {

		private final HttpMethod method;

		private final URI uri;

		Request(HttpMethod method, URI uri) {
			this.method = method;
			this.uri = uri;
		}

		@Override
		public HttpMethod getMethod() {
			return this.method;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		public DataBufferFactory bufferFactory() {
			return DefaultDataBufferFactory.sharedInstance;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> T getNativeRequest() {
			return (T) this;
		}

		@Override
		protected void applyHeaders() {
		}

		@Override
		protected void applyCookies() {
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			// a connector writes the encoded body out and releases it
			return doCommit(() -> Flux.from(body).doOnNext(DataBufferUtils::release).then());
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return writeWith(Flux.from(body).flatMap(Flux::from));
		}

		@Override
		public Mono<Void> setComplete() {
			return doCommit();
		}

	}

	private static final class Response implements ClientHttpResponse {

		// a size Netty's adaptive receive buffer settles near for a body of this length
		private static final int READ = 2048;

		private final HttpHeaders headers = new HttpHeaders();

		private final boolean stream;

		Response(boolean stream) {
			this.stream = stream;
			if (stream) {
				this.headers.setContentType(MediaType.TEXT_EVENT_STREAM);
			}
			else {
				this.headers.setContentType(MediaType.APPLICATION_JSON);
				this.headers.setContentLength(StubServer.COMPLETION.length);
			}
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatus.OK;
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public MultiValueMap<String, ResponseCookie> getCookies() {
			return new LinkedMultiValueMap<>();
		}

		@Override
		public Flux<DataBuffer> getBody() {
			if (!this.stream) {
				return Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(StubServer.COMPLETION));
			}
			// the stream in reads of at most READ bytes, as a socket delivers it
			int reads = (StubServer.STREAM.length + READ - 1) / READ;
			return Flux.range(0, reads).map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(ByteBuffer
				.wrap(StubServer.STREAM, i * READ, Math.min(READ, StubServer.STREAM.length - i * READ))
				.slice()));
		}

	}

}
