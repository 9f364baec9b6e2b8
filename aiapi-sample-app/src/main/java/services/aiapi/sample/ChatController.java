package services.aiapi.sample;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.error.StreamTruncatedException;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.Model;

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

	// A stream that breaks off after some text fails with StreamTruncatedException, which keeps what came: the
	// browser has that text already, and is told the answer is incomplete rather than left to think it complete.
	@GetMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<String> chatStream(@RequestParam String prompt) {
		return this.aiApi.chatStream(ChatCompletionRequest.ofUser(prompt).build())
			.map(ChatCompletionChunk::content)
			.filter((text) -> !text.isEmpty())
			.onErrorResume(StreamTruncatedException.class, (ex) -> Flux.just("[the answer broke off after "
					+ ex.getReceivedContent().length() + " characters: it is incomplete]"));
	}

	record ChatQuestion(String prompt, String model) {
	}

	record ChatAnswer(String answer, String model, Integer totalTokens) {
	}

}
