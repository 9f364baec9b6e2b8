package services.aiapi;

import java.net.ServerSocket;
import java.time.Duration;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.reactive.function.client.WebClient;

import services.aiapi.error.AiApiException;
import services.aiapi.error.AiApiRequestException;
import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.ConnectionPoolExhaustedException;
import services.aiapi.error.InvalidApiKeyException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static services.aiapi.GatewayTestSupport.chatCompletions;
import static services.aiapi.GatewayTestSupport.json;

/**
 * Calls that get no usable response: refused and reset connections, timeouts, garbage and an exhausted pool all
 * arrive as typed exceptions, never as a raw WebClient exception or a hang.
 */
class TransportFailureIntegrationTests {

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	private Throwable chatFailure(ApplicationContextRunner runner) {
		Throwable[] thrown = new Throwable[1];
		runner.run((context) -> thrown[0] = catchThrowable(() -> context.getBean(AiApiTemplate.class).chat("Hi")));
		return thrown[0];
	}

	@Test
	void connectionRefused() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Throwable thrown = chatFailure(GatewayTestSupport.contextRunner(gateway,
				"aiapi.base-url=http://127.0.0.1:" + closedPort));
		assertThat(thrown).isExactlyInstanceOf(AiApiRequestException.class)
			.hasMessageContaining("Could not connect")
			.hasMessageContaining("POST http://127.0.0.1:" + closedPort + "/v1/chat/completions");
		assertThat(((AiApiException) thrown).isRetryable()).isTrue();
	}

	@Test
	void connectionResetByPeer() {
		gateway.stubFor(chatCompletions().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		assertThat(chatFailure(GatewayTestSupport.contextRunner(gateway))).isInstanceOf(AiApiRequestException.class);
	}

	@Test
	void emptyResponse() {
		gateway.stubFor(chatCompletions().willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
		assertThat(chatFailure(GatewayTestSupport.contextRunner(gateway))).isInstanceOf(AiApiRequestException.class);
	}

	@Test
	void randomDataThenClose() {
		gateway.stubFor(chatCompletions().willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
		assertThat(chatFailure(GatewayTestSupport.contextRunner(gateway))).isInstanceOf(AiApiException.class);
	}

	@Test
	void malformedResponseChunk() {
		gateway.stubFor(chatCompletions().willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
		assertThat(chatFailure(GatewayTestSupport.contextRunner(gateway))).isInstanceOf(AiApiException.class);
	}

	@Test
	void readTimeout() {
		gateway.stubFor(chatCompletions()
			.willReturn(json(200, GatewayTestSupport.completion("late")).withFixedDelay(1500)));
		Throwable thrown = chatFailure(GatewayTestSupport.contextRunner(gateway, "aiapi.read-timeout=300ms"));
		assertThat(thrown).isInstanceOfSatisfying(AiApiTimeoutException.class, (ex) -> {
			assertThat(ex.getPhase()).isEqualTo(AiApiTimeoutException.Phase.READ);
			assertThat(ex.getTimeout()).isEqualTo(Duration.ofMillis(300));
			assertThat(ex.getMessage()).contains("aiapi.read-timeout");
		});
	}

	@Test
	void poolExhaustedFailsFastWithTypedException() {
		gateway.stubFor(get("/v1/models").willReturn(json(200, "{\"data\":[]}").withFixedDelay(800)));
		GatewayTestSupport
			.contextRunner(gateway, "aiapi.pool.max-connections=1", "aiapi.pool.max-pending-acquires=1")
			.run((context) -> {
				ReactiveAiApiTemplate template = context.getBean(ReactiveAiApiTemplate.class);
				Flux<Object> calls = Flux.range(0, 4)
					.flatMap((i) -> template.listModels().cast(Object.class).onErrorResume(Mono::just));
				StepVerifier.create(calls.collectList())
					.assertNext((results) -> assertThat(results)
						.filteredOn((r) -> r instanceof ConnectionPoolExhaustedException)
						.isNotEmpty()
						.allSatisfy((r) -> assertThat(((Throwable) r).getMessage())
							.contains("aiapi.pool.max-connections")))
					.expectComplete()
					.verify(Duration.ofSeconds(10));
			});
	}

	@Test
	void rawWebClientUsersGetTheSameTypedExceptions() {
		gateway.stubFor(get("/v1/images/x").willReturn(json(401,
				"{ \"code\": \"invalid_api_key\", \"message\": \"Invalid API key provided\", \"data\": null }")));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			WebClient client = context.getBean("aiApiWebClient", WebClient.class);
			StepVerifier.create(client.get().uri("/v1/images/x").retrieve().bodyToMono(String.class))
				.expectError(InvalidApiKeyException.class)
				.verify(Duration.ofSeconds(5));
		});
	}

}
