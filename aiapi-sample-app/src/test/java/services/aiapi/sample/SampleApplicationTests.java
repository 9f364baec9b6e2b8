package services.aiapi.sample;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import services.aiapi.quota.AiApiBalance;
import services.aiapi.test.AiApiSimulator;
import services.aiapi.test.AutoConfigureAiApiSimulator;
import services.aiapi.test.Dialect;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of the sample, driven end to end against the simulator it starts when no key is configured, in
 * both dialects.
 */
class SampleApplicationTests {

	// a request without an answer in time fails with what the simulator received and which threads were busy
	@ExtendWith(TimeoutDiagnostics.class)
	abstract static class Endpoints {

		@Autowired
		WebTestClient client;

		@Autowired
		AiApiSimulator simulator;

		abstract Dialect dialect();

		@Autowired
		AiApiBalance balance;

		@BeforeEach
		void reset() {
			this.simulator.reset();
			// a test that provoked a quota error left the balance exhausted; the next read clears it, as in production
			this.balance.refresh().block(Duration.ofSeconds(10));
			this.client = this.client.mutate().responseTimeout(Duration.ofSeconds(20)).build();
		}

		private String submitVideo(String prompt) {
			return this.client.post()
				.uri("/videos")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"prompt\":\"" + prompt + "\"}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(VideoController.TaskView.class)
				.returnResult()
				.getResponseBody()
				.id();
		}

		private WebTestClient.ResponseSpec chat(String prompt) {
			return this.client.post()
				.uri("/chat")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"prompt\":\"" + prompt + "\"}")
				.exchange();
		}

		@Test
		void runsOnTheSimulatorOfTheConfiguredDialect() {
			assertThat(this.simulator.dialect()).isEqualTo(dialect());
		}

		@Autowired
		org.springframework.core.env.Environment environment;

		@Test
		void lowQuotaRanksBelowDownInHealthAggregation() {
			// the starter's default, since the sample turns aiapi.quota on and orders no statuses itself
			assertThat(this.environment.getProperty("management.endpoint.health.status.order"))
				.isEqualTo("DOWN,OUT_OF_SERVICE,LOW_QUOTA,UP,UNKNOWN");
		}

		@Test
		void actuatorShowsGatewayHealthMetricsAndTheStartersEndpoint() {
			chat("Hello").expectStatus().isOk().expectBody().jsonPath("$.answer").isNotEmpty();
			this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody()
				.jsonPath("$.components.aiapi.status").isEqualTo("UP")
				.jsonPath("$.components.aiapi.details.quota").exists()
				.jsonPath("$.components.aiapi.details.models").isEqualTo(9);
			this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk().expectBody()
				.jsonPath("$.components.aiapi").doesNotExist();
			// every response body is read: WebTestClient releases an unread one only when asked (a Netty LEAK)
			this.client.get().uri("/actuator/metrics/gen_ai.client.token.usage").exchange().expectStatus().isOk()
				.expectBody().jsonPath("$.name").isEqualTo("gen_ai.client.token.usage");
			this.client.get().uri("/actuator/metrics/aiapi.client.calls").exchange().expectStatus().isOk()
				.expectBody().jsonPath("$.name").isEqualTo("aiapi.client.calls");
			this.client.get().uri("/actuator/aiapi").exchange().expectStatus().isOk().expectBody()
				.jsonPath("$.apiKey").isEqualTo("****0000")
				.jsonPath("$.circuitBreakers.models['gemini-2.5-flash'].state").isEqualTo("CLOSED");
		}

		@Test
		void listsModels() {
			this.client.get().uri("/models").exchange().expectStatus().isOk().expectBody()
				.jsonPath("$[0]").isEqualTo("gemini-2.5-flash");
		}

		@Test
		void chats() {
			chat("Hello").expectStatus().isOk().expectBody()
				.jsonPath("$.answer").isEqualTo("This is the simulator's answer to: Hello")
				.jsonPath("$.totalTokens").isNumber();
		}

