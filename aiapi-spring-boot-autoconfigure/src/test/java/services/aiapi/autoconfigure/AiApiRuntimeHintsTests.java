package services.aiapi.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.VideoTask;

import static org.assertj.core.api.Assertions.assertThat;

class AiApiRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void theRecordsJacksonBindsAreReflectable() {
		new AiApiRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		for (Class<?> type : new Class<?>[] { ChatCompletion.class, ChatCompletion.Choice.class,
				ChatCompletionChunk.class, ChatCompletionRequest.class, VideoTask.class, services.aiapi.model.ToolCall.class,
				services.aiapi.model.Tool.class, services.aiapi.model.ContentPart.class,
				services.aiapi.model.ResponseFormat.class, services.aiapi.model.ChatMessage.class,
				services.aiapi.model.ToolChoice.class, services.aiapi.model.BillingUsage.class,
				services.aiapi.model.responses.ResponseStreamEvent.class, services.aiapi.model.responses.Response.class,
				services.aiapi.model.responses.ResponseUsage.InputDetails.class,
				services.aiapi.model.responses.ResponseRequest.TextConfig.Format.class,
				services.aiapi.model.messages.MessageStreamEvent.Delta.class,
				services.aiapi.model.messages.MessageRequest.class, services.aiapi.model.messages.ContentBlock.class }) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(this.hints);
		}
		assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/spring-configuration-metadata.json"))
			.accepts(this.hints);
	}

}
