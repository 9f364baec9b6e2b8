package services.aiapi.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import services.aiapi.AiApiTemplate;
import services.aiapi.AiApiWebClientCustomizer;
import services.aiapi.ReactiveAiApiTemplate;
import services.aiapi.error.RateLimitExceededException;
import services.aiapi.model.ChatCompletion;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;

/**
 * The clients compared, all pointed at the same stub.
 */
final class Clients {

	static final String KEY = "sk-benchmark-0000000000000000";

	static final String MODEL = "gpt-4o-mini";

	static final String PROMPT = "Summarise the plot of Hamlet in three sentences.";

	static final String SYSTEM = "You are a concise assistant.";

	/** Names of the clients, as JMH parameters. */
	static final List<String> ALL = List.of("rawNetty", "webClient", "webClientBoot", "reactiveTemplate",
			"blockingTemplate", "openaiJava", "langchain4j");

	private Clients() {
	}

	static BenchClient create(String name, String baseUrl) {
		return switch (name) {
			case "rawNetty" -> new RawNetty(baseUrl);
			case "webClient" -> new PlainWebClient(baseUrl, null);
			case "webClientBoot" -> new PlainWebClient(baseUrl, Starter.context(baseUrl));
			// the plain WebClient called as a blocking client calls it: block() on each of C threads
			case "webClientBlocking" -> new BlockingOnly(new PlainWebClient(baseUrl, null));
			case "restClientHc5" -> new RestClientHc5(baseUrl);
			// a plain WebClient on the starter's connector, blocking on the caller's thread: the transport alone
			case "webClientCallerThread" -> new CallerThreadWebClient(baseUrl);
			case "reactiveTemplate" -> new Starter(baseUrl, false);
			case "blockingTemplate" -> new Starter(baseUrl, true);
			// the blocking template as it was before the caller-thread transport: each call handed to the event loop
			case "blockingTemplateEventLoop" -> new Starter(baseUrl, true, null, "aiapi.blocking-transport=event-loop");
			// the template with features switched off, over the network: what each costs under concurrency
			case "templateNoStarterObservation" -> new Starter(baseUrl, false, null, NO_STARTER_OBSERVATION);
			case "templateNoResilience" -> new Starter(baseUrl, false, null, NO_RESILIENCE);
			case "templateNoRetry" -> new Starter(baseUrl, false, null, NO_RESILIENCE[0]);
			case "templateNoBreaker" -> new Starter(baseUrl, false, null, NO_RESILIENCE[1]);
			case "templateNoLimiter" -> new Starter(baseUrl, false, null, NO_RESILIENCE[2]);
			case "templateBare" -> new Starter(baseUrl, false, null, NO_STARTER_OBSERVATION, NO_HTTP_OBSERVATION,
					NO_RESILIENCE[0], NO_RESILIENCE[1], NO_RESILIENCE[2]);
			case "openaiJava" -> new OpenAiJava(baseUrl);
			case "langchain4j" -> new LangChain4j(baseUrl);
			default -> throw new IllegalArgumentException("Unknown client " + name);
		};
	}

	/**
	 * Names of the clients measured on the in-memory transport: the template in full, then with features switched
	 * off by their properties, to show what each costs per call.
	 */
	static final List<String> IN_MEMORY = List.of("webClient", "webClientBoot", "reactiveTemplate",
			"templateNoStarterObservation", "templateNoObservations", "templateNoResilience", "templateBare");

	private static final String NO_STARTER_OBSERVATION = "management.observations.enable.aiapi=false";

	private static final String NO_HTTP_OBSERVATION = "management.observations.enable.http.client.requests=false";

	private static final String[] NO_RESILIENCE = { "aiapi.retry.enabled=false", "aiapi.circuit-breaker.enabled=false",
			"aiapi.rate-limiter.enabled=false" };

	// Never connected to: the in-memory transport answers every request.
	private static final String IN_MEMORY_URL = "http://127.0.0.1:9";

