package services.aiapi.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.ClientResponse;

import services.aiapi.error.AiApiErrorTranslator;
import services.aiapi.error.AiApiException;
import services.aiapi.error.AiApiRequestException;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.RetryableResponseException;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionChunk;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every response a hostile gateway may send — any status, body, content type and header values — read by the one
 * response reader, as a single answer and as a stream: each ends within a bound, as a value or as an
 * {@link AiApiException} whose accessors and message work. Nothing else escapes.
 */
class ResponseReaderProperties {

	private static final Duration BOUND = Duration.ofSeconds(10);

	private final ResponseReader reader = new ResponseReader(
			new AiApiErrorTranslator(Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofSeconds(1)), 1 << 20,
			Duration.ofSeconds(5), Duration.ofSeconds(5));

	@Property
	void aSingleAnswerEndsAsAValueOrTyped(
			@ForAll(supplier = HostileResponses.Responses.class) HostileResponses.Response response) {
		Throwable failure = null;
		try {
			this.reader.read(clientResponse(response), ChatCompletion.class).block(BOUND);
		}
		catch (Throwable ex) {
			failure = ex;
		}
		assertTyped(failure, response.status());
	}

	@Property
	void aStreamEndsTyped(@ForAll(supplier = HostileResponses.Responses.class) HostileResponses.Response response) {
		Throwable failure = null;
		try {
			this.reader.readStream(clientResponse(response), Schedulers.parallel())
				.map(ChatCompletionChunk::content)
				.then()
				.block(BOUND);
		}
		catch (Throwable ex) {
			failure = ex;
		}
		assertTyped(failure, response.status());
	}

	private static void assertTyped(Throwable failure, int status) {
		if (failure == null) {
			assertThat(status).as("only a 2xx may succeed").isBetween(200, 299);
			return;
		}
		assertThat(failure).isInstanceOf(AiApiException.class);
		assertThat(failure.getMessage()).isNotBlank();
		// retryability shows in the type: the retryable branch is exactly what isRetryable() says
		assertThat(((AiApiException) failure).isRetryable())
			.isEqualTo(failure instanceof RetryableResponseException || failure instanceof AiApiRequestException);
		if (failure instanceof AiApiResponseException response) {
			assertThat(response.getStatusCode().value()).isEqualTo(status);
			assertThat(response.getResponseBodyAsString().length()).isLessThanOrEqualTo(8 * 1024);
			response.getRequestId();
			response.getResponseBodyAs(Map.class);
		}
	}

	static ClientResponse clientResponse(HostileResponses.Response response) {
		byte[] body = response.body();
		ClientResponse.Builder builder = ClientResponse.create(HttpStatusCode.valueOf(response.status()));
		if (!response.contentType().isEmpty()) {
			builder.header("Content-Type", response.contentType());
		}
		response.headers().forEach(builder::header);
		// cut into pieces as a network would deliver them
		int piece = Math.max(1, body.length / 3);
		Flux<byte[]> pieces = Flux.range(0, (body.length + piece - 1) / piece)
			.map((i) -> java.util.Arrays.copyOfRange(body, i * piece, Math.min(body.length, (i + 1) * piece)));
		return builder.body(pieces.map(DefaultDataBufferFactory.sharedInstance::wrap)).build();
	}

}
