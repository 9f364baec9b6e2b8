package services.aiapi.springai;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Spring AI models on the starter ({@code aiapi.spring-ai.*}). Everything about the calls themselves
 * (key, base URL, retry, rate limit, breakers, timeouts, the default chat model) stays under {@code aiapi.*}.
 */
@ConfigurationProperties("aiapi.spring-ai")
public class AiApiSpringAiProperties {

	private final Chat chat = new Chat();

	private final Embedding embedding = new Embedding();

	private final Image image = new Image();

	private final Speech speech = new Speech();

	private final Transcription transcription = new Transcription();

	private final Moderation moderation = new Moderation();

	public Chat getChat() {
		return this.chat;
	}

	/**
	 * Return the settings of the ImageModel ({@code aiapi.spring-ai.image.*}).
	 * @return the settings
	 */
	public Image getImage() {
		return this.image;
	}

	/**
	 * Return the settings of the TextToSpeechModel ({@code aiapi.spring-ai.speech.*}).
	 * @return the settings
	 */
	public Speech getSpeech() {
		return this.speech;
	}

	/**
	 * Return the settings of the TranscriptionModel ({@code aiapi.spring-ai.transcription.*}).
	 * @return the settings
	 */
	public Transcription getTranscription() {
		return this.transcription;
	}

	/**
	 * Return the settings of the ModerationModel ({@code aiapi.spring-ai.moderation.*}).
	 * @return the settings
	 */
	public Moderation getModeration() {
		return this.moderation;
	}

	public Embedding getEmbedding() {
		return this.embedding;
	}

	/**
	 * The {@code ChatModel}.
	 */
	public static class Chat {

		/**
		 * Whether to provide a Spring AI ChatModel backed by the starter.
		 */
		private boolean enabled = true;

		/**
		 * Default chat model for Spring AI calls; aiapi.default-model when unset.
		 */
		private @Nullable String model;

		/**
		 * Default sampling temperature, 0 to 2; the provider's default when unset.
		 */
		private @Nullable Double temperature;

		/**
		 * Default limit of generated tokens; the provider's default when unset.
		 */
		private @Nullable Integer maxTokens;

		/**
		 * Default reasoning effort of reasoning models (low, medium, high...); not sent when unset.
		 */
		private @Nullable String reasoningEffort;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getModel() {
			return this.model;
		}

		public void setModel(@Nullable String model) {
			this.model = model;
		}

		public @Nullable Double getTemperature() {
			return this.temperature;
		}

		public void setTemperature(@Nullable Double temperature) {
			this.temperature = temperature;
		}

		public @Nullable Integer getMaxTokens() {
			return this.maxTokens;
		}

		public void setMaxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
		}

		public @Nullable String getReasoningEffort() {
			return this.reasoningEffort;
		}

		public void setReasoningEffort(@Nullable String reasoningEffort) {
			this.reasoningEffort = reasoningEffort;
		}

	}

	/**
	 * The ImageModel on the starter ({@code aiapi.spring-ai.image.*}).
	 */
	public static class Image extends Model {

		Image() {
			super("gpt-image-1");
		}

	}

	/**
	 * The TranscriptionModel on the starter ({@code aiapi.spring-ai.transcription.*}).
	 */
	public static class Transcription extends Model {

		Transcription() {
			super("whisper-1");
		}

	}

	/**
	 * The ModerationModel on the starter ({@code aiapi.spring-ai.moderation.*}).
	 */
	public static class Moderation extends Model {

		Moderation() {
			super("omni-moderation-latest");
		}

	}

	/**
	 * The EmbeddingModel on the starter ({@code aiapi.spring-ai.embedding.*}).
	 */
	public static class Embedding extends Model {

		Embedding() {
			super("text-embedding-3-small");
		}

	}

	/**
	 * A Spring AI model on the starter: whether it is provided, and its model when a call names none.
	 */
	public static class Model {

		/**
		 * Whether to provide the Spring AI model backed by the starter.
		 */
		private boolean enabled = true;

		/**
		 * Model for Spring AI calls that name none.
		 */
		private String model;

		Model(String model) {
			this.model = model;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getModel() {
			return this.model;
		}

		public void setModel(String model) {
			this.model = model;
		}

	}

	/**
	 * The TextToSpeechModel on the starter.
	 */
	public static class Speech extends Model {

		/**
		 * Voice for calls that name none.
		 */
		private String voice = "alloy";

		/**
		 * Audio format for calls that name none: mp3, opus, aac, flac, wav or pcm.
		 */
		private String format = "mp3";

		Speech() {
			super("gpt-4o-mini-tts");
		}

		public String getVoice() {
			return this.voice;
		}

		public void setVoice(String voice) {
			this.voice = voice;
		}

		public String getFormat() {
			return this.format;
		}

		public void setFormat(String format) {
			this.format = format;
		}

	}

}
