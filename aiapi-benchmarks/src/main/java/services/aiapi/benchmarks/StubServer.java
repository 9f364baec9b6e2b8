package services.aiapi.benchmarks;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An in-process gateway stub on Reactor Netty, fast enough not to be the bottleneck: a realistic chat
 * completion (~1 KB of JSON with usage), SSE streams of {@value #STREAM_CHUNKS} chunks, the models list, and
 * canned 429 and 503 errors (for any request whose path ends in {@code /429} or {@code /503}, or whose model
 * is {@code rate-limited}).
 */
public final class StubServer implements AutoCloseable {

	/** Content chunks in each stream. */
	public static final int STREAM_CHUNKS = 100;

	static final byte[] COMPLETION = ("{\"id\":\"chatcmpl-BENCH0000000000000000000001\",\"object\":\"chat.completion\","
			+ "\"created\":1764111600,\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":0,"
			+ "\"message\":{\"role\":\"assistant\",\"content\":\"" + "The quick brown fox jumps over the lazy dog. ".repeat(14)
			+ "\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
			+ "\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":130,\"total_tokens\":154,"
			+ "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
			+ "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
			+ "\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\"}")
		.getBytes(StandardCharsets.UTF_8);

	static final byte[] MODELS = ("{\"success\":true,\"object\":\"list\",\"data\":["
			+ "{\"id\":\"gpt-4o-mini\",\"object\":\"model\",\"created\":1,\"owned_by\":\"openai\"},"
			+ "{\"id\":\"gemini-2.5-flash\",\"object\":\"model\",\"created\":1,\"owned_by\":\"google\"}]}")
		.getBytes(StandardCharsets.UTF_8);

	static final byte[] RATE_LIMITED = "{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded. Please try again later.\",\"data\":{\"retry_after\":1}}"
		.getBytes(StandardCharsets.UTF_8);

	static final byte[] UNAVAILABLE = "{\"error\":{\"message\":\"service busy (request id: bench)\",\"type\":\"new_api_error\",\"param\":\"\",\"code\":\"\"}}"
		.getBytes(StandardCharsets.UTF_8);

	static final byte[] STREAM = stream();

	// clients format JSON differently ("stream":true, "stream" : true)
	private static final java.util.regex.Pattern STREAMING = java.util.regex.Pattern.compile("\"stream\"\\s*:\\s*true");

	private final DisposableServer server;

	private StubServer(int port) {
		this.server = HttpServer.create().host("127.0.0.1").port(port).handle(StubServer::handle).bindNow();
	}

	/**
	 * Start a stub on a port.
	 * @param port the port, 0 for a free one
	 * @return the running stub
	 */
	public static StubServer start(int port) {
		return new StubServer(port);
	}

	/**
	 * Return the base URL.
	 * @return such as {@code http://127.0.0.1:41234}
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	public int port() {
		return this.server.port();
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	private static Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		String path = request.path();
		if (path.endsWith("/models")) {
			return json(response, 200, MODELS);
		}
		if (path.endsWith("/429")) {
			return json(response, 429, RATE_LIMITED);
		}
		if (path.endsWith("/503")) {
			return json(response, 503, UNAVAILABLE);
		}
		return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap((body) -> {
			if (body.contains("\"rate-limited\"")) {
				return json(response, 429, RATE_LIMITED);
			}
			if (STREAMING.matcher(body).find()) {
				return response.status(200)
					.header("Content-Type", "text/event-stream")
					.header("X-Oneapi-Request-Id", "bench")
					.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(STREAM)))
					.then();
			}
			return json(response, 200, COMPLETION);
		});
	}

	private static Mono<Void> json(HttpServerResponse response, int status, byte[] body) {
		return response.status(status)
			.header("Content-Type", "application/json")
			.header("Content-Length", Integer.toString(body.length))
			.header("X-Oneapi-Request-Id", "bench")
			.send(Mono.fromSupplier(() -> (ByteBuf) Unpooled.wrappedBuffer(body)))
			.then();
	}

	private static byte[] stream() {
		StringBuilder events = new StringBuilder();
		String prefix = "data: {\"id\":\"chatcmpl-BENCH\",\"object\":\"chat.completion.chunk\",\"created\":1764111600,"
				+ "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":0,\"delta\":";
		events.append(prefix).append("{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
		for (int i = 0; i < STREAM_CHUNKS - 2; i++) {
			events.append(prefix).append("{\"content\":\"word").append(i).append(" \"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
		}
		events.append(prefix).append("{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n");
		events.append("data: {\"id\":\"chatcmpl-BENCH\",\"object\":\"chat.completion.chunk\",\"created\":1764111600,"
				+ "\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":98,\"total_tokens\":122}}\n\n");
		events.append("data: [DONE]\n\n");
		return events.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Run a stub on its own.
	 * @param args the port (optional)
	 * @throws InterruptedException when interrupted
	 */
	public static void main(String[] args) throws InterruptedException {
		try (StubServer stub = start((args.length > 0) ? Integer.parseInt(args[0]) : 0)) {
			System.out.println("stub at " + stub.baseUrl());
			Thread.currentThread().join();
		}
	}


}
