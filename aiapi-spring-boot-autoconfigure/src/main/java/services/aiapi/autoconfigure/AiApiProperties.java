package services.aiapi.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import services.aiapi.http.AiApiConnectionPool;
import services.aiapi.resilience.ResilienceSettings;

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
	 * Several API keys used as one pool, instead of api-key: each with an optional name (shown, and tagged on
	 * metrics, instead of the key) and weight. A call takes the usable key with the most headroom and moves to
	 * another when its key runs out of quota, is revoked, or is rate-limited while another is free.
	 */
	private List<PooledKey> apiKeys = new ArrayList<>();

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
	 * Largest multipart upload (an audio file to transcribe, images to edit), all its parts together. A larger one
	 * is refused before anything is sent.
	 */
	private DataSize maxUploadSize = DataSize.ofMegabytes(100);

	/**
	 * Whether a plain-http base URL to a host other than loopback is allowed. The API key would travel in clear
	 * text.
	 */
	private boolean allowInsecureHttp;

	/**
	 * Whether each HTTP request of the templates is also observed as Spring's "http.client.requests" (a timer per
	 * request and, with tracing, a span and trace headers sent to the gateway). Off, each call is one observation,
	 * "aiapi.client.calls"; requests made directly with the starter's WebClient are observed either way.
	 */
	private boolean httpRequestObservations;

	/**
	 * How the blocking template's calls reach the gateway: "caller-thread" sends each request and reads its answer
	 * on the calling thread (Apache HttpClient 5, with the same pool, timeouts, SSL bundle and HTTP proxy), without
	 * two thread hand-offs per call; "event-loop" hands each call to Reactor Netty and waits. Unset: caller-thread
	 * when httpclient5 is on the classpath (the starter brings it). Streams, retries after a backoff and SOCKS5
	 * proxies use the event loop either way.
	 */
	private @Nullable BlockingTransport blockingTransport;

	/**
	 * Longest time a whole call may take, all attempts, retry waits and the reading of its body included; for a
	 * stream, the longest wait for its first chunk.
	 */
	private Duration timeout = Duration.ofMinutes(3);

	/**
	 * Distinct model names that get a circuit breaker and meters of their own; later names share "other".
	 */
	private int maxTrackedModels = 100;

	private final Pool pool = new Pool();

	private final Tasks tasks = new Tasks();

	private final Retry retry = new Retry();

	private final Health health = new Health();

	private final Ssl ssl = new Ssl();

	private final Proxy proxy = new Proxy();

	private final ProblemDetails problemDetails = new ProblemDetails();

	private final Quota quota = new Quota();

	private final RateLimiter rateLimiter = new RateLimiter();

	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	private final Fallback fallback = new Fallback();

	private final KeyPool keyPool = new KeyPool();

	private final Tracing tracing = new Tracing();

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

	public List<PooledKey> getApiKeys() {
		return this.apiKeys;
	}

	public void setApiKeys(List<PooledKey> apiKeys) {
		this.apiKeys = apiKeys;
	}

	public KeyPool getKeyPool() {
		return this.keyPool;
	}

	public Tracing getTracing() {
		return this.tracing;
	}

	/**
	 * What a call's span carries beyond its GenAI attributes.
	 */
	public static class Tracing {

		/**
		 * Whether a call's span carries the prompt and completion text (gen_ai.prompt, gen_ai.completion), with every
		 * API key masked and each redact pattern replaced by [REDACTED]. Content may be personal data: off by default.
		 */
		private boolean includeContent;

		/**
		 * Regular expressions whose matches are redacted from the content on spans, such as e-mail addresses.
		 */
		private List<String> redactPatterns = new ArrayList<>();

		/**
		 * The most characters of each text kept on a span.
		 */
		private int maxContentLength = 4096;

		public boolean isIncludeContent() {
			return this.includeContent;
		}

		public void setIncludeContent(boolean includeContent) {
			this.includeContent = includeContent;
		}

		public List<String> getRedactPatterns() {
			return this.redactPatterns;
		}

		public void setRedactPatterns(List<String> redactPatterns) {
			this.redactPatterns = redactPatterns;
		}

		public int getMaxContentLength() {
			return this.maxContentLength;
		}

		public void setMaxContentLength(int maxContentLength) {
			this.maxContentLength = maxContentLength;
		}

	}

	/**
	 * One key of the pool.
	 */
	public static class PooledKey {

		/**
		 * Name the key is shown and tagged by; key-1, key-2 ... by position when not set.
		 */
		private @Nullable String name;

		/**
		 * The API key.
		 */
		private @Nullable String key;

		/**
		 * Share of the calls this key takes among keys with the same headroom.
		 */
		private int weight = 1;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public int getWeight() {
			return this.weight;
		}

		public void setWeight(int weight) {
			this.weight = weight;
		}

		@Override
		public String toString() {
			return "PooledKey[" + this.name + "]";
		}

	}

	/**
	 * Key pool properties.
	 */
	public static class KeyPool {

		/**
		 * Wait before a key that is out of the pool (revoked, or its quota spent with no balance read showing
		 * money since) is given one probe call.
		 */
		private Duration probeInterval = Duration.ofMinutes(5);

		public Duration getProbeInterval() {
			return this.probeInterval;
		}

		public void setProbeInterval(Duration probeInterval) {
			this.probeInterval = probeInterval;
		}

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

	public DataSize getMaxUploadSize() {
		return this.maxUploadSize;
	}

	public void setMaxUploadSize(DataSize maxUploadSize) {
		this.maxUploadSize = maxUploadSize;
	}

	public @Nullable BlockingTransport getBlockingTransport() {
		return this.blockingTransport;
	}

	public void setBlockingTransport(@Nullable BlockingTransport blockingTransport) {
		this.blockingTransport = blockingTransport;
	}

	public boolean isHttpRequestObservations() {
		return this.httpRequestObservations;
	}

	public void setHttpRequestObservations(boolean httpRequestObservations) {
		this.httpRequestObservations = httpRequestObservations;
	}

	public boolean isAllowInsecureHttp() {
		return this.allowInsecureHttp;
	}

	public void setAllowInsecureHttp(boolean allowInsecureHttp) {
		this.allowInsecureHttp = allowInsecureHttp;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public int getMaxTrackedModels() {
		return this.maxTrackedModels;
	}

	public void setMaxTrackedModels(int maxTrackedModels) {
		this.maxTrackedModels = maxTrackedModels;
	}

	public Pool getPool() {
		return this.pool;
	}

	public Tasks getTasks() {
		return this.tasks;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Quota getQuota() {
		return this.quota;
	}

	public ProblemDetails getProblemDetails() {
		return this.problemDetails;
	}

	public Proxy getProxy() {
		return this.proxy;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Health getHealth() {
		return this.health;
	}

	public RateLimiter getRateLimiter() {
		return this.rateLimiter;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * Connection pool properties.
	 */
	public Fallback getFallback() {
		return this.fallback;
	}

	/**
	 * Model fallback chains.
	 */
	public static class Fallback {

		/**
		 * Models to try, in order, after each model, as a comma-separated list: when a call's model fails in a
		 * way another model may not (breaker open, no channel, retries spent on 5xx or 429), the same request goes
		 * to the next. Model names with dots work as keys, e.g. aiapi.fallback.chains.gemini-2.5-pro=gpt-4o.
		 */
		private Map<String, String> chains = new LinkedHashMap<>();

		/**
		 * Whether a content-filter refusal moves a call on to the next model too.
		 */
		private boolean onContentFilter;

		public Map<String, String> getChains() {
			return this.chains;
		}

		public void setChains(Map<String, String> chains) {
			this.chains = chains;
		}

		public boolean isOnContentFilter() {
			return this.onContentFilter;
		}

		public void setOnContentFilter(boolean onContentFilter) {
			this.onContentFilter = onContentFilter;
		}

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

		/**
		 * Task polls this instance may send per minute: their own budget, apart from the calls' rate limiter, so
		 * that awaiting tasks never takes the permits chat needs.
		 */
		private int pollsPerMinute = 60;

		public int getPollsPerMinute() {
			return this.pollsPerMinute;
		}

		public void setPollsPerMinute(int pollsPerMinute) {
			this.pollsPerMinute = pollsPerMinute;
		}

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


	/**
	 * Retry properties, in Resilience4j's vocabulary.
	 */
	public static class Retry {

		/**
		 * Whether failed calls that may succeed later (429, 5xx, connection failures) are retried.
		 */
		private boolean enabled = true;

		/**
		 * Attempts in all, the first included: 4 is the gateway's recommended 3 retries.
		 */
		private int maxAttempts = 4;

		/**
		 * First backoff wait; later waits grow by the multiplier (1 s, 2 s, 4 s by default), with jitter.
		 */
		private Duration waitDuration = Duration.ofSeconds(1);

		/**
		 * Multiplier of the exponential backoff.
		 */
		private double exponentialBackoffMultiplier = 2;

		/**
		 * Jitter as a fraction of each backoff wait.
		 */
		private double randomizationFactor = 0.2;

		/**
		 * Longest backoff wait.
		 */
		private Duration maxWaitDuration = Duration.ofSeconds(30);

		/**
		 * Longest wait asked by the server (Retry-After and alike) that is honoured; a longer one fails the call
		 * at once with the exception that carries it.
		 */
		private Duration maxRetryAfter = ResilienceSettings.DEFAULT_MAX_RETRY_AFTER;

		/**
		 * Longest a call spends waiting between its attempts, backoff and server-requested waits added; a retry
		 * whose wait would pass it is not made, and the call fails with the last failure.
		 */
		private Duration maxTotalWait = ResilienceSettings.DEFAULT_MAX_TOTAL_WAIT;

		/**
		 * Whether a video task submission that may have reached the gateway (timeout, connection lost after
		 * sending) is retried. The gateway charges at submission, so a retry can charge twice.
		 */
		private boolean retryTaskSubmissionOnTimeout;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getWaitDuration() {
			return this.waitDuration;
		}

		public void setWaitDuration(Duration waitDuration) {
			this.waitDuration = waitDuration;
		}

		public double getExponentialBackoffMultiplier() {
			return this.exponentialBackoffMultiplier;
		}

		public void setExponentialBackoffMultiplier(double exponentialBackoffMultiplier) {
			this.exponentialBackoffMultiplier = exponentialBackoffMultiplier;
		}

		public double getRandomizationFactor() {
			return this.randomizationFactor;
		}

		public void setRandomizationFactor(double randomizationFactor) {
			this.randomizationFactor = randomizationFactor;
		}

		public Duration getMaxWaitDuration() {
			return this.maxWaitDuration;
		}

		public void setMaxWaitDuration(Duration maxWaitDuration) {
			this.maxWaitDuration = maxWaitDuration;
		}

		public Duration getMaxRetryAfter() {
			return this.maxRetryAfter;
		}

		public void setMaxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
		}

		public Duration getMaxTotalWait() {
			return this.maxTotalWait;
		}

		public void setMaxTotalWait(Duration maxTotalWait) {
			this.maxTotalWait = maxTotalWait;
		}

		public boolean isRetryTaskSubmissionOnTimeout() {
			return this.retryTaskSubmissionOnTimeout;
		}

		public void setRetryTaskSubmissionOnTimeout(boolean retryTaskSubmissionOnTimeout) {
			this.retryTaskSubmissionOnTimeout = retryTaskSubmissionOnTimeout;
		}

	}

	/**
	 * Client-side rate limiter properties.
	 */
	public static class RateLimiter {

		/**
		 * Whether calls pass a client-side rate limiter.
		 */
		private boolean enabled = true;

		/**
		 * Calls permitted per refresh period; 60 per minute is the limit in the gateway's documentation.
		 */
		private int limitForPeriod = 60;

		/**
		 * Period after which the permits are renewed.
		 */
		private Duration limitRefreshPeriod = Duration.ofMinutes(1);

		/**
		 * Longest wait of a call for a permit before it fails with ClientRateLimitedException.
		 */
		private Duration timeoutDuration = Duration.ofSeconds(10);

		/**
		 * Whether the gateway's X-RateLimit-* headers adjust the limit and pause calls until the advertised reset.
		 */
		private boolean adaptive = true;

		/**
		 * One limit for every instance that uses the key, kept in Redis.
		 */
		private final Shared shared = new Shared();

		public Shared getShared() {
			return this.shared;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getLimitForPeriod() {
			return this.limitForPeriod;
		}

		public void setLimitForPeriod(int limitForPeriod) {
			this.limitForPeriod = limitForPeriod;
		}

		public Duration getLimitRefreshPeriod() {
			return this.limitRefreshPeriod;
		}

		public void setLimitRefreshPeriod(Duration limitRefreshPeriod) {
			this.limitRefreshPeriod = limitRefreshPeriod;
		}

		public Duration getTimeoutDuration() {
			return this.timeoutDuration;
		}

		public void setTimeoutDuration(Duration timeoutDuration) {
			this.timeoutDuration = timeoutDuration;
		}

		public boolean isAdaptive() {
			return this.adaptive;
		}

		public void setAdaptive(boolean adaptive) {
			this.adaptive = adaptive;
		}

	}

	/**
	 * The rate limit shared through Redis by every instance that uses the key.
	 */
	public static class Shared {

		/**
		 * Whether the limit (aiapi.rate-limiter.limit-for-period per limit-refresh-period) is shared through Redis
		 * by every instance that uses the key. Needs com.bucket4j:bucket4j_jdk17-lettuce and Spring Boot's Redis
		 * support (spring-boot-starter-data-redis) or redis-url.
		 */
		private boolean enabled;

		/**
		 * Redis of the shared limit, such as redis://localhost:6379; the application's Redis
		 * (spring.data.redis.*) when unset.
		 */
		private @Nullable String redisUrl;

		/**
		 * Longest Redis may take to grant a permit; after it, the call keeps to this instance's own limit.
		 */
		private Duration commandTimeout = Duration.ofMillis(50);

		/**
		 * How often an instance that fell back to its own limit tries Redis again.
		 */
		private Duration recheckInterval = Duration.ofSeconds(5);

		/**
		 * Prefix of the Redis keys, followed by a hash of the API key (never the key itself).
		 */
		private String keyPrefix = "aiapi:ratelimit:";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getRedisUrl() {
			return this.redisUrl;
		}

		public void setRedisUrl(@Nullable String redisUrl) {
			this.redisUrl = redisUrl;
		}

		public Duration getCommandTimeout() {
			return this.commandTimeout;
		}

		public void setCommandTimeout(Duration commandTimeout) {
			this.commandTimeout = commandTimeout;
		}

		public Duration getRecheckInterval() {
			return this.recheckInterval;
		}

		public void setRecheckInterval(Duration recheckInterval) {
			this.recheckInterval = recheckInterval;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

	}

	/**
	 * Circuit breaker properties, shared by the breaker of each model.
	 */
	public static class CircuitBreaker {

		/**
		 * Whether calls pass a circuit breaker per model.
		 */
		private boolean enabled = true;

		/**
		 * Failure rate, in percent, at or above which a breaker opens.
		 */
		private float failureRateThreshold = 50;

		/**
		 * Attempts in the count-based sliding window the failure rate is computed over (each retry is one).
		 */
		private int slidingWindowSize = ResilienceSettings.DEFAULT_SLIDING_WINDOW_SIZE;

		/**
		 * Attempts a breaker needs in its window before the failure rate can open it.
		 */
		private int minimumNumberOfCalls = ResilienceSettings.DEFAULT_MINIMUM_NUMBER_OF_CALLS;

		/**
		 * How long an open breaker fails calls at once before letting probe calls through.
		 */
		private Duration waitDurationInOpenState = Duration.ofSeconds(30);

		/**
		 * Probe calls let through while half open.
		 */
		private int permittedNumberOfCallsInHalfOpenState = 3;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public int getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public Duration getWaitDurationInOpenState() {
			return this.waitDurationInOpenState;
		}

		public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
			this.waitDurationInOpenState = waitDurationInOpenState;
		}

		public int getPermittedNumberOfCallsInHalfOpenState() {
			return this.permittedNumberOfCallsInHalfOpenState;
		}

		public void setPermittedNumberOfCallsInHalfOpenState(int permittedNumberOfCallsInHalfOpenState) {
			this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
		}

	}

	/**
	 * Health indicator properties.
	 */
	public static class Health {

		/**
		 * Longest wait for the health probe (GET /v1/models) before the gateway is reported DOWN.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		/**
		 * How long a probe result is reused before the gateway is probed again.
		 */
		private Duration cacheTtl = Duration.ofSeconds(30);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getCacheTtl() {
			return this.cacheTtl;
		}

		public void setCacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
		}

	}

	/**
	 * TLS settings of the client.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) that holds the trust material for the gateway, such as a
		 * private CA in front of it; when unset, the bundle of spring.http.clients.ssl.bundle applies, if any.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * A proxy between the application and the gateway.
	 */
	public static class Proxy {

		/**
		 * Host of the proxy; no proxy is used when unset.
		 */
		private @Nullable String host;

		/**
		 * Port of the proxy.
		 */
		private int port = 8080;

		/**
		 * Kind of proxy: an HTTP proxy (CONNECT tunnel) or SOCKS5.
		 */
		private AiApiConnectionPool.ProxyType type = AiApiConnectionPool.ProxyType.HTTP;

		/**
		 * User name for the proxy, when it asks for one.
		 */
		private @Nullable String username;

		/**
		 * Password for the proxy.
		 */
		private @Nullable String password;

		/**
		 * Hosts reached directly rather than through the proxy, in the JDK's http.nonProxyHosts syntax, such as
		 * "localhost|*.internal".
		 */
		private @Nullable String nonProxyHosts;

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public AiApiConnectionPool.ProxyType getType() {
			return this.type;
		}

		public void setType(AiApiConnectionPool.ProxyType type) {
			this.type = type;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public @Nullable String getNonProxyHosts() {
			return this.nonProxyHosts;
		}

		public void setNonProxyHosts(@Nullable String nonProxyHosts) {
			this.nonProxyHosts = nonProxyHosts;
		}

	}

	/**
	 * Problem details for web applications.
	 */
	public static class ProblemDetails {

		/**
		 * Whether the starter's exceptions that reach a controller are answered with RFC 9457 problem details
		 * (MVC and WebFlux), with a status that says whose problem it is and Retry-After when a wait is known.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * The key's balance, from the gateway's billing routes.
	 */
	public static class Quota {

		/**
		 * Whether the key's balance is read from the gateway's billing routes on a schedule, for gauges and health
		 * details.
		 */
		private boolean enabled;

		/**
		 * How often the billing routes are read; never more often than every 30 seconds.
		 */
		private Duration refreshInterval = Duration.ofMinutes(5);

		/**
		 * Remaining amount, in the gateway's display unit, below which the balance is low: one WARN log, and the
		 * aiapi health component reports LOW_QUOTA (HTTP 200). Unset by default: then only an exhausted balance is
		 * low.
		 */
		private @Nullable Double warnBelow;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		public @Nullable Double getWarnBelow() {
			return this.warnBelow;
		}

		public void setWarnBelow(@Nullable Double warnBelow) {
			this.warnBelow = warnBelow;
		}

	}

	/**
	 * How the blocking template's calls reach the gateway.
	 */
	public enum BlockingTransport {

		/** Request sent and answer read on the calling thread (Apache HttpClient 5). */
		CALLER_THREAD,

		/** Each call handed to Reactor Netty's event loop, the caller waiting for its answer. */
		EVENT_LOOP

	}

}
