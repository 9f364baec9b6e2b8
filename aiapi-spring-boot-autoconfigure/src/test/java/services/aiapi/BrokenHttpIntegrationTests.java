package services.aiapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.error.AiApiException;
import services.aiapi.model.ChatCompletionRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that does not speak HTTP properly: garbage instead of a status line, a body cut short of its
 * Content-Length, a broken chunk size, headers too long, a connection closed after the headers. A raw socket on
 * loopback writes each answer as given; every call, single or streamed, ends as an {@link AiApiException} within a
 * bound.
 */
class BrokenHttpIntegrationTests {

	private static final Duration BOUND = Duration.ofSeconds(10);

	private static LoopbackSocketServer server;

	private static volatile byte[] answer = new byte[0];

	@BeforeAll
	static void start() throws IOException {
		server = LoopbackSocketServer.start(BrokenHttpIntegrationTests::answer);
	}

	@AfterAll
	static void stop() throws IOException {
		server.close();
	}

	// reads the request head, writes the scripted bytes, closes
	private static void answer(Socket socket) {
		try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
			byte[] head = new byte[8192];
			int read = in.read(head);
			if (read > 0) {
				out.write(answer);
				out.flush();
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	private static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=http://127.0.0.1:" + server.port(),
					"aiapi.api-key=" + GatewayTestSupport.API_KEY, "aiapi.default-model=gemini-2.5-flash",
					"aiapi.read-timeout=2s", "aiapi.connect-timeout=1s", "aiapi.timeout=5s",
					"aiapi.retry.enabled=false");
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "cutBody", "brokenChunk", "hugeHeader", "headersThenClose", "errorCut",
			"nothing" })
	void everyCallEndsTyped(String kind) {
		answer = answerOf(kind);
		runner().run((context) -> {
			ReactiveAiApiTemplate template = context.getBean(ReactiveAiApiTemplate.class);
			StepVerifier.create(template.chat("Hi"))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AiApiException.class))
				.verify(BOUND);
			StepVerifier.create(template.chatStream(ChatCompletionRequest.ofUser("Hi").build()))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(AiApiException.class))
				.verify(BOUND);
		});
	}

	private static byte[] answerOf(String kind) {
		return switch (kind) {
			case "garbage" -> {
				byte[] bytes = new byte[4096];
				Arrays.fill(bytes, (byte) 0x9c);
				yield bytes;
			}
			case "cutBody" -> ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
					+ "{\"id\":\"c\",\"choices\":[{\"message\":{\"content\":\"half");
			case "brokenChunk" -> ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\nzz\r\ndata: x\r\n");
			case "hugeHeader" -> ascii("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n");
			case "headersThenClose" -> ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\n");
			case "errorCut" -> ascii("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 900\r\n\r\n{\"error\":{\"message\":\"over");
			case "nothing" -> new byte[0];
			default -> throw new IllegalArgumentException(kind);
		};
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
