package services.aiapi.http;

import java.net.URI;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;

/**
 * The starter's connector: the event loop for every exchange, except one a blocking caller waits for on a thread
 * that may block ({@link CallerThread}), which the caller's thread does itself. Both transports are built from the
 * same settings (pool size, timeouts, SSL bundle, proxy).
 */
final class BlockingAwareConnector implements ClientHttpConnector {

	private final ClientHttpConnector eventLoop;

	private final ClientHttpConnector callerThread;

	BlockingAwareConnector(ClientHttpConnector eventLoop, ClientHttpConnector callerThread) {
		this.eventLoop = eventLoop;
		this.callerThread = callerThread;
	}

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		return Mono.deferContextual((context) -> {
			if (!CallerThread.isMarked(context) || Schedulers.isInNonBlockingThread()) {
				return this.eventLoop.connect(method, uri, requestCallback);
			}
			return this.callerThread.connect(method, uri, requestCallback);
		});
	}

}
