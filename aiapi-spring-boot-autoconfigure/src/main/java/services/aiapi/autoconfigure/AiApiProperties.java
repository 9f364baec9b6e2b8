package services.aiapi.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for the aiapi.services gateway client.
 */
@ConfigurationProperties("aiapi")
public class AiApiProperties {

	/**
	 * Base URL of the gateway, without the /v1 path.
	 */
	private String baseUrl = "https://aiapi.services";

	/**
	 * API key created on the gateway's Tokens page. Whitespace around it and a pasted "Bearer " prefix are
	 * removed.
	 */
	private @Nullable String apiKey;

	/**
	 * Chat model used when a request names none, such as gemini-2.5-flash.
	 */
	private @Nullable String defaultModel;

	/**
	 * Embedding model used when a request names none.
	 */
	private @Nullable String defaultEmbeddingModel;

	/**
	 * Longest wait to open a connection to the gateway.
	 */
	private Duration connectTimeout = Duration.ofSeconds(10);

	/**
	 * Longest wait for a response, and between two reads of it. The gateway recommends 30 to 60 seconds.
	 */
	private Duration readTimeout = Duration.ofSeconds(60);

	/**
	 * Longest silence between two lines of a streamed answer before the stream fails with a timeout.
	 */
	private Duration streamIdleTimeout = Duration.ofSeconds(30);

	/**
	 * Largest response body held in memory, and longest line of a stream.
	 */
	private DataSize maxResponseSize = DataSize.ofMegabytes(16);

	/**
	 * Whether a plain-http base URL to a host other than loopback is allowed. The API key would travel in clear
	 * text.
	 */
	private boolean allowInsecureHttp;

	private final Pool pool = new Pool();

	private final Tasks tasks = new Tasks();

	public String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = apiKey;
	}

	public @Nullable String getDefaultModel() {
		return this.defaultModel;
	}

	public void setDefaultModel(@Nullable String defaultModel) {
		this.defaultModel = defaultModel;
	}

	public @Nullable String getDefaultEmbeddingModel() {
		return this.defaultEmbeddingModel;
	}

	public void setDefaultEmbeddingModel(@Nullable String defaultEmbeddingModel) {
		this.defaultEmbeddingModel = defaultEmbeddingModel;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public Duration getStreamIdleTimeout() {
		return this.streamIdleTimeout;
	}

	public void setStreamIdleTimeout(Duration streamIdleTimeout) {
		this.streamIdleTimeout = streamIdleTimeout;
	}

	public DataSize getMaxResponseSize() {
		return this.maxResponseSize;
	}

	public void setMaxResponseSize(DataSize maxResponseSize) {
		this.maxResponseSize = maxResponseSize;
	}

	public boolean isAllowInsecureHttp() {
		return this.allowInsecureHttp;
	}

	public void setAllowInsecureHttp(boolean allowInsecureHttp) {
		this.allowInsecureHttp = allowInsecureHttp;
	}

	public Pool getPool() {
		return this.pool;
	}

	public Tasks getTasks() {
		return this.tasks;
	}

	/**
	 * Connection pool properties.
	 */
	public static class Pool {

		/**
		 * Most connections open to the gateway at once.
		 */
		private int maxConnections = 200;

		/**
		 * Most calls waiting for a free connection; one more fails at once with ConnectionPoolExhaustedException.
		 */
		private int maxPendingAcquires = 1000;

		/**
		 * Longest wait for a free connection.
		 */
		private Duration pendingAcquireTimeout = Duration.ofSeconds(30);

		/**
		 * Idle time after which a pooled connection is closed; keep it below the keep-alive timeout of any
		 * load balancer or proxy in front of the gateway.
		 */
		private Duration maxIdleTime = Duration.ofSeconds(20);

		/**
		 * Longest life of a pooled connection.
		 */
		private Duration maxLifeTime = Duration.ofMinutes(5);

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public int getMaxPendingAcquires() {
			return this.maxPendingAcquires;
		}

		public void setMaxPendingAcquires(int maxPendingAcquires) {
			this.maxPendingAcquires = maxPendingAcquires;
		}

		public Duration getPendingAcquireTimeout() {
			return this.pendingAcquireTimeout;
		}

		public void setPendingAcquireTimeout(Duration pendingAcquireTimeout) {
			this.pendingAcquireTimeout = pendingAcquireTimeout;
		}

		public Duration getMaxIdleTime() {
			return this.maxIdleTime;
		}

		public void setMaxIdleTime(Duration maxIdleTime) {
			this.maxIdleTime = maxIdleTime;
		}

		public Duration getMaxLifeTime() {
			return this.maxLifeTime;
		}

		public void setMaxLifeTime(Duration maxLifeTime) {
			this.maxLifeTime = maxLifeTime;
		}

	}

	/**
	 * Async task properties.
	 */
	public static class Tasks {

		/**
		 * Wait between two polls of a task being awaited. The gateway refreshes tasks about every 15 seconds.
		 */
		private Duration pollInterval = Duration.ofSeconds(10);

		/**
		 * Longest wait for an awaited task to finish.
		 */
		private Duration awaitTimeout = Duration.ofMinutes(30);

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public Duration getAwaitTimeout() {
			return this.awaitTimeout;
		}

		public void setAwaitTimeout(Duration awaitTimeout) {
			this.awaitTimeout = awaitTimeout;
		}

	}

}
