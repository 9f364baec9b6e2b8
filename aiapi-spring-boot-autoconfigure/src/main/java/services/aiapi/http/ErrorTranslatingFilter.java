package services.aiapi.http;

import java.io.ByteArrayOutputStream;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import services.aiapi.error.AiApiErrorTranslator;
import services.aiapi.error.AiApiException;

/**
 * Turns every failure of a call through the starter's {@code WebClient} into an {@link AiApiException}: a
 * response with a status of 300 or above (whatever its content type, so a JSON error labelled
 * {@code text/event-stream} is an error, not a stream), a failure to connect or to get an answer, and a failure
 * while the body of a successful response is being read.
 */
public final class ErrorTranslatingFilter implements ExchangeFilterFunction {

	/** Most bytes of an error body read; the rest is drained and dropped. */
	static final int ERROR_BODY_LIMIT = 64 * 1024;

	private final AiApiErrorTranslator translator;

	public ErrorTranslatingFilter(AiApiErrorTranslator translator) {
		Assert.notNull(translator, "Translator must not be null");
		this.translator = translator;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return next.exchange(request)
			.onErrorMap((ex) -> !(ex instanceof AiApiException),
					(ex) -> this.translator.transportFailure(ex, request.method(), request.url()))
			.flatMap((response) -> (response.statusCode().value() >= 300) ? toException(response)
					: Mono.just(translateBodyFailures(request, response)));
	}

	private Mono<ClientResponse> toException(ClientResponse response) {
		BoundedBody body = new BoundedBody();
		return response.body(BodyExtractors.toDataBuffers())
			.doOnNext(body::append)
			.then()
			.onErrorResume((ex) -> Mono.empty())
			.then(Mono.error(() -> this.translator.translate(response.statusCode(),
					response.headers().asHttpHeaders(), body.bytes(), body.isCut())));
	}

	private ClientResponse translateBodyFailures(ClientRequest request, ClientResponse response) {
		return response.mutate()
			.body((flux) -> flux.onErrorMap((ex) -> !(ex instanceof AiApiException),
					(ex) -> this.translator.transportFailure(ex, request.method(), request.url())))
			.build();
	}

	private static final class BoundedBody {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private boolean cut;

		void append(DataBuffer buffer) {
			try {
				int room = ERROR_BODY_LIMIT - this.bytes.size();
				int readable = buffer.readableByteCount();
				if (readable > room) {
					this.cut = true;
				}
				int take = Math.min(room, readable);
				if (take > 0) {
					byte[] chunk = new byte[take];
					buffer.read(chunk);
					this.bytes.write(chunk, 0, take);
				}
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}

		byte[] bytes() {
			return this.bytes.toByteArray();
		}

		boolean isCut() {
			return this.cut;
		}

	}

}
