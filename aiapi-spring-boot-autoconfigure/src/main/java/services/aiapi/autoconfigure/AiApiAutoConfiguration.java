package services.aiapi.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.reactive.function.client.WebClient;

import services.aiapi.AiApiClientBuilder;
import services.aiapi.AiApiClientSettings;
import services.aiapi.AiApiOperations;
import services.aiapi.AiApiTemplate;
import services.aiapi.AiApiWebClientCustomizer;
import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.ReactiveAiApiTemplate;
import services.aiapi.error.AiApiErrorTranslator;
import services.aiapi.http.AiApiConnectionPool;
import services.aiapi.http.ApiKey;
import services.aiapi.metrics.AiApiCallInstrumentation;
import services.aiapi.metrics.AiApiCallListener;
import services.aiapi.metrics.CallLogger;
import services.aiapi.metrics.ObservedCallInstrumentation;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.ApiKeyPool;
import services.aiapi.resilience.PooledKey;
import services.aiapi.resilience.SharedRateLimiters;
import services.aiapi.resilience.ModelFallbacks;
import services.aiapi.resilience.AiApiResilienceCustomizer;
import services.aiapi.resilience.ResilienceSettings;
import services.aiapi.resilience.SharedRateLimiter;

/**
 * Auto-configuration for the aiapi.services gateway client: the {@code aiApiWebClient} (not a default injection
 * candidate, so it never collides with the application's own {@code WebClient}) and the templates on top of it.
 */