	/**
	 * A client whose transport is {@link InMemoryConnector}: what each client adds on top of the transport.
	 * @param name one of {@link #IN_MEMORY}
	 * @return the client
	 */
	static BenchClient inMemory(String name) {
		ClientHttpConnector connector = new InMemoryConnector();
		return switch (name) {
			case "webClient" -> new PlainWebClient(IN_MEMORY_URL, null, connector);
			case "webClientBoot" -> {
				ConfigurableApplicationContext context = Starter.context(IN_MEMORY_URL);
				yield new PlainWebClient(IN_MEMORY_URL, context, connector);
			}
			case "reactiveTemplate" -> new Starter(IN_MEMORY_URL, false, connector);
			case "blockingTemplate" -> new Starter(IN_MEMORY_URL, true, connector);
			case "templateNoStarterObservation" -> new Starter(IN_MEMORY_URL, false, connector, NO_STARTER_OBSERVATION);
			case "templateNoObservations" ->
				new Starter(IN_MEMORY_URL, false, connector, NO_STARTER_OBSERVATION, NO_HTTP_OBSERVATION);
			case "templateNoResilience" -> new Starter(IN_MEMORY_URL, false, connector, NO_RESILIENCE);
			case "templateBare" -> new Starter(IN_MEMORY_URL, false, connector, NO_STARTER_OBSERVATION,
					NO_HTTP_OBSERVATION, NO_RESILIENCE[0], NO_RESILIENCE[1], NO_RESILIENCE[2]);
			// the reactiveTemplate with its rate limit shared through a Redis server on loopback
			case "templateSharedLimit" -> new Starter(IN_MEMORY_URL, false, connector,
					"aiapi.rate-limiter.shared.enabled=true", "aiapi.rate-limiter.shared.redis-url=" + LoopbackRedis.url());
			default -> throw new IllegalArgumentException("Unknown in-memory client " + name);
		};
	}

	/** A Redis server on a free loopback port, for the benchmark JVM's lifetime. */
	static final class LoopbackRedis {

		private static volatile String url;

		static synchronized String url() {
			if (url == null) {
				try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
					int port = socket.getLocalPort();
					socket.close();
					redis.embedded.RedisServer server = redis.embedded.RedisServer.newRedisServer()
						.bind("127.0.0.1")
						.port(port)
						.setting("save \"\"")
						.build();
					server.start();
					Runtime.getRuntime().addShutdownHook(new Thread(() -> {
						try {
							server.stop();
						}
						catch (java.io.IOException ex) {
							// the JVM is ending
						}
					}));
					url = "redis://127.0.0.1:" + port;
				}
				catch (java.io.IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}
			return url;
		}

	}

	record Message(String role, String content) {
	}

	record Request(String model, List<Message> messages, Boolean stream) {

		static Request of(boolean stream) {
			return new Request(MODEL, List.of(new Message("system", SYSTEM), new Message("user", PROMPT)),
					stream ? Boolean.TRUE : null);
		}

	}

	private static ConnectionProvider pool(String name) {
		return ConnectionProvider.builder(name).maxConnections(500).pendingAcquireMaxCount(-1).build();
	}

	/** The floor: Reactor Netty and Jackson, nothing else. */
	static final class RawNetty implements BenchClient {

		private final JsonMapper mapper = JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();

		private final ConnectionProvider pool = pool("raw");

		private final HttpClient http;

		RawNetty(String baseUrl) {
			this.http = HttpClient.create(this.pool)
				.baseUrl(baseUrl)
				.headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
					.set(HttpHeaders.CONTENT_TYPE, "application/json"));
		}

		private HttpClient.ResponseReceiver<?> post(String path, boolean stream) {
			byte[] body = this.mapper.writeValueAsBytes(Request.of(stream));
			return this.http.post().uri(path).send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
		}

		@Override
		public int chat() {
			return chatAsync().block();
		}

		@Override
		public Mono<Integer> chatAsync() {
			return post("/v1/chat/completions", false).responseSingle((response, body) -> body.asByteArray())
				.map((bytes) -> this.mapper.readValue(bytes, ChatCompletion.class).content().length());
		}

		@Override
		public int stream() {
			return streamAsync().block();
		}

		@Override
		public Mono<Integer> streamAsync() {
			return lines(post("/v1/chat/completions", true)).takeWhile((data) -> !data.equals("[DONE]"))
				.map((data) -> this.mapper.readValue(data, ChatCompletionChunk.class))
				.count()
				.map(Long::intValue);
		}

		@Override
		public int firstChunk() {
			return lines(post("/v1/chat/completions", true)).next()
				.map((data) -> this.mapper.readValue(data, ChatCompletionChunk.class).content().length())
				.block();
		}

