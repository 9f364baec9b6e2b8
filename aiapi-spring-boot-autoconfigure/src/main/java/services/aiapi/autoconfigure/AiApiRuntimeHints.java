package services.aiapi.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.model.ChatMessage;
import services.aiapi.model.EmbeddingRequest;
import services.aiapi.model.EmbeddingResponse;
import services.aiapi.model.Model;
import services.aiapi.model.ModelList;
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
			Model.class, ModelList.class, Usage.class, VideoTask.class, VideoTaskRequest.class };

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), BOUND_TYPES);
		hints.reflection()
			.registerTypeIfPresent(classLoader, "services.aiapi.health.AiApiHealthIndicator$ModelCount",
					(type) -> type.withMembers(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
							MemberCategory.INVOKE_DECLARED_METHODS));
		hints.resources().registerPattern("META-INF/spring-configuration-metadata.json");
	}

}
