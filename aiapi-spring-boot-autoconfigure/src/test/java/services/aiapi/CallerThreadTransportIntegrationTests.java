package services.aiapi;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;


import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.autoconfigure.AiApiConfigurationException;
import services.aiapi.error.AiApiRequestException;
import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.ServiceUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static services.aiapi.GatewayTestSupport.chatCompletions;
import static services.aiapi.GatewayTestSupport.completion;
import static services.aiapi.GatewayTestSupport.json;

/**
 * The blocking template's caller-thread transport ({@code aiapi.blocking-transport}): the exchange runs on the
 * thread that called, a deadline still ends a call whose answer never comes (the connection is aborted, nothing
 * logged after), a retry after its backoff goes over the event loop, and the transport's failures are typed as
 * the event loop's are. The rest of the suite (TLS, proxy, hostile gateway, oversized bodies) runs the blocking
 * template over it too, as it is the default.
 */
@ExtendWith(OutputCaptureExtension.class)
class CallerThreadTransportIntegrationTests {

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	// the threads each response reached the application's filters on
	private final List<String> threads = new CopyOnWriteArrayList<>();

	@Configuration(proxyBeanMethods = false)
	static class RecordThreads {

		@Bean
		AiApiWebClientCustomizer recordThreads(CallerThreadTransportIntegrationTests test) {
			return (builder) -> builder.filter((request, next) -> next.exchange(request)
				.doOnNext((response) -> test.threads.add(Thread.currentThread().getName())));
		}

	}

	@Test
	void aBlockingCallIsMadeOnTheCallingThread() {
		gateway.stubFor(chatCompletions().willReturn(json(200, completion("here"))));
		GatewayTestSupport.contextRunner(gateway)
			.withBean(CallerThreadTransportIntegrationTests.class, () -> this)
			.withUserConfiguration(RecordThreads.class)
			.run((context) -> {
				AiApiTemplate template = context.getBean(AiApiTemplate.class);
				assertThat(template.chat("Hi").content()).isEqualTo("here");
				assertThat(template.chat("Hi").content()).isEqualTo("here");
				// the reactive template, on the same client, stays on the event loop
				context.getBean(ReactiveAiApiTemplate.class).chat("Hi").block();
			});
		String caller = Thread.currentThread().getName();
		assertThat(this.threads).hasSize(3);
		assertThat(this.threads.subList(0, 2)).containsOnly(caller);
		assertThat(this.threads.get(2)).startsWith("reactor-http");
	}

	@Test
	void theEventLoopTransportCanBeChosen() {
		gateway.stubFor(chatCompletions().willReturn(json(200, completion("here"))));
		GatewayTestSupport.contextRunner(gateway, "aiapi.blocking-transport=event-loop")
			.withBean(CallerThreadTransportIntegrationTests.class, () -> this)
			.withUserConfiguration(RecordThreads.class)
			.run((context) -> assertThat(context.getBean(AiApiTemplate.class).chat("Hi").content()).isEqualTo("here"));
		assertThat(this.threads).singleElement().asString().startsWith("reactor-http");
	}