		// data: payloads, split from the raw body; events never span reads in a form this floor cares about
		private Flux<String> lines(HttpClient.ResponseReceiver<?> receiver) {
			return receiver.responseContent().asString(StandardCharsets.UTF_8).concatMapIterable(new SseSplitter());
		}

		@Override
		public int rateLimited() {
			return this.http.post()
				.uri("/v1/chat/completions/429")
				.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(this.mapper.writeValueAsBytes(Request.of(false)))))
				.responseSingle((response, body) -> body.asByteArray().map((bytes) -> {
					if (response.status().code() >= 400) {
						Map<?, ?> error = this.mapper.readValue(bytes, Map.class);
						throw new IllegalStateException("HTTP " + response.status().code() + " " + error.get("code"));
					}
					return bytes.length;
				}))
				.onErrorResume(IllegalStateException.class, (ex) -> Mono.just(ex.getMessage().length()))
				.block();
		}

		@Override
		public void close() {
			this.pool.dispose();
		}

	}

	/** A client driven only through its blocking methods, each call blocking its thread. */
	record BlockingOnly(BenchClient client) implements BenchClient {

		@Override
		public int chat() {
			return this.client.chat();
		}

		@Override
		public int stream() {
			return this.client.stream();
		}

		@Override
		public int firstChunk() {
			return this.client.firstChunk();
		}

		@Override
		public int rateLimited() {
			return this.client.rateLimited();
		}

		@Override
		public void close() {
			this.client.close();
		}

	}

	/**
	 * Spring's {@code RestClient} on Apache HttpClient 5 with a pool as large as the others': the request is written
	 * and the answer read on the calling thread, no hand-off to an event loop and back.
	 */
	static final class RestClientHc5 implements BenchClient {

		private final org.apache.hc.client5.http.impl.classic.CloseableHttpClient http;

		private final org.springframework.web.client.RestClient client;

		RestClientHc5(String baseUrl) {
			this.http = org.apache.hc.client5.http.impl.classic.HttpClients.custom()
				.setConnectionManager(org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder
					.create()
					.setMaxConnTotal(500)
					.setMaxConnPerRoute(500)
					.build())
				.build();
			this.client = org.springframework.web.client.RestClient.builder()
				.baseUrl(baseUrl)
				.requestFactory(new org.springframework.http.client.HttpComponentsClientHttpRequestFactory(this.http))
				.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
				.build();
		}

		@Override
		public int chat() {
			return this.client.post()
				.uri("/v1/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Request.of(false))
				.retrieve()
				.body(ChatCompletion.class)
				.content()
				.length();
		}

		private int events(boolean firstOnly) {
			return this.client.post()
				.uri("/v1/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.body(Request.of(true))
				.exchange((request, response) -> {
					int chunks = 0;
					try (java.io.BufferedReader lines = new java.io.BufferedReader(
							new java.io.InputStreamReader(response.getBody(), StandardCharsets.UTF_8))) {
						for (String line = lines.readLine(); line != null; line = lines.readLine()) {
							if (line.startsWith("data:") && !line.contains("[DONE]")) {
								chunks++;
								if (firstOnly) {
									return chunks;
								}
							}
						}
					}
					return chunks;
				});
		}

		@Override
		public int stream() {
			return events(false);
		}

		@Override
		public int firstChunk() {
			return events(true);
		}

		@Override
		public int rateLimited() {
			try {
				this.client.post()
					.uri("/v1/chat/completions")
					.contentType(MediaType.APPLICATION_JSON)
					.body(new Request("rate-limited", Request.of(false).messages(), null))
					.retrieve()
					.toBodilessEntity();
				throw new IllegalStateException("expected a 429");
			}
			catch (org.springframework.web.client.HttpClientErrorException ex) {
				return ex.getStatusCode().value();
			}
		}

		@Override
		public void close() {
			try {
				this.http.close();
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

	}

	/**
	 * The plain WebClient on the starter's connector, its chat calls blocked with {@code CallerThread} so that they
	 * are made on the caller's thread: the transport alone, without the starter's pipeline. Streams and the 429 path
	 * are the plain client's (the connector keeps streams on the event loop, as the template's are).
	 */
	static final class CallerThreadWebClient implements BenchClient {

		private final services.aiapi.http.AiApiConnectionPool pool = new services.aiapi.http.AiApiConnectionPool(
				new services.aiapi.http.AiApiConnectionPool.Settings(500, 10_000, java.time.Duration.ofSeconds(45),
						java.time.Duration.ofSeconds(30), java.time.Duration.ofMinutes(5)));

		private final PlainWebClient client;

		CallerThreadWebClient(String baseUrl) {
			this.client = new PlainWebClient(baseUrl, null, this.pool.connector(java.time.Duration.ofSeconds(10),
					java.time.Duration.ofSeconds(60), null, null, true));
		}

		@Override
		public int chat() {
			return services.aiapi.http.CallerThread.block(this.client.chatAsync());
		}

		@Override
		public int stream() {
			return this.client.stream();
		}

		@Override
		public int firstChunk() {
			return this.client.firstChunk();
		}

		@Override
		public int rateLimited() {
			return this.client.rateLimited();
		}

		@Override
		public void close() {
			this.client.close();
			this.pool.destroy();
		}

	}

	/** Splits SSE text into data payloads, keeping a partial line across reads. */
	static final class SseSplitter implements java.util.function.Function<String, Iterable<String>> {

		private final StringBuilder partial = new StringBuilder();

		@Override
		public Iterable<String> apply(String text) {
			java.util.ArrayList<String> data = new java.util.ArrayList<>();
			this.partial.append(text);
			int start = 0;
			int newline;
			while ((newline = this.partial.indexOf("\n", start)) >= 0) {
				String line = this.partial.substring(start, newline);
				if (line.startsWith("data: ")) {
					data.add(line.substring(6));
				}
				start = newline + 1;
			}
			this.partial.delete(0, start);
			return data;
		}

	}

	/** The baseline: a plain WebClient with Jackson, as a user would hand-write it. */
	static final class PlainWebClient implements BenchClient {

		private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS = new ParameterizedTypeReference<>() {
		};

		private final JsonMapper mapper = JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();

		private final ConnectionProvider pool = pool("webclient");

		private final WebClient client;

		private final ConfigurableApplicationContext context;

		// With a context, the builder is Spring Boot's (codecs, http.client.requests observation and metrics).
		PlainWebClient(String baseUrl, ConfigurableApplicationContext context) {
			this(baseUrl, context, null);
		}

		// (a connector replaces Reactor Netty's, for the in-memory transport)
		PlainWebClient(String baseUrl, ConfigurableApplicationContext context, ClientHttpConnector connector) {
			this.context = context;
			WebClient.Builder builder = (context != null) ? context.getBean(WebClient.Builder.class) : WebClient.builder();
			this.client = builder.baseUrl(baseUrl)
				.clientConnector((connector != null) ? connector
						: new ReactorClientHttpConnector(HttpClient.create(this.pool)))
				.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
				.build();
		}

		@Override
		public int chat() {
			return chatAsync().block();
		}

		@Override
		public Mono<Integer> chatAsync() {
			return this.client.post()
				.uri("/v1/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Request.of(false))
				.retrieve()
				.bodyToMono(ChatCompletion.class)
				.map((completion) -> completion.content().length());
		}

		private Flux<String> events() {
			return this.client.post()
				.uri("/v1/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.bodyValue(Request.of(true))
				.retrieve()
				.bodyToFlux(EVENTS)
				.map(ServerSentEvent::data)
				.takeWhile((data) -> !"[DONE]".equals(data));
		}

		@Override
		public int stream() {
			return streamAsync().block();
		}

		@Override
		public Mono<Integer> streamAsync() {
			return events().map((data) -> this.mapper.readValue(data, ChatCompletionChunk.class))
				.count()
				.map(Long::intValue);
		}

		@Override
		public int firstChunk() {
			return events().next()
				.map((data) -> this.mapper.readValue(data, ChatCompletionChunk.class).content().length())
				.block();
		}

		@Override
		public int rateLimited() {
			try {
				this.client.post()
					.uri("/v1/chat/completions/429")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Request.of(false))
					.retrieve()
					.bodyToMono(ChatCompletion.class)
					.block();
				throw new IllegalStateException("expected a 429");
			}
			catch (WebClientResponseException ex) {
				Map<?, ?> error = ex.getResponseBodyAs(Map.class);
				return String.valueOf(error.get("code")).length() + ex.getStatusCode().value();
			}
		}

		@Override
		public void close() {
			this.pool.dispose();
			if (this.context != null) {
				this.context.close();
			}
		}

	}

	/** The starter, auto-configured in a Spring context: the full pipeline with metrics and observation. */
	static final class Starter implements BenchClient {

		private final ConfigurableApplicationContext context;

		private final ReactiveAiApiTemplate reactive;

		private final AiApiTemplate blocking;

		private final boolean useBlocking;

		Starter(String baseUrl, boolean useBlocking) {
			this(baseUrl, useBlocking, null);
		}

		// (a connector replaces the starter's Reactor Netty one, through an AiApiWebClientCustomizer)
		Starter(String baseUrl, boolean useBlocking, ClientHttpConnector connector, String... properties) {
			this.context = context(baseUrl, connector,
					Stream.concat(Stream.of("aiapi.retry.enabled=true"), Stream.of(properties)).toArray(String[]::new));
			this.reactive = this.context.getBean(ReactiveAiApiTemplate.class);
			this.blocking = this.context.getBean(AiApiTemplate.class);
			this.useBlocking = useBlocking;
			awaitSharedLimit(this.context);
		}

		// the shared limit connects in the background once the context has started: measure it connected
		static void awaitSharedLimit(ConfigurableApplicationContext context) {
			services.aiapi.resilience.SharedRateLimiter shared = context
				.getBean(services.aiapi.resilience.AiApiResilience.class)
				.getSharedRateLimiter();
			long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
			while (shared != null && !shared.isActive() && System.nanoTime() < deadline) {
				try {
					Thread.sleep(5);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			if (shared != null && !shared.isActive()) {
				throw new IllegalStateException("The shared limit did not connect to Redis within 10 s");
			}
		}

		static ConfigurableApplicationContext context(String baseUrl, String... properties) {
			return context(baseUrl, null, properties);
		}

		static ConfigurableApplicationContext context(String baseUrl, ClientHttpConnector connector,
				String... properties) {
			SpringApplicationBuilder builder = new SpringApplicationBuilder(BenchApplication.class);
			if (connector != null) {
				builder.initializers((context) -> context.getBeanFactory()
					.registerSingleton("inMemoryTransport",
							(AiApiWebClientCustomizer) (webClient) -> webClient.clientConnector(connector)));
			}
			return builder.web(WebApplicationType.NONE)
				.logStartupInfo(false)
				.properties("aiapi.base-url=" + baseUrl, "aiapi.api-key=" + KEY, "aiapi.default-model=" + MODEL,
						"aiapi.rate-limiter.limit-for-period=1000000000", "aiapi.rate-limiter.limit-refresh-period=1s",
						"aiapi.pool.max-connections=500", "spring.main.banner-mode=off", "logging.level.root=WARN",
						// the per-call WARN line of failures would measure the console, not the starter
						"logging.level.services.aiapi.calls=ERROR")
				.properties(properties)
				// extra properties for factor analysis, such as -Dbench.starter.properties="aiapi.retry.enabled=false"
				.properties(System.getProperty("bench.starter.properties", "").split(";"))
				.run();
		}

		private static ChatCompletionRequest request() {
			return ChatCompletionRequest.builder().model(MODEL).system(SYSTEM).user(PROMPT).build();
		}

		@Override
		public int chat() {
			ChatCompletion completion = this.useBlocking ? this.blocking.chat(request())
					: this.reactive.chat(request()).block();
			return completion.content().length();
		}

		@Override
		public int stream() {
			if (this.useBlocking) {
				AtomicInteger chunks = new AtomicInteger();
				this.blocking.chatStream(request(), (chunk) -> chunks.incrementAndGet());
				return chunks.get();
			}
			return this.reactive.chatStream(request()).count().block().intValue();
		}

		@Override
		public Mono<Integer> chatAsync() {
			return this.useBlocking ? null
					: this.reactive.chat(request()).map((completion) -> completion.content().length());
		}

		@Override
		public Mono<Integer> streamAsync() {
			return this.useBlocking ? null : this.reactive.chatStream(request()).count().map(Long::intValue);
		}

		@Override
		public int firstChunk() {
			return this.reactive.chatStream(request()).next().block().content().length();
		}

		@Override
		public int rateLimited() {
			throw new UnsupportedOperationException("measured with retries off: see RateLimitedStarter");
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	/** The starter with retries off, for the cost of the error path. */
	static final class RateLimitedStarter implements BenchClient {

		private final ConfigurableApplicationContext context;

		private final ReactiveAiApiTemplate reactive;

		RateLimitedStarter(String baseUrl) {
			// adaptive off: a 429's Retry-After would hold the next call (as it should), and this measures the
			// translation of a 429 into an exception, not the wait
			this.context = Starter.context(baseUrl, "aiapi.retry.enabled=false", "aiapi.rate-limiter.adaptive=false");
			this.reactive = this.context.getBean(ReactiveAiApiTemplate.class);
		}

		@Override
		public int chat() {
			throw new UnsupportedOperationException("the success paths are measured by Starter");
		}

		@Override
		public int stream() {
			throw new UnsupportedOperationException("the success paths are measured by Starter");
		}

		@Override
		public int firstChunk() {
			throw new UnsupportedOperationException("the success paths are measured by Starter");
		}

		@Override
		public int rateLimited() {
			try {
				this.reactive.chat(ChatCompletionRequest.builder().model("rate-limited").user(PROMPT).build()).block();
				throw new IllegalStateException("expected a 429");
			}
			catch (RateLimitExceededException ex) {
				return ex.getErrorCode().length() + ex.getStatusCode().value();
			}
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	/** The official OpenAI Java SDK with its defaults (OkHttp). */
	static final class OpenAiJava implements BenchClient {

		private final OpenAIClient client;

		private final OpenAIClient noRetries;

		OpenAiJava(String baseUrl) {
			this.client = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey(KEY).build();
			this.noRetries = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey(KEY).maxRetries(0).build();
		}

		private static ChatCompletionCreateParams params(String model) {
			return ChatCompletionCreateParams.builder().model(model).addSystemMessage(SYSTEM).addUserMessage(PROMPT).build();
		}

		@Override
		public int chat() {
			return this.client.chat().completions().create(params(MODEL)).choices().get(0).message().content().orElse("")
				.length();
		}

		@Override
		public int stream() {
			try (StreamResponse<com.openai.models.chat.completions.ChatCompletionChunk> chunks = this.client.chat()
				.completions()
				.createStreaming(params(MODEL))) {
				return (int) chunks.stream().count();
			}
		}

		@Override
		public int firstChunk() {
			try (StreamResponse<com.openai.models.chat.completions.ChatCompletionChunk> chunks = this.client.chat()
				.completions()
				.createStreaming(params(MODEL))) {
				return chunks.stream().findFirst().map((chunk) -> chunk.id().length()).orElse(0);
			}
		}

		@Override
		public int rateLimited() {
			try {
				this.noRetries.chat().completions().create(params("rate-limited"));
				throw new IllegalStateException("expected a 429");
			}
			catch (RateLimitException ex) {
				return ex.statusCode();
			}
		}

		@Override
		public void close() {
			this.client.close();
			this.noRetries.close();
		}

	}

	/** LangChain4j's OpenAI model with its defaults. */
	static final class LangChain4j implements BenchClient {

		private final OpenAiChatModel model;

		private final OpenAiStreamingChatModel streaming;

		LangChain4j(String baseUrl) {
			this.model = OpenAiChatModel.builder().baseUrl(baseUrl + "/v1").apiKey(KEY).modelName(MODEL).build();
			this.streaming = OpenAiStreamingChatModel.builder()
				.baseUrl(baseUrl + "/v1")
				.apiKey(KEY)
				.modelName(MODEL)
				.build();
		}

		@Override
		public int chat() {
			return this.model.chat(PROMPT).length();
		}

		@Override
		public int stream() {
			CompletableFuture<Integer> done = new CompletableFuture<>();
			AtomicInteger chunks = new AtomicInteger();
			this.streaming.chat(PROMPT, new StreamingChatResponseHandler() {

				@Override
				public void onPartialResponse(String partialResponse) {
					chunks.incrementAndGet();
				}

				@Override
				public void onCompleteResponse(ChatResponse completeResponse) {
					done.complete(chunks.get());
				}

				@Override
				public void onError(Throwable error) {
					done.completeExceptionally(error);
				}

			});
			return done.join();
		}

		@Override
		public int firstChunk() {
			throw new UnsupportedOperationException("not measured for LangChain4j");
		}

		@Override
		public int rateLimited() {
			throw new UnsupportedOperationException("not measured for LangChain4j");
		}

	}

}
