package services.aiapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.error.InvalidResponseException;
import services.aiapi.model.ChatCompletionRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies far over {@code aiapi.max-response-size}, one and many at once (issue 22, defect 10): each call ends
 * typed as soon as the limit is passed, not at the read timeout.
 */
class OversizedBodiesIntegrationTests {

	private static final long BODY = 50L * 1024 * 1024;

	// a 200 with a 50 MB body, written as fast as the client reads it; stops when the client goes away
	private static void fiftyMegabytes(Socket socket) {
		try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
			readRequestHead(in);
			out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + BODY + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			byte[] block = new byte[64 * 1024];
			Arrays.fill(block, (byte) 'x');
			block[0] = '"';
			for (long sent = 0; sent < BODY; sent += block.length) {
				out.write(block);
				block[0] = 'x';
			}
			out.flush();
		}
		catch (IOException ex) {
			// the client closed the connection: the point of the test
		}
	}

	private static void readRequestHead(InputStream in) throws IOException {
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < 4) {
			int next = in.read();
			if (next < 0) {
				return;
			}
			matched = (next == end[matched]) ? matched + 1 : (next == '\r') ? 1 : 0;
		}
	}

	private static ApplicationContextRunner runner(int port) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=http://127.0.0.1:" + port, "aiapi.api-key=" + GatewayTestSupport.API_KEY,
					"aiapi.default-model=gemini-2.5-flash", "aiapi.read-timeout=20s");
	}

	// how long each of the calls took to end with InvalidResponseException (-1 for a call that succeeded)
	private static List<Long> concurrently(int calls, java.util.function.Supplier<Mono<?>> call) {
		return Flux.range(0, calls)
			.flatMap((i) -> Mono.defer(() -> {
				long start = System.nanoTime();
				return call.get()
					.then(Mono.just(-1L))
					.onErrorResume(InvalidResponseException.class,
							(ex) -> Mono.just(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
			}), calls)
			.collectList()
			.block(Duration.ofSeconds(90));
	}

	private static void fiftyMegabytesOfStream(Socket socket) {
		try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
			readRequestHead(in);
			out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: ")
				.getBytes(StandardCharsets.US_ASCII));
			byte[] block = new byte[64 * 1024];
			Arrays.fill(block, (byte) 'x');
			for (long sent = 0; sent < BODY; sent += block.length) {
				out.write(block);
			}
			out.flush();
		}
		catch (IOException ex) {
		}
	}

	@Test
	void oneAndSixteenStreamsWithAnOversizedLineEachEndTypedWellBeforeTheReadTimeout() throws IOException {
		// Spring's StringDecoder read each byte of a line through getByte: a 16 MB line took ~1 s of CPU (16 at
		// once on two cores: seconds each), and under this suite's paranoid leak detection every stream ended at
		// the read timeout, 20 s, with 14 MB read
		try (LoopbackSocketServer server = LoopbackSocketServer.start(OversizedBodiesIntegrationTests::fiftyMegabytesOfStream)) {
			runner(server.port()).run((context) -> {
				ReactiveAiApiTemplate template = context.getBean(ReactiveAiApiTemplate.class);
				java.util.function.Supplier<Mono<?>> stream = () -> template
					.chatStream(ChatCompletionRequest.ofUser("Hi").build())
					.then();
				List<Long> one = concurrently(1, stream);
				List<Long> sixteen = concurrently(16, stream);
				System.out.printf("oversized stream lines: one ended in %s ms, sixteen at once in %s ms%n", one, sixteen);
				assertThat(one).allSatisfy((millis) -> assertThat(millis).isBetween(0L, 5_000L));
				assertThat(sixteen).hasSize(16).allSatisfy((millis) -> assertThat(millis).isBetween(0L, 10_000L));
			});
		}
	}

	@Test
	void oneAndSixteenOversizedBodiesEachEndTypedWellBeforeTheReadTimeout() throws IOException {
		try (LoopbackSocketServer server = LoopbackSocketServer.start(OversizedBodiesIntegrationTests::fiftyMegabytes)) {
			runner(server.port()).run((context) -> {
				ReactiveAiApiTemplate template = context.getBean(ReactiveAiApiTemplate.class);
				List<Long> one = concurrently(1, () -> template.chat("Hi"));
				List<Long> sixteen = concurrently(16, () -> template.chat("Hi"));
				System.out.printf("oversized bodies: one ended in %s ms, sixteen at once in %s ms%n", one, sixteen);
				assertThat(one).allSatisfy((millis) -> assertThat(millis).isBetween(0L, 5_000L));
				assertThat(sixteen).hasSize(16).allSatisfy((millis) -> assertThat(millis).isBetween(0L, 5_000L));
			});
		}
	}

}