	@Test
	void aRetryAfterItsBackoffGoesOverTheEventLoopAndSucceeds() {
		gateway.stubFor(chatCompletions().inScenario("retry")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"upstream_error\",\"code\":\"busy\"}}"))
			.willSetStateTo("answered"));
		gateway.stubFor(chatCompletions().inScenario("retry")
			.whenScenarioStateIs("answered")
			.willReturn(json(200, completion("second"))));
		GatewayTestSupport.contextRunner(gateway, "aiapi.retry.enabled=true", "aiapi.retry.wait-duration=10ms")
			.withBean(CallerThreadTransportIntegrationTests.class, () -> this)
			.withUserConfiguration(RecordThreads.class)
			.run((context) -> assertThat(context.getBean(AiApiTemplate.class).chat("Hi").content())
				.isEqualTo("second"));
		assertThat(this.threads).hasSize(2);
		assertThat(this.threads.get(0)).isEqualTo(Thread.currentThread().getName());
		assertThat(this.threads.get(1)).startsWith("reactor-http");
	}

	@Test
	void aFailureIsTypedAndNotRetriedWhenItMustNotBe() {
		gateway.stubFor(chatCompletions()
			.willReturn(json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"upstream_error\",\"code\":\"busy\"}}")));
		GatewayTestSupport.contextRunner(gateway)
			.run((context) -> assertThatExceptionOfType(ServiceUnavailableException.class)
				.isThrownBy(() -> context.getBean(AiApiTemplate.class).chat("Hi"))
				.satisfies((ex) -> assertThat(ex.getRequestId()).isEqualTo(GatewayTestSupport.REQUEST_ID)));
	}

	@Test
	void theCallsDeadlineEndsAnAnswerThatNeverComesAndAbortsItsConnection(CapturedOutput output) throws Exception {
		CountDownLatch closed = new CountDownLatch(1);
		try (LoopbackSocketServer silent = LoopbackSocketServer.start((socket) -> holdUntilClosed(socket, closed))) {
			GatewayTestSupport
				.contextRunner(gateway, "aiapi.base-url=http://127.0.0.1:" + silent.port(), "aiapi.read-timeout=30s",
						"aiapi.timeout=300ms")
				.run((context) -> {
					long start = System.nanoTime();
					Throwable thrown = catchThrowable(() -> context.getBean(AiApiTemplate.class).chat("Hi"));
					Duration took = Duration.ofNanos(System.nanoTime() - start);
					assertThat(thrown).isInstanceOf(AiApiTimeoutException.class);
					assertThat(((AiApiTimeoutException) thrown).getPhase()).isEqualTo(AiApiTimeoutException.Phase.CALL);
					assertThat(took).isLessThan(Duration.ofSeconds(2));
				});
			// the connection was closed by the client, not left to its 30 s read timeout
			assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(output).doesNotContain("onErrorDropped").doesNotContain("ERROR");
	}

	@Test
	void aBodyCutShortIsTyped() throws Exception {
		try (LoopbackSocketServer cut = LoopbackSocketServer.start((socket) -> {
			try (socket) {
				readHead(socket);
				OutputStream out = socket.getOutputStream();
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
						+ "{\"id\":\"chatcmpl-1\",\"choices\":[").getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
			catch (IOException ex) {
				// the client went away
			}
		})) {
			GatewayTestSupport.contextRunner(gateway, "aiapi.base-url=http://127.0.0.1:" + cut.port())
				.run((context) -> assertThatExceptionOfType(AiApiRequestException.class)
					.isThrownBy(() -> context.getBean(AiApiTemplate.class).chat("Hi"))
					.withMessageContaining("closed before the response was complete")
					.withMessageContaining("POST http://127.0.0.1:" + cut.port() + "/v1/chat/completions"));
		}
	}

	@Test
	void choosingTheCallerThreadWithoutHttpClient5FailsStartupNamingTheProperty() {
		GatewayTestSupport.contextRunner(gateway, "aiapi.blocking-transport=caller-thread")
			.withClassLoader(new FilteredClassLoader(CloseableHttpClient.class))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(AiApiConfigurationException.class)
				.hasMessageContaining("aiapi.blocking-transport"));
	}

	@Test
	void withoutHttpClient5TheBlockingTemplateUsesTheEventLoop() {
		gateway.stubFor(chatCompletions().willReturn(json(200, completion("here"))));
		GatewayTestSupport.contextRunner(gateway)
			.withClassLoader(new FilteredClassLoader(CloseableHttpClient.class))
			.withBean(CallerThreadTransportIntegrationTests.class, () -> this)
			.withUserConfiguration(RecordThreads.class)
			.run((context) -> assertThat(context.getBean(AiApiTemplate.class).chat("Hi").content()).isEqualTo("here"));
		assertThat(this.threads).singleElement().asString().startsWith("reactor-http");
	}

	@Test
	void apacheHttpClientAtDebugDoesNotLogTheKey(CapturedOutput output) throws Exception {
		gateway.stubFor(chatCompletions().willReturn(json(200, completion("here"))));
		// a real SpringApplication with Boot's logging set-up: the starter's logging defaults are what is tested
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ClientApplication.class)
			.web(WebApplicationType.NONE)
			.properties("logging.config=classpath:logback-default-levels.xml", "spring.main.banner-mode=off",
					"logging.level.org.apache.hc=DEBUG", "aiapi.base-url=" + gateway.baseUrl(),
					"aiapi.api-key=" + GatewayTestSupport.API_KEY, "aiapi.default-model=gemini-2.5-flash")
			.run();
		try {
			assertThat(context.getBean(AiApiTemplate.class).chat("Hi").content()).isEqualTo("here");
		}
		finally {
			context.close();
			GatewayTestSupport.restoreTestLogging();
		}
		// Apache HttpClient's own DEBUG lines are there (the level took effect), its header lines are not
		assertThat(output.getAll()).containsPattern("ex-\\d+ preparing request execution")
			.doesNotContain(GatewayTestSupport.API_KEY)
			.doesNotContain("Authorization: Bearer");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ WebClientAutoConfiguration.class, AiApiAutoConfiguration.class })
	static class ClientApplication {

	}

	private static void holdUntilClosed(Socket socket, CountDownLatch closed) {
		try (socket) {
			readHead(socket);
			if (socket.getInputStream().read() < 0) {
				closed.countDown();
			}
		}
		catch (IOException ex) {
			closed.countDown();
		}
	}

	private static void readHead(Socket socket) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = socket.getInputStream().read();
			if (b < 0) {
				return;
			}
			head.append((char) b);
		}
		// the body, as its Content-Length says
		String length = head.toString().toLowerCase(java.util.Locale.ROOT).replaceAll("(?s).*content-length: (\\d+).*", "$1");
		if (length.matches("\\d+")) {
			socket.getInputStream().readNBytes(Integer.parseInt(length));
		}
	}

}
