package services.aiapi.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.management.OperatingSystemMXBean;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import services.aiapi.ReactiveAiApiTemplate;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;

/**
 * Many slow streams held open at once, as a chat UI holds them: N streams that each get a chunk every second for a
 * minute, from a stub in a process of its own on loopback. For the reactive template and a plain {@code WebClient}
 * in the same JVM (run with {@code -Xmx512m}), one after the other and in alternating order over the rounds: the
 * heap each open stream holds (used heap after a full collection with all streams open, less the same before
 * they were opened, per stream), the CPU of this process per chunk received while all streams are open, and the
 * streams that failed or did not finish.
 *
 * <p>Run: {@code java -Xmx512m -cp <benchmarks classpath> services.aiapi.benchmarks.OpenStreams} (properties:
 * {@code os.streams} like {@code 1000,10000}, {@code os.seconds} per stream, {@code os.rounds}).
 */
public final class OpenStreams {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS = new ParameterizedTypeReference<>() {
	};

	/** One contender's figures at one N. */
	record Result(String client, int streams, double heapKiBPerStream, double cpuMicrosPerChunk, long failed,
			long chunks) {
	}

	public static void main(String[] args) throws Exception {
		System.out.println(measure());
	}

	/**
	 * Measure in a JVM of its own with a 512 MB heap, as the report does (the report's JVM has the machine's
	 * default heap): {@code bench.quick} makes it a seconds-long pass with few streams.
	 * @return the report's section
	 * @throws IOException when the child JVM cannot be started
	 * @throws InterruptedException when interrupted
	 */
	static String section() throws IOException, InterruptedException {
		boolean quick = Boolean.getBoolean("bench.quick");
		String java = ProcessHandle.current().info().command().orElse("java");
		Process child = new ProcessBuilder(java, "-Xmx512m",
				"-D" + ReportCharts.PROPERTY + "=" + System.getProperty(ReportCharts.PROPERTY, ""),
				"-D" + ReportCharts.LINK_PROPERTY + "=" + System.getProperty(ReportCharts.LINK_PROPERTY, ""),
				"-Dos.streams=" + System.getProperty("os.streams", quick ? "50" : "1000,5000,10000"),
				"-Dos.seconds=" + System.getProperty("os.seconds", quick ? "8" : "60"),
				"-Dos.rounds=" + System.getProperty("os.rounds", quick ? "1" : "2"), "-cp",
				System.getProperty("java.class.path"), OpenStreams.class.getName())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		String section = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (child.waitFor() != 0) {
			throw new IllegalStateException("OpenStreams failed: " + section);
		}
		return section;
	}