		@Test
		void streamsToTheBrowser() {
			// read as a browser's EventSource reads it: the SSE format's own decoding, leading spaces kept
			List<ServerSentEvent<String>> events = this.client.get()
				.uri("/chat/stream?prompt=Hi there")
				.accept(MediaType.TEXT_EVENT_STREAM)
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
				})
				.getResponseBody()
				.collectList()
				.block(Duration.ofSeconds(10));
			assertThat(events).last().satisfies((last) -> {
				assertThat(last.event()).isEqualTo("done");
				assertThat(last.data()).isEqualTo("[DONE]");
			});
			assertThat(events.subList(0, events.size() - 1)).allSatisfy((event) -> assertThat(event.event()).isNull());
			assertThat(String.join("", events.subList(0, events.size() - 1).stream().map(ServerSentEvent::data).toList()))
				.isEqualTo("This is the simulator's answer to: Hi there");
		}

		@Test
		void aStreamThatBreaksOffEndsWithAProblemEventTheBrowserCanTellFromAnEnd() {
			this.simulator.cutNextStream(2);
			this.client.get()
				.uri("/chat/stream?prompt=Hi there")
				.accept(MediaType.TEXT_EVENT_STREAM)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.value((body) -> assertThat(body).startsWith("data: This\n\ndata:  is\n\n")
					.contains("event:problem\ndata:{")
					.contains("\"title\":\"StreamTruncatedException\"")
					.doesNotContain("event:done"));
		}

		@Test
		void aStreamThatFailsBeforeItsFirstChunkIsAnsweredAsAProblemDetail() {
			// issue 22, defect 7: was HTTP 503 with Content-Type text/event-stream, the problem inside a data: event
			this.client.get()
				.uri("/chat/stream?prompt=simulate: invalid_request_error")
				.accept(MediaType.TEXT_EVENT_STREAM)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.title")
				.isEqualTo("BadRequestException")
				.jsonPath("$.status")
				.isEqualTo(400);
		}

		@Test
		void awaitsAVideoTaskToItsEnd() {
			String id = submitVideo("a cat surfing");
			this.client.get().uri("/videos/" + id + "/result").exchange().expectStatus().isOk().expectBody()
				.jsonPath("$.state").isEqualTo("SUCCEEDED");
			String failing = submitVideo("this one will fail");
			this.client.get().uri("/videos/" + failing + "/result").exchange().expectStatus().isEqualTo(502)
				.expectBody()
				.jsonPath("$.title").isEqualTo("TaskFailedException");
		}

		@Test
		void drawsAPicture() throws Exception {
			byte[] png = this.client.get()
				.uri("/images?prompt=a%20lighthouse&size=64x48")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType(MediaType.IMAGE_PNG)
				.expectBody(byte[].class)
				.returnResult()
				.getResponseBody();
			assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getWidth()).isEqualTo(64);
		}

		@Test
		void speaksAText() throws Exception {
			byte[] wav = this.client.get()
				.uri("/speech?text=Hello%20there")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(byte[].class)
				.returnResult()
				.getResponseBody();
			assertThat(javax.sound.sampled.AudioSystem
				.getAudioInputStream(new java.io.ByteArrayInputStream(wav))
				.getFormat()
				.getSampleRate()).isEqualTo(24_000f);
		}

		@Test
		void transcribesAnUpload() {
			org.springframework.http.client.MultipartBodyBuilder upload = new org.springframework.http.client.MultipartBodyBuilder();
			upload.part("file", new org.springframework.core.io.ByteArrayResource(new byte[5_000]) {

				@Override
				public String getFilename() {
					return "note.mp3";
				}

			});
			this.client.post()
				.uri("/transcriptions")
				.contentType(MediaType.MULTIPART_FORM_DATA)
				.bodyValue(upload.build())
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.text")
				.isEqualTo("Simulated transcription of note.mp3 (5000 bytes)");
		}

		@Test
		void followsAVideoTasksProgressAsServerSentEventsAndStreamsTheVideo() {
			String id = submitVideo("a cat surfing");
			List<String> events = this.client.get()
				.uri("/videos/" + id + "/progress")
				.accept(MediaType.TEXT_EVENT_STREAM)
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(String.class)
				.getResponseBody()
				.collectList()
				.block(Duration.ofSeconds(20));
			assertThat(events).isNotEmpty();
			assertThat(events.get(events.size() - 1)).contains("\"state\":\"SUCCEEDED\"");
			byte[] video = this.client.get().uri("/videos/" + id + "/content").exchange().expectStatus().isOk()
				.expectBody(byte[].class).returnResult().getResponseBody();
			assertThat(new String(video, 0, 12, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("ftyp");
		}

		@Test
		void composesASongAndStreamsItFromTheProvidersHost() {
			String id = this.client.post().uri("/music").contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"prompt\":\"a song about a cat\"}").exchange().expectStatus().isOk()
				.expectBody(VideoController.TaskView.class).returnResult().getResponseBody().id();
			byte[] song = this.client.get().uri("/music/" + id + "/content").exchange().expectStatus().isOk()
				.expectBody(byte[].class).returnResult().getResponseBody();
			assertThat(new String(song, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("RIFF");
			// the provider's host never saw the key
			assertThat(this.simulator.cdnRequests()).isNotEmpty().allSatisfy((request) -> assertThat(request.key()).isNull());
		}

		@Test
		void submitsAndPollsAVideoTask() {
			String id = submitVideo("a cat surfing");
			this.client.get().uri("/videos/" + id).exchange().expectStatus().isOk().expectBody()
				.jsonPath("$.id").isEqualTo(id)
				.jsonPath("$.state").value((state) -> assertThat(state).isIn("QUEUED", "RUNNING", "SUCCEEDED"));
			this.client.get().uri("/videos/task_unknown").exchange().expectStatus().isNotFound()
				.expectBody().jsonPath("$.title").isEqualTo("TaskNotFoundException");
		}

		@Test
		void rateLimitBecomesProblemDetail() {
			chat("simulate: rate_limit_exceeded").expectStatus().isEqualTo(429).expectBody()
				.jsonPath("$.title").isEqualTo("RateLimitExceededException")
				.jsonPath("$.requestId").isNotEmpty();
		}

		@Test
		void gatewayAuthAndQuotaFailuresAreNotPassedOnAsTheCallersOwn() {
			chat("simulate: invalid_api_key").expectStatus().isEqualTo(503).expectBody()
				.jsonPath("$.title").isEqualTo("InvalidApiKeyException");
			chat("simulate: quota_not_enough").expectStatus().isEqualTo(503).expectBody()
				.jsonPath("$.title").isEqualTo("QuotaExceededException");
		}

		@Test
		void contentFilterAndValidationAreBadRequests() {
			chat("about forbidden-topic").expectStatus().isBadRequest().expectBody()
				.jsonPath("$.title").isEqualTo("ContentFilteredException");
			this.client.post()
				.uri("/chat")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"prompt\":\"Hi\",\"model\":\"no-such-model\"}")
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectBody()
				.jsonPath("$.code").isEqualTo("model_not_found");
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = "aiapi.tasks.poll-interval=50ms")
	@AutoConfigureWebTestClient
	@AutoConfigureAiApiSimulator(dialect = Dialect.DOCUMENTED, taskDurationMillis = 300)
	class DocumentedDialect extends Endpoints {

		@Override
		Dialect dialect() {
			return Dialect.DOCUMENTED;
		}

		@Test
		void documentedRateLimitCarriesRetryAfter() {
			this.client.post()
				.uri("/chat")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"prompt\":\"simulate: rate_limit_exceeded\"}")
				.exchange()
				.expectStatus()
				.isEqualTo(429)
				.expectHeader()
				.valueEquals("Retry-After", "7")
				.expectBody()
				.jsonPath("$.code").isEqualTo("rate_limit_exceeded");
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "aiapi.retry.wait-duration=10ms", "aiapi.tasks.poll-interval=50ms" })
	@AutoConfigureWebTestClient
	@AutoConfigureAiApiSimulator(dialect = Dialect.NEW_API, taskDurationMillis = 300)
	class NewApiDialect extends Endpoints {

		@Override
		Dialect dialect() {
			return Dialect.NEW_API;
		}

	}

}
