package services.aiapi.resilience;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import services.aiapi.AiApiClientBuilder;
import services.aiapi.AiApiClientSettings;
import services.aiapi.ReactiveAiApiTemplate;

/**
 * An in-memory gateway answering from a script, so retry waits, breaker timing and rate-limit pauses run in
 * virtual time: no socket, no sleeping.
 */
final class ScriptedGateway {

	private final Deque<Supplier<Mono<ClientResponse>>> script = new ArrayDeque<>();

	private int calls;

	ScriptedGateway respond(int status, String body, String... headerPairs) {
		this.script.add(() -> {
			ClientResponse.Builder builder = ClientResponse.create(HttpStatus.valueOf(status))
				.header(HttpHeaders.CONTENT_TYPE, "application/json");
			for (int i = 0; i < headerPairs.length; i += 2) {
				builder.header(headerPairs[i], headerPairs[i + 1]);
			}
			return Mono.just(builder.body(body).build());
		});
		return this;
	}

	// a body that, like Reactor Netty's, can be subscribed once: WebClient's release of an unread body must not
	// subscribe to an endless one again
	ScriptedGateway respond(int status, String contentType, Flux<String> body) {
		this.script.add(() -> {
			java.util.concurrent.atomic.AtomicBoolean subscribed = new java.util.concurrent.atomic.AtomicBoolean();
			Flux<String> once = Flux.defer(() -> subscribed.getAndSet(true)
					? Flux.error(new IllegalStateException("Only one connection receive subscriber allowed")) : body);
			return Mono.just(ClientResponse.create(HttpStatus.valueOf(status))
				.header(HttpHeaders.CONTENT_TYPE, contentType)
				.body(once.map((text) -> DefaultDataBufferFactory.sharedInstance
					.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
				.build());
		});
		return this;
	}

	ScriptedGateway respond(int times, int status, String body, String... headerPairs) {
		for (int i = 0; i < times; i++) {
			respond(status, body, headerPairs);
		}
		return this;
	}

	ScriptedGateway readTimeout() {
		this.script.add(() -> Mono.error(new WebClientRequestException(ReadTimeoutException.INSTANCE, HttpMethod.POST,
				java.net.URI.create("http://127.0.0.1:1/v1"), HttpHeaders.EMPTY)));
		return this;
	}

	ScriptedGateway connectionRefused() {
		this.script.add(() -> Mono.error(new WebClientRequestException(new ConnectException("Connection refused"),
				HttpMethod.POST, java.net.URI.create("http://127.0.0.1:1/v1"), HttpHeaders.EMPTY)));
		return this;
	}

	int calls() {
		return this.calls;
	}

	ReactiveAiApiTemplate template(AiApiResilience resilience, Clock clock) {
		return builder(resilience, clock).buildReactiveTemplate();
	}

	ReactiveAiApiTemplate template(AiApiResilience resilience, Clock clock, Duration timeout) {
		return builder(resilience, clock)
			.settings(new AiApiClientSettings("gemini-2.5-flash", null, Duration.ofSeconds(60), Duration.ofSeconds(30),
					1 << 20, Duration.ofSeconds(10), Duration.ofMinutes(30), timeout))
			.buildReactiveTemplate();
	}

	WebClient webClient(AiApiResilience resilience, Clock clock) {
		return builder(resilience, clock).buildWebClient();
	}

	private AiApiClientBuilder builder(AiApiResilience resilience, Clock clock) {
		WebClient.Builder webClient = WebClient.builder().exchangeFunction((request) -> {
			this.calls++;
			Supplier<Mono<ClientResponse>> next = this.script.poll();
			if (next == null) {
				throw new IllegalStateException("script exhausted after " + this.calls + " calls");
			}
			return next.get();
		});
		return AiApiClientBuilder.create("http://127.0.0.1:1", "sk-test")
			.webClientBuilder(webClient)
			.clock(clock)
			.connectTimeout(Duration.ofSeconds(1))
			.resilience(resilience)
			.settings(new AiApiClientSettings("gemini-2.5-flash", null, Duration.ofSeconds(60), Duration.ofSeconds(30),
					1 << 20, Duration.ofSeconds(10), Duration.ofMinutes(30)));
	}

	static ResilienceSettings settings() {
		return new ResilienceSettings(
				new ResilienceSettings.Retry(true, 4, Duration.ofSeconds(1), 2, 0.2, Duration.ofSeconds(30),
						Duration.ofSeconds(60), Duration.ofSeconds(60), false),
				new ResilienceSettings.RateLimiter(true, 1000, Duration.ofSeconds(1), Duration.ofSeconds(10), true),
				new ResilienceSettings.CircuitBreaker(true, 50, 10, 4, Duration.ofSeconds(30), 1));
	}

	static AiApiResilience resilience(ResilienceSettings settings, Clock clock) {
		return new AiApiResilience(settings, clock, List.of());
	}

	static String completion() {
		return "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"gemini-2.5-flash\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}";
	}

}