	/**
	 * Measure as the {@code os.*} properties say, against a stub in a process of its own.
	 * @return the report's section
	 * @throws Exception when the stub cannot be started
	 */
	static String measure() throws Exception {
		int[] sizes = Arrays.stream(System.getProperty("os.streams", "1000,5000,10000").split(","))
			.mapToInt(Integer::parseInt)
			.toArray();
		int seconds = Integer.getInteger("os.seconds", 60);
		int rounds = Integer.getInteger("os.rounds", 2);
		Process stub = startStub(seconds);
		try {
			String baseUrl = awaitStub(stub);
			List<Result> results = new ArrayList<>();
			for (int n : sizes) {
				for (int round = 0; round < rounds; round++) {
					List<String> order = (round % 2 == 0) ? List.of("webClient", "reactiveTemplate")
							: List.of("reactiveTemplate", "webClient");
					for (String client : order) {
						Result result = measure(client, baseUrl, n, seconds);
						System.err.println(result);
						results.add(result);
					}
				}
			}
			return render(results, sizes, seconds, rounds);
		}
		finally {
			stub.destroy();
			stub.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static Result measure(String client, String baseUrl, int n, int seconds) throws InterruptedException {
		Contender contender = client.equals("webClient") ? new PlainClient(baseUrl, n) : new TemplateClient(baseUrl, n);
		try {
			// a few streams' first chunks first, so both contenders start with their code loaded and compiled
			Flux.range(0, 20).flatMap((i) -> contender.stream().take(2)).blockLast(Duration.ofSeconds(30));
			long heapBefore = usedHeapAfterGc();
			AtomicLong chunks = new AtomicLong();
			AtomicLong failed = new AtomicLong();
			AtomicLong completed = new AtomicLong();
			List<Disposable> streams = new ArrayList<>(n);
			long start = System.nanoTime();
			// opened over a tenth of the stream's length: the stub's accept queue is not a test of the client
			long openOver = TimeUnit.SECONDS.toNanos(Math.max(1, seconds / 10));
			for (int i = 0; i < n; i++) {
				long due = start + openOver * i / n;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				streams.add(contender.stream()
					.subscribe((chunk) -> chunks.incrementAndGet(), (error) -> failed.incrementAndGet(),
							completed::incrementAndGet));
			}
			// all open: CPU from 2 s after the last was opened until 5 s before the first ends, then the heap (its
			// full collections outside the CPU window), all streams still open
			sleepUntil(start + openOver + TimeUnit.SECONDS.toNanos(2));
			long cpuFrom = cpuNanos();
			long chunksFrom = chunks.get();
			sleepUntil(start + TimeUnit.SECONDS.toNanos(seconds - 5));
			long cpu = cpuNanos() - cpuFrom;
			long windowChunks = chunks.get() - chunksFrom;
			long heapOpen = usedHeapAfterGc();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (completed.get() + failed.get() < n && System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
			streams.forEach(Disposable::dispose);
			long notFinished = n - completed.get() - failed.get();
			return new Result(client, n, (heapOpen - heapBefore) / 1024.0 / n,
					(windowChunks > 0) ? cpu / 1000.0 / windowChunks : Double.NaN, failed.get() + notFinished,
					chunks.get());
		}
		finally {
			contender.close();
		}
	}

	private static String render(List<Result> results, int[] sizes, int seconds, int rounds) {
		StringBuilder out = new StringBuilder();
		out.append("## Open streams (N streams, a chunk per second each for ").append(seconds).append(" s)\n\n");
		out.append("`OpenStreams`: the stub in a process of its own on loopback; the clients in one JVM with ")
			.append("`-Xmx512m`, one contender at a time, ")
			.append(rounds)
			.append(" rounds in alternating order. Heap: used heap after a full collection with all streams open, ")
			.append("less the same before, per stream. CPU: this process's CPU per chunk received while all ")
			.append("streams were open. Each cell: the median of the rounds (lowest–highest).\n\n");
		out.append("| client | N | heap KiB per open stream | CPU µs per chunk | failed or unfinished |\n");
		out.append("|---|--:|--:|--:|--:|\n");
		for (int n : sizes) {
			for (String client : List.of("webClient", "reactiveTemplate")) {
				List<Result> mine = results.stream()
					.filter((result) -> result.client().equals(client) && result.streams() == n)
					.toList();
				out.append(String.format(Locale.ROOT, "| `%s` | %d | %s | %s | %d |%n", client, n,
						cell(mine.stream().mapToDouble(Result::heapKiBPerStream).toArray()),
						cell(mine.stream().mapToDouble(Result::cpuMicrosPerChunk).toArray()),
						mine.stream().mapToLong(Result::failed).sum()));
			}
		}
		out.append("\nRatios, `reactiveTemplate` to `webClient` (medians): ");
		for (int n : sizes) {
			double heapRatio = median(results, "reactiveTemplate", n, true) / median(results, "webClient", n, true);
			double cpuRatio = median(results, "reactiveTemplate", n, false) / median(results, "webClient", n, false);
			out.append(String.format(Locale.ROOT, "N=%d: heap %.2f×, CPU %.2f×; ", n, heapRatio, cpuRatio));
		}
		out.append('\n');
		ReportCharts charts = ReportCharts.fromSystemProperties();
		if (charts != null) {
			out.append('\n').append(charts.openStreams("open-streams.svg",
					"Heap and CPU against open streams", results));
		}
		return out.toString();
	}

	private static double median(List<Result> results, String client, int n, boolean heap) {
		return median(results.stream()
			.filter((result) -> result.client().equals(client) && result.streams() == n)
			.mapToDouble((result) -> heap ? result.heapKiBPerStream() : result.cpuMicrosPerChunk())
			.toArray());
	}

	private static String cell(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return String.format(Locale.ROOT, "%.1f (%.1f–%.1f)", median(values), sorted[0], sorted[sorted.length - 1]);
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static void sleepUntil(long nanoTime) throws InterruptedException {
		long wait = nanoTime - System.nanoTime();
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static long cpuNanos() {
		return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	// ---- the contenders

	interface Contender extends AutoCloseable {

		Flux<?> stream();

		@Override
		void close();

	}

	/** A plain {@code WebClient} reading the events and decoding each chunk, as a user would write it. */
	static final class PlainClient implements Contender {

		private final JsonMapper mapper = JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();

		private final ConnectionProvider pool;

		private final WebClient client;

		PlainClient(String baseUrl, int n) {
			this.pool = ConnectionProvider.builder("open-streams").maxConnections(n + 10).pendingAcquireMaxCount(-1)
				.build();
			this.client = WebClient.builder()
				.baseUrl(baseUrl)
				.clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.pool)))
				.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + Clients.KEY)
				.build();
		}

		@Override
		public Flux<?> stream() {
			return this.client.post()
				.uri("/v1/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.bodyValue(Clients.Request.of(true))
				.retrieve()
				.bodyToFlux(EVENTS)
				.map(ServerSentEvent::data)
				.takeWhile((data) -> !"[DONE]".equals(data))
				.map((data) -> this.mapper.readValue(data, ChatCompletionChunk.class));
		}

		@Override
		public void close() {
			this.pool.dispose();
		}

	}

	/** The reactive template, auto-configured with its whole pipeline (metrics, observations, resilience). */
	static final class TemplateClient implements Contender {

		private final ConfigurableApplicationContext context;

		private final ReactiveAiApiTemplate template;

		TemplateClient(String baseUrl, int n) {
			this.context = Clients.Starter.context(baseUrl, "aiapi.pool.max-connections=" + (n + 10));
			this.template = this.context.getBean(ReactiveAiApiTemplate.class);
		}

		@Override
		public Flux<?> stream() {
			return this.template.chatStream(ChatCompletionRequest.builder()
				.model(Clients.MODEL)
				.system(Clients.SYSTEM)
				.user(Clients.PROMPT)
				.build());
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	// ---- the stub, in a process of its own

	private static Process startStub(int seconds) throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		return new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
				Stub.class.getName(), Integer.toString(seconds))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
	}

	private static String awaitStub(Process stub) throws IOException {
		BufferedReader lines = new BufferedReader(new InputStreamReader(stub.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = lines.readLine()) != null) {
			if (line.startsWith("stub at ")) {
				return line.substring("stub at ".length()).trim();
			}
		}
		throw new IllegalStateException("The stub did not start");
	}

	/** Answers every request with a stream: a chunk each second for the given seconds, then usage and [DONE]. */
	public static final class Stub {

		private static final String PREFIX = "data: {\"id\":\"chatcmpl-BENCH\",\"object\":\"chat.completion.chunk\","
				+ "\"created\":1764111600,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":";

		public static void main(String[] args) throws InterruptedException {
			int seconds = Integer.parseInt(args[0]);
			byte[] first = (PREFIX + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n")
				.getBytes(StandardCharsets.UTF_8);
			byte[] chunk = (PREFIX + "{\"content\":\"word \"},\"finish_reason\":null}]}\n\n")
				.getBytes(StandardCharsets.UTF_8);
			byte[] last = (PREFIX + "{},\"finish_reason\":\"stop\"}]}\n\n"
					+ "data: {\"id\":\"chatcmpl-BENCH\",\"object\":\"chat.completion.chunk\",\"created\":1764111600,"
					+ "\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":"
					+ seconds + ",\"total_tokens\":" + (24 + seconds) + "}}\n\ndata: [DONE]\n\n")
				.getBytes(StandardCharsets.UTF_8);
			DisposableServer server = HttpServer.create()
				.host("127.0.0.1")
				.port(0)
				.handle((request, response) -> request.receive()
					.then(response.status(200)
						.header("Content-Type", "text/event-stream")
						.header("X-Oneapi-Request-Id", "bench")
						.send(Flux.concat(Mono.fromSupplier(() -> (ByteBuf) Unpooled.wrappedBuffer(first)),
								Flux.interval(Duration.ofSeconds(1))
									.take(seconds)
									.map((tick) -> (ByteBuf) Unpooled.wrappedBuffer(chunk)),
								Mono.fromSupplier(() -> (ByteBuf) Unpooled.wrappedBuffer(last))), (buffer) -> true)
						.then()))
				.bindNow();
			System.out.println("stub at http://127.0.0.1:" + server.port());
			System.out.flush();
			server.onDispose().block();
		}

	}

}
