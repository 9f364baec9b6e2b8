package services.aiapi.test;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import reactor.core.publisher.Flux;

import services.aiapi.AiApiTemplate;
import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.web.AiApiServerSentEvents;
import services.aiapi.model.ChatCompletionRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aiapi.problem-details.enabled=true} in a Spring MVC application whose controller lets the starter's
 * exceptions escape: each arrives as an RFC 9457 problem detail with the status that says whose problem it is.
 */
@SpringBootTest(classes = ProblemDetailsServletTests.MvcApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "aiapi.default-model=gemini-2.5-flash", "aiapi.retry.enabled=false",
				"aiapi.problem-details.enabled=true",
				// a 429 holds the calls after it for its Retry-After (7 s), at most this long
				"aiapi.retry.max-retry-after=1s" })
@AutoConfigureAiApiSimulator(dialect = Dialect.DOCUMENTED)
class ProblemDetailsServletTests {

	@LocalServerPort
	int port;

	@Autowired
	AiApiSimulator simulator;

	@BeforeEach
	void resetSimulator() {
		this.simulator.reset();
	}

	private ResponseEntity<String> ask(String prompt, String model) {
		return RestClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/ask?q={q}&model={m}", prompt, model)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> {
			})
			.toEntity(String.class);
	}

	@Test
	void aGatewayRateLimitIsA429WithRetryAfter() {
		ResponseEntity<String> response = ask("simulate: rate_limit_exceeded", "gemini-2.5-flash");
		assertThat(response.getStatusCode().value()).isEqualTo(429);
		assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("7");
		assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
		assertThat(response.getBody()).contains("\"title\":\"RateLimitExceededException\"")
			.contains("\"code\":\"rate_limit_exceeded\"")
			.contains("\"requestId\":");
	}

	@Test
	void theServersOwnKeyOrQuotaIsA503NotTheCallersProblem() {
		assertThat(ask("simulate: invalid_api_key", "gemini-2.5-flash").getStatusCode().value()).isEqualTo(503);
		assertThat(ask("simulate: quota_not_enough", "gemini-2.5-flash").getStatusCode().value()).isEqualTo(503);
	}

	@Test
	void badInputIs400AndAnUnknownModel404() {
		ResponseEntity<String> invalid = ask("Hi", "bad\nmodel");
		assertThat(invalid.getStatusCode().value()).isEqualTo(400);
		assertThat(invalid.getBody()).contains("\"title\":\"RequestValidationException\"").contains("\"param\":\"model\"");
		assertThat(ask("about forbidden-topic", "gemini-2.5-flash").getStatusCode().value()).isEqualTo(400);
		assertThat(ask("Hi", "no-such-model").getStatusCode().value()).isEqualTo(404);
	}

	@Test
	void anUpstreamFailureIsA502() {
		ResponseEntity<String> response = ask("simulate: server_error", "gemini-2.5-flash");
		assertThat(response.getStatusCode().value()).isEqualTo(502);
		assertThat(response.getBody()).contains("\"retryable\":true");
	}

	@Test
	void anMvcStreamEndsWithADoneEventAndNeverHoldsARequestThread() {
		ResponseEntity<String> response = stream("Hi there");
		assertThat(response.getStatusCode().value()).isEqualTo(200);
		assertThat(response.getHeaders().getContentType().toString()).startsWith("text/event-stream");
		assertThat(response.getBody()).startsWith("data: This\n\ndata:  is\n\n").endsWith("event:done\ndata:[DONE]\n\n");
		assertThat(this.simulator.requestCount("/v1/chat/completions")).isEqualTo(1);
	}

	@Test
	void anMvcStreamThatFailsBeforeItsFirstChunkIsAProblemDetail() {
		ResponseEntity<String> response = stream("simulate: invalid_request_error");
		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
		assertThat(response.getBody()).contains("\"title\":\"BadRequestException\"");
	}

	@Test
	void anMvcStreamThatBreaksOffEndsWithAProblemEvent() {
		this.simulator.cutNextStream(2);
		ResponseEntity<String> response = stream("Hi there");
		assertThat(response.getBody()).startsWith("data: This\n\n")
			.contains("event:problem\ndata:{")
			.contains("StreamTruncatedException")
			.doesNotContain("event:done");
	}

	private ResponseEntity<String> stream(String prompt) {
		return RestClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/ask/stream?q={q}", prompt)
			.accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_PROBLEM_JSON)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> {
			})
			.toEntity(String.class);
	}

	@SpringBootApplication
	@RestController
	static class MvcApplication {

		private final AiApiTemplate aiApi;

		private final ReactiveAiApiOperations reactiveAiApi;

		MvcApplication(AiApiTemplate aiApi, ReactiveAiApiOperations reactiveAiApi) {
			this.aiApi = aiApi;
			this.reactiveAiApi = reactiveAiApi;
		}

		// the README's Spring MVC streaming example: returned as a Flux, MVC writes the events as they come
		// (asynchronously: no request thread waits), and an EventSource can tell "done" from "problem"
		@GetMapping(path = "/ask/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		Flux<ServerSentEvent<?>> askStream(@RequestParam String q) {
			return AiApiServerSentEvents.of(this.reactiveAiApi.chatStream(ChatCompletionRequest.ofUser(q).build())
				.map(ChatCompletionChunk::content)
				.filter((text) -> !text.isEmpty()));
		}

		// no try/catch: the starter's exceptions escape to the problem-details handler
		@GetMapping("/ask")
		String ask(@RequestParam String q, @RequestParam String model) {
			return this.aiApi.chat(ChatCompletionRequest.ofUser(q).model(model).build()).content();
		}

	}

}
