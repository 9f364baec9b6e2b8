package services.aiapi;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;

import services.aiapi.error.AiApiErrorTranslator;
import services.aiapi.http.ApiKey;
import services.aiapi.http.CallPipeline;
import services.aiapi.metrics.AiApiCallInstrumentation;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.ApiKeyPool;
import services.aiapi.resilience.PooledKey;
import services.aiapi.resilience.ResilienceSettings;

/**
 * The one way the starter's client is assembled — by the auto-configuration, by tests, and by applications that
 * build it themselves: a {@code WebClient} with the gateway's base URL, the key sent as the request is written,
 * typed errors and (for direct users of that {@code WebClient}) resilience per exchange; and the templates on top
 * of it, which wrap each whole logical call in the same resilience instead.
 *
 * <pre class="code">
 * AiApiTemplate aiApi = AiApiClientBuilder.create("https://aiapi.services", System.getenv("AIAPI_API_KEY"))
 *     .buildTemplate();
 * </pre>
 */
public final class AiApiClientBuilder {

	private final String baseUrl;

	private final ApiKey apiKey;

	private WebClient.Builder webClientBuilder = WebClient.builder();

	private @Nullable ClientHttpConnector connector;

	private AiApiClientSettings settings = AiApiClientSettings.defaults();

	private Clock clock = Clock.systemUTC();

	private Duration connectTimeout = Duration.ofSeconds(10);

	private @Nullable AiApiErrorTranslator translator;

	private @Nullable AiApiResilience resilience;

	private AiApiCallInstrumentation instrumentation = AiApiCallInstrumentation.NONE;

	private final List<Consumer<WebClient.Builder>> customizers = new ArrayList<>();

	private boolean httpRequestObservations;

	private AiApiClientBuilder(String baseUrl, ApiKey apiKey) {
		this.baseUrl = baseUrl;
		this.apiKey = apiKey;
	}

	/**
	 * Start building a client.
	 * @param baseUrl the gateway's address, such as {@code https://aiapi.services}, without {@code /v1}
	 * @param apiKey the API key (see {@link ApiKey#of(String)} for how it is normalised)
	 * @return the builder
	 */
	public static AiApiClientBuilder create(String baseUrl, String apiKey) {
		return create(baseUrl, ApiKey.of(apiKey));
	}

	/**
	 * Start building a client.
	 * @param baseUrl the gateway's address, without {@code /v1}
	 * @param apiKey the API key
	 * @return the builder
	 */
	public static AiApiClientBuilder create(String baseUrl, ApiKey apiKey) {
		Assert.hasText(baseUrl, "Base URL must not be empty");
		Assert.notNull(apiKey, "ApiKey must not be null");
		return new AiApiClientBuilder(withoutApiPath(baseUrl), apiKey);
	}

	/**
	 * Return the base URL without trailing slashes and without a trailing {@code /v1}: the client adds the path,
	 * so {@code https://aiapi.services/v1/} and {@code https://aiapi.services} call the same endpoints.
	 * @param baseUrl the base URL
	 * @return the base URL the client is built with
	 */
	public static String withoutApiPath(String baseUrl) {
		String text = baseUrl.strip();
		while (text.endsWith("/")) {
			text = text.substring(0, text.length() - 1);
		}
		return text.endsWith("/v1") ? text.substring(0, text.length() - 3) : text;
	}

