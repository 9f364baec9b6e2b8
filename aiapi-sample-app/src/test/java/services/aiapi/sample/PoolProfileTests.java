package services.aiapi.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import services.aiapi.test.AiApiSimulator;
import services.aiapi.test.AutoConfigureAiApiSimulator;

/**
 * The sample in its {@code pool} profile against the simulator: two keys and a fallback chain. A revoked key hands
 * its calls to the other, a model that is down hands them to the next of its chain, and {@code /actuator/aiapi}
 * shows both, each key by name and masked suffix only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "AIAPI_API_KEY_PRIMARY=sk-sample-primary-000000a1", "AIAPI_API_KEY_SECONDARY=sk-sample-secondary-0000b2" })
@AutoConfigureWebTestClient
@AutoConfigureAiApiSimulator
@ActiveProfiles("pool")
class PoolProfileTests {

	private static final String PRIMARY = "sk-sample-primary-000000a1";

	private static final String SECONDARY = "sk-sample-secondary-0000b2";

	@Autowired
	WebTestClient client;

	@Autowired
	AiApiSimulator simulator;

	private WebTestClient.ResponseSpec chat(String prompt) {
		return this.client.mutate()
			.responseTimeout(Duration.ofSeconds(20))
			.build()
			.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\":\"" + prompt + "\"}")
			.exchange();
	}

	@Test
	void bothKeysServeAndARevokedOneHandsItsCallsToTheOther() {
		for (int i = 0; i < 6; i++) {
			chat("Hello").expectStatus().isOk().expectBody().jsonPath("$.answer").isNotEmpty();
		}
		// weights 2 and 1
		assertCalls(PRIMARY, 4);
		assertCalls(SECONDARY, 2);
		this.simulator.revoke(PRIMARY);
		for (int i = 0; i < 4; i++) {
			chat("Hello").expectStatus().isOk().expectBody().jsonPath("$.answer").isNotEmpty();
		}
		assertCalls(PRIMARY, 5);
		assertCalls(SECONDARY, 6);
		aiapiEndpoint().jsonPath("$.keyPool.usable").isEqualTo(1)
			.jsonPath("$.keyPool.keys[0].name").isEqualTo("primary")
			.jsonPath("$.keyPool.keys[0].key").isEqualTo("****00a1")
			.jsonPath("$.keyPool.keys[0].state").isEqualTo("REVOKED")
			.jsonPath("$.keyPool.keys[1].state").isEqualTo("IN_USE")
			.consumeWith((body) -> org.assertj.core.api.Assertions.assertThat(new String(body.getResponseBody()))
				.doesNotContain(PRIMARY, SECONDARY));
	}

	@Test
	void aModelThatIsDownHandsItsCallsToTheNextOfItsChain() {
		this.simulator.modelWithoutChannel("gemini-2.5-flash", Duration.ofMinutes(5));
		chat("Hello").expectStatus().isOk().expectBody().jsonPath("$.model").isEqualTo("gpt-4o-mini");
		aiapiEndpoint().jsonPath("$.fallbacks.chains['gemini-2.5-flash'][1].model").isEqualTo("gpt-4o-mini")
			.jsonPath("$.fallbacks.chains['gemini-2.5-flash'][1].served").isEqualTo(1);
	}

	private WebTestClient.BodyContentSpec aiapiEndpoint() {
		return this.client.get().uri("/actuator/aiapi").exchange().expectStatus().isOk().expectBody();
	}

	private void assertCalls(String key, int calls) {
		org.assertj.core.api.Assertions.assertThat(this.simulator.requestCount(key, "/v1/chat/completions"))
			.as("calls with the key ending %s", key.substring(key.length() - 4))
			.isEqualTo(calls);
	}

}
