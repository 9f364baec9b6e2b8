package services.aiapi.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import services.aiapi.AiApiTemplate;
import services.aiapi.ReactiveAiApiTemplate;
import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.error.AiApiRequestException;
import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.StreamTruncatedException;
import services.aiapi.model.ChatCompletionRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The simulator's fault injection, as a user's resilience test would use it.
 */
class SimulatorFaultInjectionTests {

	@RegisterExtension
	static AiApiSimulatorExtension gateway = new AiApiSimulatorExtension();

	private ApplicationContextRunner runner(String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=" + gateway.simulator().baseUrl(),
					"aiapi.api-key=" + gateway.simulator().apiKey(), "aiapi.default-model=gemini-2.5-flash",
					"aiapi.retry.wait-duration=10ms", "aiapi.retry.max-wait-duration=20ms", "aiapi.read-timeout=500ms")
			.withPropertyValues(properties);
	}

	@Test
	void failuresOfTheNextCallsAreRetriedAway(AiApiSimulator simulator) {
		simulator.failNext(2, 503, "service_unavailable");
		runner().run((context) -> assertThat(context.getBean(AiApiTemplate.class).chat("Hi").content()).isNotBlank());
		assertThat(simulator.requestCount("/v1/chat/completions")).isEqualTo(3);
	}

	@Test
	void resetConnectionWithoutRetry(AiApiSimulator simulator) {
		simulator.resetNextConnections(1);
		runner("aiapi.retry.enabled=false")
			.run((context) -> assertThat(catchThrowable(() -> context.getBean(AiApiTemplate.class).chat("Hi")))
				.isInstanceOf(AiApiRequestException.class));
	}

	@Test
	void latencyPastTheReadTimeout(AiApiSimulator simulator) {
		simulator.delayNext(1, Duration.ofSeconds(2));
		runner("aiapi.retry.enabled=false")
			.run((context) -> assertThat(catchThrowable(() -> context.getBean(AiApiTemplate.class).chat("Hi")))
				.isInstanceOf(AiApiTimeoutException.class));
	}

	@Test
	void cutStreamIsReportedTruncatedInBothDialects(AiApiSimulator simulator) {
		for (Dialect dialect : Dialect.values()) {
			simulator.setDialect(dialect);
			simulator.cutNextStream(3);
			runner().run((context) -> StepVerifier
				.create(context.getBean(ReactiveAiApiTemplate.class)
					.chatStream(ChatCompletionRequest.ofUser("Tell me a story").build()))
				.expectNextCount(4)
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(StreamTruncatedException.class,
						(truncated) -> assertThat(truncated.getReceivedContent()).isEqualTo("This is the")))
				.verify(Duration.ofSeconds(5)));
		}
		assertThat(gateway.simulator().requestCount("/v1/chat/completions")).isEqualTo(2);
	}

}
