package services.aiapi.sample;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.Model;
import services.aiapi.web.AiApiServerSentEvents;

/**
 * Endpoints that show the starter at work: list models, chat, and chat streamed to the browser.
 */
@RestController
class ChatController {

	private final ReactiveAiApiOperations aiApi;

	ChatController(ReactiveAiApiOperations aiApi) {
		this.aiApi = aiApi;
	}

	@GetMapping("/models")
	Mono<List<String>> models() {
		return this.aiApi.listModels().map((list) -> list.models().stream().map(Model::id).toList());
	}

	@PostMapping("/chat")
	Mono<ChatAnswer> chat(@RequestBody ChatQuestion question) {
		return this.aiApi.chat(ChatCompletionRequest.ofUser(question.prompt()).model(question.model()).build())
			.map((completion) -> new ChatAnswer(completion.content(), completion.model(),
					(completion.usage() != null) ? completion.usage().totalTokens() : null));
	}

	// Server-sent events a browser's EventSource can end on: one event per piece of text, then "done"; a stream
	// that fails after text arrived ends with a "problem" event (a StreamTruncatedException keeps what came, and
	// the page is told the answer is incomplete); one that fails before is answered as a problem detail.
	@GetMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<?>> chatStream(@RequestParam String prompt) {
		return AiApiServerSentEvents.of(this.aiApi.chatStream(ChatCompletionRequest.ofUser(prompt).build())
			.map(ChatCompletionChunk::content)
			// the first chunk carries the role and the last the finish reason, both without text
			.filter((text) -> !text.isEmpty()));
	}

	record ChatQuestion(String prompt, String model) {
	}

	record ChatAnswer(String answer, String model, Integer totalTokens) {
	}

}
