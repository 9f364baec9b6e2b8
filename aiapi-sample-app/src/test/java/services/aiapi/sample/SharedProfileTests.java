package services.aiapi.sample;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import services.aiapi.test.AutoConfigureAiApiSimulator;

/**
 * The sample in its {@code shared} profile, against a real Redis server the test starts: chat answers, and the
 * {@code aiapi} endpoint shows the rate limit shared through Redis.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@AutoConfigureAiApiSimulator
@ActiveProfiles("shared")
class SharedProfileTests {

	private static final SampleRedis redis = SampleRedis.start();

	@DynamicPropertySource
	static void redisUrl(DynamicPropertyRegistry registry) {
		registry.add("aiapi.rate-limiter.shared.redis-url", redis::url);
	}

	@AfterAll
	static void stopRedis() throws IOException {
		redis.stop();
	}

	@Autowired
	WebTestClient client;

	private static String mode(WebTestClient client) {
		String body = client.get().uri("/actuator/aiapi").exchange().expectBody(String.class).returnResult()
			.getResponseBody();
		return (body != null && body.contains("\"mode\":\"shared\"")) ? "shared" : "other";
	}

	@Test
	void chatAnswersWithTheLimitSharedThroughRedis() {
		WebTestClient client = this.client.mutate().responseTimeout(Duration.ofSeconds(20)).build();
		client.post()
			.uri("/chat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"prompt\":\"Hello\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.answer")
			.isEqualTo("This is the simulator's answer to: Hello");
		// the limiter connects to Redis in the background once the application has started
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!mode(client).equals("shared") && System.nanoTime() < deadline) {
			client.post().uri("/chat").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"prompt\":\"Hi\"}")
				.exchange().expectStatus().isOk().expectBody().consumeWith((body) -> {
				});
		}
		client.get()
			.uri("/actuator/aiapi")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.rateLimiter.shared.mode")
			.isEqualTo("shared")
			.jsonPath("$.rateLimiter.shared.limitForPeriod")
			.isEqualTo(60);
	}

}
