package services.aiapi.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

import services.aiapi.model.audio.SpeechRequest;
import services.aiapi.model.audio.Transcription;
import services.aiapi.model.images.ImageRequest;
import services.aiapi.model.moderation.ModerationRequest;
import services.aiapi.model.moderation.ModerationResponse;
import services.aiapi.model.moderation.RerankRequest;
import services.aiapi.model.moderation.RerankResponse;
import services.aiapi.model.images.ImageResponse;
import services.aiapi.model.messages.ContentBlock;
import services.aiapi.model.messages.MessageParam;
import services.aiapi.model.messages.MessageRequest;
import services.aiapi.model.messages.MessageResponse;
import services.aiapi.model.messages.MessageStreamEvent;
import services.aiapi.model.messages.MessageTool;
import services.aiapi.model.messages.MessageUsage;
import services.aiapi.model.responses.Response;
import services.aiapi.model.responses.ResponseContent;
import services.aiapi.model.responses.ResponseInputItem;
import services.aiapi.model.responses.ResponseOutputItem;
import services.aiapi.model.responses.ResponseRequest;
import services.aiapi.model.responses.ResponseStreamEvent;
import services.aiapi.model.responses.ResponseTool;
import services.aiapi.model.responses.ResponseUsage;
import services.aiapi.model.BillingSubscription;
import services.aiapi.model.BillingUsage;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.ChatMessage;
import services.aiapi.model.ContentPart;
import services.aiapi.model.EmbeddingRequest;
import services.aiapi.model.EmbeddingResponse;
import services.aiapi.model.Model;
import services.aiapi.model.ModelList;
import services.aiapi.model.ResponseFormat;
import services.aiapi.model.Tool;
import services.aiapi.model.ToolCall;
import services.aiapi.model.ToolChoice;
import services.aiapi.model.Usage;
import services.aiapi.model.VideoTask;
import services.aiapi.model.VideoTaskRequest;

/**
 * What a native image needs beyond what ahead-of-time processing finds by itself: the request and response
 * records the starter reads and writes with Jackson (their constructors, accessors and nested types, as Spring's
 * {@link BindingReflectionHintsRegistrar} registers them for data binding), and the configuration metadata the
 * start-up check of {@code aiapi.*} properties reads.
 */
class AiApiRuntimeHints implements RuntimeHintsRegistrar {

	private static final Class<?>[] BOUND_TYPES = { ChatCompletion.class, ChatCompletionChunk.class,
			ChatCompletionRequest.class, ChatMessage.class, EmbeddingRequest.class, EmbeddingResponse.class,
			Model.class, ModelList.class, Usage.class, VideoTask.class, VideoTaskRequest.class, Tool.class,
			ToolCall.class, ContentPart.class, ResponseFormat.class, BillingSubscription.class, BillingUsage.class,
			ResponseRequest.class, Response.class, ResponseStreamEvent.class, ResponseInputItem.class,
			ResponseOutputItem.class, ResponseContent.class, ResponseTool.class, ResponseUsage.class,
			MessageRequest.class, MessageResponse.class, MessageStreamEvent.class, MessageParam.class,
			ContentBlock.class, MessageTool.class, MessageUsage.class, ImageRequest.class, ImageResponse.class,
			SpeechRequest.class, Transcription.class, ModerationRequest.class, ModerationResponse.class,
			RerankRequest.class, RerankResponse.class };

	// read and written through package-private @JsonCreator / @JsonValue / @JsonProperty methods
	private static final Class<?>[] CUSTOM_JSON_TYPES = { ChatMessage.class, ToolChoice.class };

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), BOUND_TYPES);
		for (Class<?> type : CUSTOM_JSON_TYPES) {
			hints.reflection()
				.registerType(type, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_DECLARED_METHODS,
						MemberCategory.ACCESS_DECLARED_FIELDS);
		}
		hints.reflection()
			.registerTypeIfPresent(classLoader, "services.aiapi.health.AiApiHealthIndicator$ModelCount",
					(type) -> type.withMembers(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
							MemberCategory.INVOKE_DECLARED_METHODS));
		hints.resources().registerPattern("META-INF/spring-configuration-metadata.json");
	}

}
