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

	public Chat getChat() {
		return this.chat;
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
	 * The {@code EmbeddingModel}.
	 */
	public static class Embedding {

		/**
		 * Whether to provide a Spring AI EmbeddingModel backed by the starter.
		 */
		private boolean enabled = true;

		/**
		 * Embedding model for Spring AI calls that name none.
		 */
		private String model = "text-embedding-3-small";

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

}
