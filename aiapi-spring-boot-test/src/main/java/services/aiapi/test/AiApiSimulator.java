package services.aiapi.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * An in-process simulator of the aiapi.services gateway on a free loopback port, built on WireMock. It serves
 * {@code GET /v1/models}, deterministic chat completions (and real SSE streams), embeddings, and video tasks
 * that progress over time; it checks Bearer keys, enforces per-key quota and rate limits, and answers with the
 * documented error bodies or, in the {@link Dialect#NEW_API} dialect, with what the gateway software really
 * sends. Failures can be queued for the next calls, and every request is recorded.
 *
 * <pre class="code">
 * try (AiApiSimulator simulator = AiApiSimulator.builder().build().start()) {
 *     // point aiapi.base-url at simulator.baseUrl() and aiapi.api-key at simulator.apiKey()
 * }
 * </pre>
 *
 * <p>A prompt of the form {@code simulate: <code>} answers with that documented error ({@code quota_not_enough},
 * {@code invalid_api_key}, {@code rate_limit_exceeded}, {@code content_filtered}, {@code model_not_found},
 * {@code invalid_request_error}, {@code server_error}, {@code bad_gateway}, {@code unavailable}).
 */
public final class AiApiSimulator implements AutoCloseable {

	/** The key the simulator accepts unless told otherwise. */
	public static final String DEFAULT_API_KEY = "sk-simulator-0000000000000000";

	/**
	 * What each billable call costs in the simulator's billing routes ({@code /v1/dashboard/billing/*}), in the
	 * display unit: a key with a quota of N calls has a hard limit of N times this.
	 */
	public static final double PRICE_PER_CALL_USD = 0.01;

	private final WireMockServer server;

	private final Clock clock;

	private final Map<String, KeyState> keys = new ConcurrentHashMap<>();

	private final Set<String> models;

	private final Map<String, SimulatedTask> tasks = new ConcurrentHashMap<>();

	// generated images served by URL, as a provider's CDN would (no key needed)
	private final Map<String, byte[]> images = new ConcurrentHashMap<>();

	private final Queue<SimulatedFault> faults = new ConcurrentLinkedQueue<>();

	private final Map<String, ModelOutage> outages = new ConcurrentHashMap<>();

	// the second host: finished tasks' content, as a provider's CDN serves it
	private final WireMockServer cdn;

	private final Map<String, CdnContent> cdnContent = new ConcurrentHashMap<>();

	private final List<RecordedRequest> cdnRequests = new CopyOnWriteArrayList<>();

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final Duration chunkPace;

	private final Duration rateWindow;

	private final Duration taskDuration;

	private final boolean pings;

	private final String contentFilterWord;

	private final Function<String, String> replies;

	private volatile Dialect dialect;

	// the first key given to the builder: the one the starter is pointed at, whatever the map's order
	private final String firstKey;

	private AiApiSimulator(Builder builder) {
		this.clock = builder.clock;
		this.dialect = builder.dialect;
		this.models = Collections.unmodifiableSet(new LinkedHashSet<>(builder.models));
		builder.keys.forEach((key, settings) -> this.keys.put(key, new KeyState(settings)));
		this.firstKey = builder.keys.keySet().iterator().next();
		this.chunkPace = builder.chunkPace;
		this.rateWindow = builder.rateWindow;
		this.taskDuration = builder.taskDuration;
		this.pings = builder.pings;
		this.contentFilterWord = builder.contentFilterWord;
		this.replies = builder.replies;
		this.server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1")
			.port(builder.port)
			.disableRequestJournal()
			.extensions(new GatewayBehaviour(this)));
		this.cdn = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1")
			.dynamicPort()
			.disableRequestJournal()
			.extensions(new CdnBehaviour(this)));
	}

	/**
	 * Start building a simulator.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Start the server.
	 * @return this simulator
	 */
	public synchronized AiApiSimulator start() {
		if (!this.server.isRunning()) {
			this.server.start();
			this.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
			this.cdn.start();
			this.cdn.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
		}
		return this;
	}

	/**
	 * Stop the server.
	 */
	public void stop() {
		if (this.server.isRunning()) {
			this.server.stop();
		}
		if (this.cdn.isRunning()) {
			this.cdn.stop();
		}
	}

	/**
	 * Whether the server is running.
	 * @return {@code true} between {@link #start()} and {@link #stop()}
	 */
	public boolean isRunning() {
		return this.server.isRunning();
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * Return the base URL to set as {@code aiapi.base-url}.
	 * @return such as {@code http://127.0.0.1:41234}
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/**
	 * Return the first key the simulator accepts, to set as {@code aiapi.api-key}.
	 * @return the key
	 */
	public String apiKey() {
		return this.firstKey;
	}

	/**
	 * Return the properties that point the starter at this simulator.
	 * @return {@code aiapi.base-url} and {@code aiapi.api-key}
	 */
	/**
	 * Return the keys of a key pool an application configures ({@code aiapi.api-keys[n].key}), so that a simulator
	 * started for it knows them; keys whose placeholder cannot be resolved are left out.
	 * @param environment the application's environment
	 * @return the keys, in order
	 */
	public static List<String> configuredPoolKeys(org.springframework.core.env.PropertyResolver environment) {
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			String name = "aiapi.api-keys[" + i + "].key";
			if (!environment.containsProperty(name)) {
				break;
			}
			try {
				String key = environment.getProperty(name);
				if (key != null && !key.isBlank()) {
					keys.add(key.strip());
				}
			}
			catch (IllegalArgumentException ex) {
				// an unresolved placeholder: the application will say so itself
			}
		}
		return keys;
	}

	public Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("aiapi.base-url", baseUrl());
		properties.put("aiapi.api-key", apiKey());
		return properties;
	}

	/**
	 * Switch the dialect.
	 * @param dialect the dialect to answer in
	 */
	public void setDialect(Dialect dialect) {
		this.dialect = dialect;
	}

	/**
	 * Return the dialect answered in.
	 * @return the dialect
	 */
	public Dialect dialect() {
		return this.dialect;
	}

	/**
	 * Answer the next calls with an error status and code.
	 * @param calls how many calls
	 * @param status the HTTP status
	 * @param code the error code
	 */
	public void failNext(int calls, int status, String code) {
		for (int i = 0; i < calls; i++) {
			this.faults.add(new SimulatedFault(SimulatedFault.Kind.STATUS, status, code, Duration.ZERO, 0));
		}
	}

	/**
	 * Answer the next call with exactly this response, whatever it asks for (the key is not checked either).
	 * @param response the response
	 */
	public void respondNext(ScriptedResponse response) {
		this.faults.add(new SimulatedFault(SimulatedFault.Kind.SCRIPTED, response.status(), "", Duration.ZERO, 0,
				response));
	}

	/**
	 * Reset the connection of the next calls.
	 * @param calls how many calls
	 */
	public void resetNextConnections(int calls) {
		for (int i = 0; i < calls; i++) {
			this.faults.add(new SimulatedFault(SimulatedFault.Kind.RESET, 0, "", Duration.ZERO, 0));
		}
	}

	/**
	 * Delay the answer of the next calls.
	 * @param calls how many calls
	 * @param latency the delay
	 */
	public void delayNext(int calls, Duration latency) {
		for (int i = 0; i < calls; i++) {
			this.faults.add(new SimulatedFault(SimulatedFault.Kind.DELAY, 0, "", latency, 0));
		}
	}

	/**
	 * Cut the next chat stream after some content chunks: no {@code finish_reason} follows (and, in the new-api
	 * dialect, the stream still ends with {@code [DONE]}).
	 * @param chunks content chunks sent before the cut
	 */
	public void cutNextStream(int chunks) {
		this.faults.add(new SimulatedFault(SimulatedFault.Kind.CUT_STREAM, 0, "", Duration.ZERO, chunks));
	}

	/**
	 * Return every request received, oldest first.
	 * @return the requests
	 */
	public List<RecordedRequest> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * Return how many requests were received.
	 * @return the count
	 */
	public int requestCount() {
		return this.requests.size();
	}

	/**
	 * Return how many requests were received for a path.
	 * @param path the path, such as {@code /v1/chat/completions}
	 * @return the count
	 */
	public int requestCount(String path) {
		return (int) this.requests.stream().filter((request) -> request.path().equals(path)).count();
	}

	/**
	 * Return the body of the last request received.
	 * @return the body, or {@code null} when none was received
	 */
	public String lastRequestBody() {
		return this.requests.isEmpty() ? null : this.requests.get(this.requests.size() - 1).body();
	}

	/**
	 * Return the base URL of the simulator's second host, where finished tasks' content is served (like a
	 * provider's CDN), without a key.
	 * @return such as {@code http://127.0.0.1:41235}
	 */
	public String cdnBaseUrl() {
		return "http://127.0.0.1:" + this.cdn.port();
	}

	/**
	 * Return every request the second host received, with the {@code Authorization} header it carried (as
	 * {@link RecordedRequest#key()}, {@code null} when none).
	 * @return the requests, oldest first
	 */
	public List<RecordedRequest> cdnRequests() {
		return List.copyOf(this.cdnRequests);
	}

	void recordCdn(RecordedRequest request) {
		this.cdnRequests.add(request);
	}

	CdnContent cdnContent(String path) {
		return this.cdnContent.get(path);
	}

	String publishOnCdn(String name, byte[] bytes, String contentType) {
		String path = "/cdn/" + name;
		this.cdnContent.putIfAbsent(path, new CdnContent(bytes, contentType));
		return cdnBaseUrl() + path;
	}

	record CdnContent(byte[] bytes, String contentType) {

	}

	/**
	 * Take a model down for a while: its calls get the gateway's 502 for a failing upstream (retryable; enough of
	 * them open a client's circuit breaker), until the simulator's clock has passed the duration.
	 * @param model the model
	 * @param duration how long, by the simulator's clock
	 */
	public void modelDown(String model, Duration duration) {
		this.outages.put(model, new ModelOutage(Outage.DOWN, this.clock.instant().plus(duration)));
	}

	/**
	 * Leave a model without a channel for a while: its calls get new-api's 503 {@code model_not_found} "No
	 * available channel for model …", until the simulator's clock has passed the duration.
	 * @param model the model
	 * @param duration how long, by the simulator's clock
	 */
	public void modelWithoutChannel(String model, Duration duration) {
		this.outages.put(model, new ModelOutage(Outage.NO_CHANNEL, this.clock.instant().plus(duration)));
	}

	/**
	 * End a model's outage now.
	 * @param model the model
	 */
	public void modelRestored(String model) {
		this.outages.remove(model);
	}

	/**
	 * Add calls to what a key may spend in all (its balance, as the billing routes report it).
	 * @param key the key
	 * @param calls how many more calls it may make
	 */
	public void topUp(String key, int calls) {
		KeyState state = keyState(key);
		synchronized (state) {
			state.topUp += calls;
		}
	}

	/**
	 * Revoke a key: its requests get the gateway's 401 until {@link #reinstate(String) reinstated}.
	 * @param key the key
	 */
	public void revoke(String key) {
		keyState(key).revoked = true;
	}

	/**
	 * Accept a revoked key again.
	 * @param key the key
	 */
	public void reinstate(String key) {
		keyState(key).revoked = false;
	}

	/**
	 * Return how many requests carried a key.
	 * @param key the key
	 * @param path the path, such as {@code /v1/chat/completions}
	 * @return the count
	 */
	public int requestCount(String key, String path) {
		return (int) this.requests.stream()
			.filter((request) -> key.equals(request.key()) && request.path().equals(path))
			.count();
	}

	/**
	 * Forget requests, queued faults, tasks, outages and the keys' usage, top-ups and revocations.
	 */
	public void reset() {
		this.outages.clear();
		this.cdnRequests.clear();
		this.requests.clear();
		this.faults.clear();
		this.tasks.clear();
		this.keys.values().forEach(KeyState::reset);
	}

	// --- used by GatewayBehaviour

	Clock clock() {
		return this.clock;
	}

	boolean knowsKey(String key) {
		return this.keys.containsKey(key);
	}

	KeyState keyState(String key) {
		return this.keys.get(key);
	}

	boolean isRevoked(String key) {
		return keyState(key).revoked;
	}

	// the model's outage now, or null
	Outage outage(String model) {
		ModelOutage outage = this.outages.get(model);
		if (outage == null) {
			return null;
		}
		if (!this.clock.instant().isBefore(outage.until())) {
			this.outages.remove(model, outage);
			return null;
		}
		return outage.kind();
	}

	enum Outage {

		DOWN, NO_CHANNEL

	}

	record ModelOutage(Outage kind, Instant until) {

	}

	boolean knowsModel(String model) {
		return this.models.contains(model);
	}

	Set<String> models() {
		return this.models;
	}

	Map<String, SimulatedTask> tasks() {
		return this.tasks;
	}

	Map<String, byte[]> images() {
		return this.images;
	}

	SimulatedFault nextFault() {
		return this.faults.poll();
	}

	void record(RecordedRequest request) {
		this.requests.add(request);
	}

	Duration rateWindow() {
		return this.rateWindow;
	}

	/**
	 * Return how many requests of a key the rate limit refused (429) since the last reset.
	 * @param key the key
	 * @return the number of 429s for the rate limit
	 */
	public int rateLimitedCount(String key) {
		KeyState state = keyState(key);
		synchronized (state) {
			return state.rejected;
		}
	}

	/**
	 * Return how many requests of a key the rate limit refused (429) in {@code [from, to)}, by the simulator's
	 * clock: a measurement over some windows, leaving out what happened while the callers warmed up.
	 * @param key the key
	 * @param from the first instant counted
	 * @param to the first instant no longer counted
	 * @return the number of 429s for the rate limit in that span
	 */
	public int rateLimitedCount(String key, Instant from, Instant to) {
		KeyState state = keyState(key);
		synchronized (state) {
			return (int) state.rejectedAt.stream().filter((at) -> !at.isBefore(from) && at.isBefore(to)).count();
		}
	}

	Duration chunkPace() {
		return this.chunkPace;
	}

	Duration taskDuration() {
		return this.taskDuration;
	}

	boolean pings() {
		return this.pings;
	}

	String contentFilterWord() {
		return this.contentFilterWord;
	}

	String replyTo(String prompt) {
		return this.replies.apply(prompt);
	}

	/**
	 * Limits of one key.
	 *
	 * @param quota calls the key may make in all; negative for unlimited
	 * @param requestsPerMinute calls per minute; 0 for unlimited
	 */
	public record KeySettings(int quota, int requestsPerMinute) {

		/**
		 * A key without limits.
		 * @return the settings
		 */
		public static KeySettings unlimited() {
			return new KeySettings(-1, 0);
		}

	}

	static final class KeyState {

		final KeySettings settings;

		int used;

		Instant windowStart;

		int usedInWindow;

		int rejected;

		int topUp;

		volatile boolean revoked;

		// when each 429 of the rate limit was decided, by the simulator's clock
		final List<Instant> rejectedAt = new ArrayList<>();

		KeyState(KeySettings settings) {
			this.settings = settings;
		}

		synchronized void reset() {
			this.used = 0;
			this.windowStart = null;
			this.usedInWindow = 0;
			this.rejected = 0;
			this.rejectedAt.clear();
			this.topUp = 0;
			this.revoked = false;
		}

	}

	record SimulatedTask(String id, String family, String model, String prompt, Instant createdAt) {

	}

	/**
	 * Builds an {@link AiApiSimulator}.
	 */
	public static final class Builder {

		private Clock clock = Clock.systemUTC();

		private Dialect dialect = Dialect.DOCUMENTED;

		private final Map<String, KeySettings> keys = new LinkedHashMap<>();

		private final List<String> models = new ArrayList<>(
				List.of("gemini-2.5-flash", "gpt-4o-mini", "claude-sonnet-4", "text-embedding-3-small", "sora-2",
						"gpt-image-1", "gpt-4o-mini-tts", "whisper-1", "omni-moderation-latest"));

		private int port;

		private Duration chunkPace = Duration.ZERO;

		private Duration rateWindow = Duration.ofMinutes(1);

		private Duration taskDuration = Duration.ofSeconds(6);

		private boolean pings;

		private String contentFilterWord = "forbidden-topic";

		private Function<String, String> replies = (prompt) -> "This is the simulator's answer to: " + prompt;

		private Builder() {
		}

		/**
		 * Use a clock, so task progress and rate-limit windows follow test time.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		public Builder dialect(Dialect dialect) {
			this.dialect = dialect;
			return this;
		}

		/**
		 * Accept a key with limits. Without any, {@link AiApiSimulator#DEFAULT_API_KEY} is accepted without limits.
		 * @param key the key
		 * @param settings its limits
		 * @return this builder
		 */
		public Builder key(String key, KeySettings settings) {
			this.keys.put(key, settings);
			return this;
		}

		/**
		 * Replace the models offered.
		 * @param models the model ids
		 * @return this builder
		 */
		public Builder models(String... models) {
			this.models.clear();
			this.models.addAll(List.of(models));
			return this;
		}

		/**
		 * Listen on a fixed port instead of a free one.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Pace stream events: each event is sent this long after the previous one.
		 * @param pace the pause between events
		 * @return this builder
		 */
		/**
		 * Count each key's {@code requestsPerMinute} per window of this length instead of per minute: fixed
		 * windows at multiples of the length since the epoch.
		 * @param window the window length
		 * @return this builder
		 */
		public Builder rateWindow(Duration window) {
			this.rateWindow = window;
			return this;
		}

		public Builder chunkPace(Duration pace) {
			this.chunkPace = pace;
			return this;
		}

		/**
		 * Send {@code : PING} comment lines inside streams, as the gateway does.
		 * @param pings whether to send pings
		 * @return this builder
		 */
		public Builder pings(boolean pings) {
			this.pings = pings;
			return this;
		}

		/**
		 * How long a video task takes from submission to its end.
		 * @param duration the duration
		 * @return this builder
		 */
		public Builder taskDuration(Duration duration) {
			this.taskDuration = duration;
			return this;
		}

		/**
		 * The word that makes the content filter reject a prompt; empty for none.
		 * @param word the trigger word
		 * @return this builder
		 */
		public Builder contentFilterWord(String word) {
			this.contentFilterWord = word.toLowerCase(java.util.Locale.ROOT);
			return this;
		}

		/**
		 * How the simulated model answers a prompt.
		 * @param replies the reply function
		 * @return this builder
		 */
		public Builder replies(Function<String, String> replies) {
			this.replies = replies;
			return this;
		}

		public AiApiSimulator build() {
			if (this.keys.isEmpty()) {
				this.keys.put(DEFAULT_API_KEY, KeySettings.unlimited());
			}
			return new AiApiSimulator(this);
		}

	}

}