@AutoConfiguration(afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@ConditionalOnClass(WebClient.class)
@EnableConfigurationProperties(AiApiProperties.class)
@ImportRuntimeHints(AiApiRuntimeHints.class)
public final class AiApiAutoConfiguration {

	/** Name of the gateway client bean; inject it with {@code @Qualifier}. */
	public static final String WEB_CLIENT_BEAN_NAME = "aiApiWebClient";

	@Bean
	static UnknownPropertyReporter aiApiUnknownPropertyReporter(Environment environment) {
		return new UnknownPropertyReporter(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	AiApiConnectionPool aiApiConnectionPool(AiApiProperties properties) {
		AiApiProperties.Pool pool = properties.getPool();
		return new AiApiConnectionPool(new AiApiConnectionPool.Settings(pool.getMaxConnections(),
				pool.getMaxPendingAcquires(), pool.getPendingAcquireTimeout(), pool.getMaxIdleTime(),
				pool.getMaxLifeTime()));
	}

	@Bean
	@ConditionalOnMissingBean
	AiApiErrorTranslator aiApiErrorTranslator(AiApiProperties properties, ObjectProvider<Clock> clock, ApiKey apiKey,
			AiApiResilience resilience) {
		// a gateway or proxy that echoes the key in its error message does not put it in an exception
		ApiKeyPool pool = resilience.getKeyPool();
		return new AiApiErrorTranslator(clock(clock), properties.getConnectTimeout(), properties.getReadTimeout(),
				(pool != null) ? (text) -> pool.redact(apiKey.redact(text)) : apiKey::redact);
	}

	@Bean
	@ConditionalOnMissingBean
	AiApiResilience aiApiResilience(AiApiProperties properties, ObjectProvider<AiApiResilienceCustomizer> customizers,
			ObjectProvider<ObservationRegistry> observationRegistry, ObjectProvider<Clock> clock,
			ObjectProvider<SharedRateLimiter> sharedRateLimiter, ObjectProvider<SharedRateLimiters> sharedPerKey) {
		AiApiResilience resilience = new AiApiResilience(resilienceSettings(properties), clock(clock),
				customizers.orderedStream().toList(), properties.getMaxTrackedModels());
		observationRegistry.ifAvailable(resilience::setObservationRegistry);
		if (!properties.getApiKeys().isEmpty()) {
			ApiKeyPool pool = resilience.usePool(poolEntries(properties), properties.getKeyPool().getProbeInterval());
			pool.setLowBalanceUsd(properties.getQuota().getWarnBelow());
			sharedPerKey.ifAvailable((shared) -> shared.getLimiters().forEach((name, limiter) -> {
				PooledKey key = pool.get(name);
				if (key != null) {
					key.setSharedRateLimiter(limiter);
				}
			}));
		}
		else {
			sharedRateLimiter.ifAvailable(resilience::setSharedRateLimiter);
		}
		resilience.setFallbacks(fallbacks(properties.getFallback()));
		if (properties.getTasks().getPollsPerMinute() < 1) {
			throw new AiApiConfigurationException("aiapi.tasks.polls-per-minute",
					"polls per minute must be at least 1, was " + properties.getTasks().getPollsPerMinute(),
					"Set aiapi.tasks.polls-per-minute to 1 or more.");
		}
		resilience.setTaskPollsPerMinute(properties.getTasks().getPollsPerMinute());
		return resilience;
	}

	@Bean
	@ConditionalOnMissingBean(AiApiConnectionDetails.class)
	PropertiesAiApiConnectionDetails aiApiConnectionDetails(AiApiProperties properties) {
		return new PropertiesAiApiConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	ApiKey aiApiKey(AiApiConnectionDetails connectionDetails, AiApiProperties properties) {
		if (!properties.getApiKeys().isEmpty()) {
			// with a pool, the key the client is known by is the pool's first
			return poolEntries(properties).get(0).key();
		}
		return apiKey(connectionDetails);
	}

	/**
	 * Return the keys of {@code aiapi.api-keys}, each checked, named ({@code key-<n>} when it has no name) and
	 * weighted.
	 * @param properties the properties
	 * @return the entries, in order
	 */
	static List<ApiKeyPool.Entry> poolEntries(AiApiProperties properties) {
		if (properties.getApiKey() != null && !properties.getApiKey().isBlank()) {
			throw new AiApiConfigurationException("aiapi.api-keys",
					"both aiapi.api-key and aiapi.api-keys are set; a pool replaces the single key",
					"Remove aiapi.api-key, or add it to aiapi.api-keys as one of the pool's keys.");
		}
		List<ApiKeyPool.Entry> entries = new java.util.ArrayList<>();
		java.util.Set<String> names = new java.util.HashSet<>();
		List<AiApiProperties.PooledKey> keys = properties.getApiKeys();
		for (int i = 0; i < keys.size(); i++) {
			AiApiProperties.PooledKey key = keys.get(i);
			String property = "aiapi.api-keys[" + i + "]";
			String name = (key.getName() != null && !key.getName().isBlank()) ? key.getName().strip() : "key-" + (i + 1);
			if (!names.add(name)) {
				throw new AiApiConfigurationException(property + ".name", "two keys of the pool are named '" + name + "'",
						"Give each key of aiapi.api-keys a name of its own.");
			}
			if (key.getWeight() < 1) {
				throw new AiApiConfigurationException(property + ".weight",
						"the weight of key '" + name + "' is " + key.getWeight(), "Set a weight of 1 or more.");
			}
			ApiKey apiKey;
			try {
				apiKey = ApiKey.of(key.getKey());
			}
			catch (IllegalArgumentException ex) {
				throw new AiApiConfigurationException(property + ".key", "key '" + name + "': " + ex.getMessage(),
						"Set " + property + ".key to a key created on the gateway's Tokens page: the key alone, with "
								+ "no quotes, spaces or line breaks.");
			}
			entries.add(new ApiKeyPool.Entry(name, apiKey, key.getWeight()));
		}
		return entries;
	}

	@Bean
	@ConditionalOnMissingBean
	CallLogger aiApiCallLogger() {
		return new CallLogger();
	}

	@Bean
	@ConditionalOnMissingBean
	AiApiCallInstrumentation aiApiCallInstrumentation(ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<AiApiCallListener> listeners, AiApiConnectionDetails connectionDetails,
			AiApiProperties properties, ApiKey apiKey, AiApiResilience resilience) {
		String host;
		try {
			host = java.net.URI.create(connectionDetails.getBaseUrl()).getHost();
		}
		catch (IllegalArgumentException ex) {
			host = null;
		}
		ObservedCallInstrumentation instrumentation = new ObservedCallInstrumentation(
				observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP), listeners.orderedStream().toList(),
				host);
		AiApiProperties.Tracing tracing = properties.getTracing();
		if (tracing.isIncludeContent()) {
			List<java.util.regex.Pattern> patterns = new java.util.ArrayList<>();
			for (int i = 0; i < tracing.getRedactPatterns().size(); i++) {
				try {
					patterns.add(java.util.regex.Pattern.compile(tracing.getRedactPatterns().get(i)));
				}
				catch (java.util.regex.PatternSyntaxException ex) {
					throw new AiApiConfigurationException("aiapi.tracing.redact-patterns[" + i + "]",
							"not a regular expression: " + ex.getDescription(),
							"Write a Java regular expression, such as [\\w.+-]+@[\\w-]+\\.[\\w.]+ for e-mail addresses.");
				}
			}
			ApiKeyPool pool = resilience.getKeyPool();
			instrumentation.setSpanContent(new services.aiapi.metrics.SpanContent(
					(text) -> (pool != null) ? pool.redact(apiKey.redact(text)) : apiKey.redact(text), patterns,
					Math.max(1, tracing.getMaxContentLength())));
		}
		return instrumentation;
	}

	@Bean(name = WEB_CLIENT_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = WEB_CLIENT_BEAN_NAME)
	WebClient aiApiWebClient(AiApiProperties properties, AiApiConnectionDetails connectionDetails, ApiKey apiKey,
			ObjectProvider<WebClient.Builder> builderProvider,
			AiApiConnectionPool pool, AiApiErrorTranslator translator, AiApiResilience resilience,
			ObjectProvider<AiApiWebClientCustomizer> customizers, ObjectProvider<SslBundles> sslBundles,
			Environment environment, ResourceLoader resourceLoader) {
		// Boot's builder carries the application's codecs, SSL and observations; a bare builder is only the
		// fallback for applications that use this module without spring-boot-webclient.
		AiApiClientBuilder builder = clientBuilder(properties, connectionDetails, apiKey, translator, resilience)
			.webClientBuilder(builderProvider.getIfAvailable(WebClient::builder))
			.connector(pool.connector(properties.getConnectTimeout(), properties.getReadTimeout(),
					sslBundle(properties, environment, sslBundles), proxy(properties.getProxy()),
					callerThread(properties, resourceLoader.getClassLoader())));
		customizers.orderedStream().forEach((customizer) -> builder.customize(customizer::customize));
		return builder.buildWebClient();
	}

	@Bean
	@ConditionalOnMissingBean(ReactiveAiApiOperations.class)
	ReactiveAiApiTemplate reactiveAiApiTemplate(@Qualifier(WEB_CLIENT_BEAN_NAME) WebClient webClient,
			AiApiProperties properties, AiApiConnectionDetails connectionDetails, ApiKey apiKey,
			AiApiErrorTranslator translator, AiApiResilience resilience, AiApiCallInstrumentation instrumentation) {
		return clientBuilder(properties, connectionDetails, apiKey, translator, resilience)
			.instrumentation(instrumentation)
			.httpRequestObservations(properties.isHttpRequestObservations())
			.buildReactiveTemplate(webClient);
	}

	// The starter's own connector (its pool and timeouts) replaces Boot's, so the bundle Boot's clients would use is
	// applied here: aiapi.ssl.bundle, else spring.http.clients.ssl.bundle.
	private static @Nullable SslBundle sslBundle(AiApiProperties properties, Environment environment,
			ObjectProvider<SslBundles> sslBundles) {
		String property = (properties.getSsl().getBundle() != null) ? "aiapi.ssl.bundle" : "spring.http.clients.ssl.bundle";
		String name = (properties.getSsl().getBundle() != null) ? properties.getSsl().getBundle()
				: environment.getProperty(property);
		if (name == null || name.isBlank()) {
			return null;
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new AiApiConfigurationException(property, "SSL bundle '" + name + "' is named but no SSL bundles exist",
					"Define it under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name + ".");
		}
		try {
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			String closest = Closest.to(name, bundles.getBundleNames());
			throw new AiApiConfigurationException(property, "there is no SSL bundle named '" + name + "'"
					+ ((closest != null) ? " (did you mean '" + closest + "'?)" : ""),
					"Define it under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
							+ ", or correct " + property + ((bundles.getBundleNames().isEmpty()) ? "."
									: " (configured bundles: " + String.join(", ", bundles.getBundleNames()) + ")."));
		}
	}

	private static boolean callerThread(AiApiProperties properties, @Nullable ClassLoader loader) {
		AiApiProperties.BlockingTransport transport = properties.getBlockingTransport();
		if (transport == null) {
			return AiApiConnectionPool.isCallerThreadAvailable(loader);
		}
		if (transport == AiApiProperties.BlockingTransport.CALLER_THREAD
				&& !AiApiConnectionPool.isCallerThreadAvailable(loader)) {
			throw new AiApiConfigurationException("aiapi.blocking-transport",
					"caller-thread needs Apache HttpClient 5, which is not on the classpath",
					"Add org.apache.httpcomponents.client5:httpclient5 (aiapi-spring-boot-starter brings it), or set "
							+ "aiapi.blocking-transport=event-loop.");
		}
		return transport == AiApiProperties.BlockingTransport.CALLER_THREAD;
	}

	private static AiApiConnectionPool.@Nullable Proxy proxy(AiApiProperties.Proxy proxy) {
		if (proxy.getHost() == null || proxy.getHost().isBlank()) {
			return null;
		}
		if (proxy.getUsername() != null && proxy.getPassword() == null) {
			throw new AiApiConfigurationException("aiapi.proxy.password", "a proxy user name is set but no password",
					"Set aiapi.proxy.password, or remove aiapi.proxy.username.");
		}
		return new AiApiConnectionPool.Proxy(proxy.getType(), proxy.getHost().strip(), proxy.getPort(),
				proxy.getUsername(), proxy.getPassword(), proxy.getNonProxyHosts());
	}

	private static AiApiClientBuilder clientBuilder(AiApiProperties properties,
			AiApiConnectionDetails connectionDetails, ApiKey apiKey, AiApiErrorTranslator translator,
			AiApiResilience resilience) {
		return AiApiClientBuilder.create(connectionDetails.getBaseUrl(), apiKey)
			.settings(settings(properties))
			.translator(translator)
			.resilience(resilience);
	}

	@Bean
	@ConditionalOnMissingBean(AiApiOperations.class)
	AiApiTemplate aiApiTemplate(ReactiveAiApiOperations reactiveAiApiOperations) {
		return new AiApiTemplate(reactiveAiApiOperations);
	}

	/**
	 * Return the application's one {@link Clock} bean, if it has one (a fixed clock in tests), else the system
	 * clock in UTC. {@code Retry-After} dates, breaker timing and the health cache are read on it.
	 * @param clock the application's clocks
	 * @return the clock
	 */
	static Clock clock(ObjectProvider<Clock> clock) {
		return clock.getIfUnique(Clock::systemUTC);
	}

	static AiApiClientSettings settings(AiApiProperties properties) {
		return new AiApiClientSettings(properties.getDefaultModel(), properties.getDefaultEmbeddingModel(),
				properties.getReadTimeout(), properties.getStreamIdleTimeout(),
				(int) Math.min(Integer.MAX_VALUE, properties.getMaxResponseSize().toBytes()),
				properties.getTasks().getPollInterval(), properties.getTasks().getAwaitTimeout(),
				properties.getTimeout(), properties.getMaxUploadSize().toBytes());
	}

	static ResilienceSettings resilienceSettings(AiApiProperties properties) {
		AiApiProperties.Retry retry = properties.getRetry();
		AiApiProperties.RateLimiter rateLimiter = properties.getRateLimiter();
		AiApiProperties.CircuitBreaker breaker = properties.getCircuitBreaker();
		return new ResilienceSettings(
				new ResilienceSettings.Retry(retry.isEnabled(), retry.getMaxAttempts(), retry.getWaitDuration(),
						retry.getExponentialBackoffMultiplier(), retry.getRandomizationFactor(),
						retry.getMaxWaitDuration(), retry.getMaxRetryAfter(), retry.getMaxTotalWait(),
						retry.isRetryTaskSubmissionOnTimeout()),
				new ResilienceSettings.RateLimiter(rateLimiter.isEnabled(), rateLimiter.getLimitForPeriod(),
						rateLimiter.getLimitRefreshPeriod(), rateLimiter.getTimeoutDuration(), rateLimiter.isAdaptive()),
				new ResilienceSettings.CircuitBreaker(breaker.isEnabled(), breaker.getFailureRateThreshold(),
						breaker.getSlidingWindowSize(), breaker.getMinimumNumberOfCalls(),
						breaker.getWaitDurationInOpenState(), breaker.getPermittedNumberOfCallsInHalfOpenState()));
	}

	static ModelFallbacks fallbacks(AiApiProperties.Fallback fallback) {
		if (fallback.getChains().isEmpty()) {
			return ModelFallbacks.NONE;
		}
		Map<String, List<String>> chains = new LinkedHashMap<>();
		fallback.getChains().forEach((model, value) -> {
			List<String> next = ModelFallbacks.parse(value);
			if (model.isBlank() || next.isEmpty()) {
				throw new AiApiConfigurationException("aiapi.fallback.chains." + model,
						"the fallback chain of '" + model + "' names no model",
						"Give each model a comma-separated list of the models to try after it, e.g. "
								+ "aiapi.fallback.chains.gpt-4o=gpt-4o-mini,gemini-2.5-flash");
			}
			chains.put(model, next);
		});
		return new ModelFallbacks(chains, fallback.isOnContentFilter());
	}

	static ApiKey apiKey(AiApiConnectionDetails connectionDetails) {
		try {
			return ApiKey.of(connectionDetails.getApiKey());
		}
		catch (IllegalArgumentException ex) {
			throw new AiApiConfigurationException("aiapi.api-key", ex.getMessage(),
					"Set aiapi.api-key (for example through the AIAPI_API_KEY environment variable) to the key "
							+ "created on the gateway's Tokens page: the key alone, with no quotes, spaces or line breaks.");
		}
	}

}
