package services.aiapi.springai;

import org.springframework.ai.audio.transcription.TranscriptionModel;
import org.springframework.ai.audio.tts.TextToSpeechModel;
import org.springframework.ai.audio.tts.TextToSpeechOptions;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.image.ImageModel;
import org.springframework.ai.moderation.ModerationModel;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.autoconfigure.AiApiAutoConfiguration;

/**
 * Spring AI's {@link ChatModel}, {@link EmbeddingModel}, {@link ImageModel}, {@link TextToSpeechModel},
 * {@link TranscriptionModel} and {@link ModerationModel} on the starter, when Spring AI is on the class path: with
 * Spring AI's chat-client and tool auto-configurations (which this module brings), an application injects
 * {@code ChatClient.Builder} and every model call runs through the starter's pipeline. An application's own bean of
 * any of these types wins.
 */
@AutoConfiguration(after = AiApiAutoConfiguration.class,
		beforeName = "org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration")
@ConditionalOnClass(ChatModel.class)
@ConditionalOnBean(ReactiveAiApiOperations.class)
@EnableConfigurationProperties(AiApiSpringAiProperties.class)
public final class AiApiSpringAiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ChatModel.class)
	@ConditionalOnProperty(name = "aiapi.spring-ai.chat.enabled", matchIfMissing = true)
	AiApiChatModel aiApiChatModel(ReactiveAiApiOperations operations, AiApiSpringAiProperties properties) {
		AiApiSpringAiProperties.Chat chat = properties.getChat();
		AiApiChatOptions options = AiApiChatOptions.builder()
			.model(chat.getModel())
			.temperature(chat.getTemperature())
			.maxTokens(chat.getMaxTokens())
			.reasoningEffort(chat.getReasoningEffort())
			.build();
		return new AiApiChatModel(operations, options);
	}

	@Bean
	@ConditionalOnMissingBean(EmbeddingModel.class)
	@ConditionalOnProperty(name = "aiapi.spring-ai.embedding.enabled", matchIfMissing = true)
	AiApiEmbeddingModel aiApiEmbeddingModel(ReactiveAiApiOperations operations, AiApiSpringAiProperties properties) {
		return new AiApiEmbeddingModel(operations, properties.getEmbedding().getModel());
	}

	@Bean
	@ConditionalOnMissingBean(ImageModel.class)
	@ConditionalOnProperty(name = "aiapi.spring-ai.image.enabled", matchIfMissing = true)
	AiApiImageModel aiApiImageModel(ReactiveAiApiOperations operations, AiApiSpringAiProperties properties) {
		return new AiApiImageModel(operations, properties.getImage().getModel());
	}

	@Bean
	@ConditionalOnMissingBean(TextToSpeechModel.class)
	@ConditionalOnProperty(name = "aiapi.spring-ai.speech.enabled", matchIfMissing = true)
	AiApiTextToSpeechModel aiApiTextToSpeechModel(ReactiveAiApiOperations operations,
			AiApiSpringAiProperties properties) {
		AiApiSpringAiProperties.Speech speech = properties.getSpeech();
		return new AiApiTextToSpeechModel(operations, TextToSpeechOptions.builder()
			.model(speech.getModel())
			.voice(speech.getVoice())
			.format(speech.getFormat())
			.build());
	}

	@Bean
	@ConditionalOnMissingBean(TranscriptionModel.class)
	@ConditionalOnProperty(name = "aiapi.spring-ai.transcription.enabled", matchIfMissing = true)
	AiApiTranscriptionModel aiApiTranscriptionModel(ReactiveAiApiOperations operations,
			AiApiSpringAiProperties properties) {
		return new AiApiTranscriptionModel(operations, properties.getTranscription().getModel());
	}

	@Bean
	@ConditionalOnMissingBean(ModerationModel.class)
	@ConditionalOnProperty(name = "aiapi.spring-ai.moderation.enabled", matchIfMissing = true)
	AiApiModerationModel aiApiModerationModel(ReactiveAiApiOperations operations, AiApiSpringAiProperties properties) {
		return new AiApiModerationModel(operations, properties.getModeration().getModel());
	}

}