	/**
	 * Return the base URL the client is built with.
	 * @return the base URL, without a trailing slash or {@code /v1}
	 */
	public String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * Use this {@code WebClient.Builder}, such as Spring Boot's (it carries the application's codecs, SSL and
	 * observations). It is cloned, never changed.
	 * @param webClientBuilder the builder
	 * @return this builder
	 */
	public AiApiClientBuilder webClientBuilder(WebClient.Builder webClientBuilder) {
		Assert.notNull(webClientBuilder, "WebClient.Builder must not be null");
		this.webClientBuilder = webClientBuilder;
		return this;
	}

	/**
	 * Use this connector, such as one of an {@code AiApiConnectionPool}.
	 * @param connector the connector
	 * @return this builder
	 */
	public AiApiClientBuilder connector(ClientHttpConnector connector) {
		this.connector = connector;
		return this;
	}

	/**
	 * Use these defaults and timeouts.
	 * @param settings the settings
	 * @return this builder
	 */
	public AiApiClientBuilder settings(AiApiClientSettings settings) {
		Assert.notNull(settings, "Settings must not be null");
		this.settings = settings;
		return this;
	}

	/**
	 * Use this clock for {@code Retry-After} dates (when no translator or resilience is given).
	 * @param clock the clock
	 * @return this builder
	 */
	public AiApiClientBuilder clock(Clock clock) {
		Assert.notNull(clock, "Clock must not be null");
		this.clock = clock;
		return this;
	}

	/**
	 * Name this connect timeout in timeout messages (when no translator is given).
	 * @param connectTimeout the connect timeout of the connector
	 * @return this builder
	 */
	public AiApiClientBuilder connectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
		return this;
	}

	/**
	 * Use this error translator.
	 * @param translator the translator
	 * @return this builder
	 */
	public AiApiClientBuilder translator(AiApiErrorTranslator translator) {
		this.translator = translator;
		return this;
	}

	/**
	 * Use this resilience state; by default, one with {@link ResilienceSettings#defaults()}.
	 * @param resilience the resilience
	 * @return this builder
	 */
	public AiApiClientBuilder resilience(AiApiResilience resilience) {
		this.resilience = resilience;
		return this;
	}

	/**
	 * Observe each logical call with this instrumentation.
	 * @param instrumentation the instrumentation
	 * @return this builder
	 */
	public AiApiClientBuilder instrumentation(AiApiCallInstrumentation instrumentation) {
		Assert.notNull(instrumentation, "Instrumentation must not be null");
		this.instrumentation = instrumentation;
		return this;
	}

	/**
	 * Whether the templates' HTTP requests are also observed by the {@code WebClient}'s own observation
	 * ({@code http.client.requests}), beside the observation of each call. Off by default: one observation per
	 * call; the {@code WebClient} this builder builds keeps its observation for direct use either way.
	 * @param httpRequestObservations whether to observe each request too
	 * @return this builder
	 */
	public AiApiClientBuilder httpRequestObservations(boolean httpRequestObservations) {
		this.httpRequestObservations = httpRequestObservations;
		return this;
	}

	/**
	 * Customize the {@code WebClient.Builder} after the starter has configured it.
	 * @param customizer the customization
	 * @return this builder
	 */
	public AiApiClientBuilder customize(Consumer<WebClient.Builder> customizer) {
		this.customizers.add(customizer);
		return this;
	}

	/**
	 * Build the gateway {@code WebClient}: for direct use, each exchange gets the key, typed errors and resilience.
	 * @return the client
	 */
	public WebClient buildWebClient() {
		WebClient.Builder builder = this.webClientBuilder.clone().baseUrl(this.baseUrl);
		if (this.connector != null) {
			builder.clientConnector(this.connector);
		}
		builder.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(this.settings.maxResponseSize()))
			.filter(resilience().filter())
			.filter(CallPipeline.errorFilter(translator(), this.settings))
			.defaultRequest(authentication());
		this.customizers.forEach((customizer) -> customizer.accept(builder));
		return builder.build();
	}

	/**
	 * Build the reactive template over a new client.
	 * @return the template
	 */
	public ReactiveAiApiTemplate buildReactiveTemplate() {
		return buildReactiveTemplate(buildWebClient());
	}

	/**
	 * Build the reactive template over a client this builder built (or one configured the same way).
	 * @param webClient the client
	 * @return the template
	 */
	public ReactiveAiApiTemplate buildReactiveTemplate(WebClient webClient) {
		// each call is observed whole (aiapi.client.calls): a second observation of its request doubled the cost
		// of observing, for a timer that counts the same calls
		return new ReactiveAiApiTemplate(CallPipeline.client(webClient, this.httpRequestObservations), translator(),
				this.settings, this.instrumentation, resilience());
	}

	/**
	 * Build the blocking template over a new client.
	 * @return the template
	 */
	public AiApiTemplate buildTemplate() {
		return new AiApiTemplate(buildReactiveTemplate());
	}

	// the one key; or with a key pool, the key each attempt was given (the first usable key for direct use)
	private java.util.function.Consumer<WebClient.RequestHeadersSpec<?>> authentication() {
		ApiKeyPool pool = resilience().getKeyPool();
		if (pool == null) {
			return this.apiKey.authentication();
		}
		return ApiKey.pooledAuthentication(() -> {
			for (PooledKey key : pool.getKeys()) {
				if (key.getOut() == null && key.getApiKey() != null) {
					return key.getApiKey();
				}
			}
			return java.util.Objects.requireNonNull(pool.getKeys().get(0).getApiKey());
		});
	}

	private AiApiErrorTranslator translator() {
		if (this.translator == null) {
			ApiKeyPool pool = resilience().getKeyPool();
			this.translator = new AiApiErrorTranslator(this.clock, this.connectTimeout, this.settings.readTimeout(),
					(pool != null) ? (text) -> pool.redact(this.apiKey.redact(text)) : this.apiKey::redact);
		}
		return this.translator;
	}

	private AiApiResilience resilience() {
		if (this.resilience == null) {
			this.resilience = new AiApiResilience(ResilienceSettings.defaults(), this.clock, List.of());
		}
		return this.resilience;
	}

}
