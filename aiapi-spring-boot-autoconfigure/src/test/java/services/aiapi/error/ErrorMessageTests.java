package services.aiapi.error;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How an error's message reads: the gateway's words, the request id, then what to do.
 */
class ErrorMessageTests {

	private static GatewayError error(String message) {
		return new GatewayError("rate_limit_exceeded", message, null, null, null, "{}", false);
	}

	@Test
	void aGatewayMessageThatEndsASentenceGetsNoSecondFullStop() {
		// issue 22, defect 11: "Please try again later.. Reduce the request rate"
		assertThat(AiApiResponseException.describe(429, error("Rate limit exceeded. Please try again later."), null,
				"Reduce the request rate"))
			.isEqualTo("HTTP 429 rate_limit_exceeded: Rate limit exceeded. Please try again later. Reduce the request rate");
	}

	@Test
	void aGatewayMessageWithoutAFullStopGetsOne() {
		assertThat(AiApiResponseException.describe(429, error("slow down"), "req-1", "Reduce the request rate"))
			.isEqualTo("HTTP 429 rate_limit_exceeded: slow down (request id: req-1). Reduce the request rate");
	}

}
