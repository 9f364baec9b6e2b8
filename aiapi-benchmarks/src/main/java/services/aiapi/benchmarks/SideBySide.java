package services.aiapi.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The throughput figures of the report, measured so that a 5 % difference shows on this machine: every contender
 * in one JVM against the in-process stub, warmed up first, then measured in short windows that alternate between
 * the contenders over several rounds, the order reversed every other round. Each ratio is taken between windows
 * of the same round (so a machine that drifts drifts for both) and reported as the median over rounds with its
 * spread. Reactive clients keep C calls in flight; blocking clients run on C platform threads.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> services.aiapi.benchmarks.SideBySide} (properties:
 * {@code sbs.window} seconds per window, {@code sbs.rounds}, {@code sbs.warmup} seconds per contender,
 * {@code sbs.concurrency} like {@code 1,16,64}, {@code sbs.clients}, {@code sbs.quick=true} for a seconds-long pass).
 */
public final class SideBySide {

	static final String BASELINE = "webClient";

	// the throughput targets against the plain WebClient: the targets list and the charts' dashed lines
	private static final double REACTIVE_TARGET = 0.95;

	private static final double BLOCKING_TARGET = 0.90;

	private final String baseUrl;

	private final Duration window;

	private final Duration ramp;

	private final int rounds;

	private final Duration warmup;

	SideBySide(String baseUrl, Duration window, int rounds, Duration warmup) {
		this.baseUrl = baseUrl;
		this.window = window;
		this.ramp = window.dividedBy(6);
		this.rounds = rounds;
		this.warmup = warmup;
	}

	/** One contender's window: calls (or chunks) per second and the process's CPU per call. */
	record Window(double perSecond, double cpuMicrosPerCall) {
	}

	/** A contender's windows at one concurrency, by round. */
	record Series(String client, int concurrency, List<Window> windows) {
	}

	public static void main(String[] args) {
		System.out.println(measure());
	}

	/**
	 * Measure as the {@code sbs.*} properties say, against a stub of its own in this JVM.
	 * @return the report's section
	 */
	static String measure() {
		// LangChain4j logs every retried connection reset with its stack trace
		System.setProperty("logging.level.dev.langchain4j", "ERROR");
		boolean quick = Boolean.getBoolean("sbs.quick") || Boolean.getBoolean("bench.quick");
		Duration window = Duration.ofMillis((long) (1000 * Double.parseDouble(System.getProperty("sbs.window", quick ? "0.5" : "3"))));
		int rounds = Integer.getInteger("sbs.rounds", quick ? 2 : 5);
		Duration warmup = Duration.ofSeconds(Integer.getInteger("sbs.warmup", quick ? 1 : 30));
		int[] concurrency = Arrays.stream(System.getProperty("sbs.concurrency", "1,16,64").split(","))
			.mapToInt(Integer::parseInt)
			.toArray();
		List<String> clients = List.of(System
			.getProperty("sbs.clients",
					"rawNetty,webClient,webClientBoot,reactiveTemplate,webClientBlocking,restClientHc5,blockingTemplate,blockingTemplateEventLoop,openaiJava,langchain4j")
			.split(","));
		List<String> streamClients = List
			.of(System.getProperty("sbs.streamClients", "webClient,reactiveTemplate,blockingTemplate,openaiJava")
				.split(","));
		try (StubServer stub = StubServer.start(0)) {
			return new SideBySide(stub.baseUrl(), window, rounds, warmup).report(clients, concurrency, streamClients);
		}
	}

	String report(List<String> names, int[] concurrency, List<String> streamNames) {
		Map<String, BenchClient> clients = new LinkedHashMap<>();
		for (String name : names) {
			clients.put(name, Clients.create(name, this.baseUrl));
		}
		try {
			warmUp(clients, false);
			Map<Integer, List<Series>> chat = new LinkedHashMap<>();
			for (int c : concurrency) {
				chat.put(c, interleave(clients, c, false));
			}
			Map<String, BenchClient> streamClients = new LinkedHashMap<>();
			streamNames.forEach((name) -> streamClients.put(name, clients.get(name)));
			warmUp(streamClients, true);
			Map<Integer, List<Series>> streams = new LinkedHashMap<>();
			for (int c : new int[] { 1, 16 }) {
				streams.put(c, interleave(streamClients, c, true));
			}
			return render(chat, streams);
		}
		finally {
			clients.values().forEach(BenchClient::close);
		}
	}

	private void warmUp(Map<String, BenchClient> clients, boolean stream) {
		// round-robin slices, so that no contender warms up on a machine the others did not see
		long slices = Math.max(1, this.warmup.toMillis() / 2000);
		for (long slice = 0; slice < slices; slice++) {
			for (Map.Entry<String, BenchClient> client : clients.entrySet()) {
				run(client.getValue(), 16, stream, Duration.ofMillis(Math.min(2000, this.warmup.toMillis())));
			}
		}
	}

	private List<Series> interleave(Map<String, BenchClient> clients, int concurrency, boolean stream) {
		Map<String, List<Window>> windows = new LinkedHashMap<>();
		clients.keySet().forEach((name) -> windows.put(name, new ArrayList<>()));
		List<String> order = new ArrayList<>(clients.keySet());
		for (int round = 0; round < this.rounds; round++) {
			List<String> thisRound = new ArrayList<>(order);
			if (round % 2 == 1) {
				java.util.Collections.reverse(thisRound);
			}
			for (String name : thisRound) {
				windows.get(name).add(run(clients.get(name), concurrency, stream, this.window));
			}
			System.err.printf(Locale.ROOT, "%s c=%d round %d/%d done%n", stream ? "stream" : "chat", concurrency,
					round + 1, this.rounds);
		}
		List<Series> series = new ArrayList<>();
		windows.forEach((name, list) -> series.add(new Series(name, concurrency, list)));
		return series;
	}

	// one window: the load starts, runs a ramp that is not counted, then a counted window
	private Window run(BenchClient client, int concurrency, boolean stream, Duration length) {
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong done = new AtomicLong();
		Supplier<Mono<Integer>> async = () -> stream ? client.streamAsync() : client.chatAsync();
		IntSupplier blocking = () -> stream ? client.stream() : client.chat();
		Disposable reactive = null;
		List<Thread> threads = new ArrayList<>();
		if (async.get() != null) {
			reactive = Flux.range(0, concurrency)
				.flatMap((caller) -> Mono.defer(async).doOnNext((n) -> done.addAndGet(stream ? n : 1))
					.repeat(running::get), concurrency)
				.subscribe();
		}
		else {
			for (int i = 0; i < concurrency; i++) {
				Thread thread = new Thread(() -> {
					while (running.get()) {
						int n = blocking.getAsInt();
						done.addAndGet(stream ? n : 1);
					}
				});
				thread.setDaemon(true);
				thread.start();
				threads.add(thread);
			}
		}
		sleep(this.ramp);
		long calls0 = done.get();
		long cpu0 = processCpuNanos();
		long t0 = System.nanoTime();
		sleep(length);
		long calls1 = done.get();
		long cpu1 = processCpuNanos();
		long t1 = System.nanoTime();
		running.set(false);
		for (Thread thread : threads) {
			try {
				thread.join(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (reactive != null) {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!reactive.isDisposed() && System.nanoTime() < deadline) {
				sleep(Duration.ofMillis(5));
			}
			reactive.dispose();
		}
		double seconds = (t1 - t0) / 1e9;
		long count = calls1 - calls0;
		// per call (not per chunk) for CPU: a stream's calls are its chunks / chunks per stream
		double callsForCpu = stream ? count / (double) (StubServer.STREAM_CHUNKS + 1) : count;
		return new Window(count / seconds, (callsForCpu > 0) ? (cpu1 - cpu0) / 1e3 / callsForCpu : Double.NaN);
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A ratio's median over rounds and its spread. */
	record Ratio(double median, double min, double max) {

		static Ratio of(List<Double> values) {
			double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
			double median = (sorted.length % 2 == 1) ? sorted[sorted.length / 2]
					: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
			return new Ratio(median, sorted[0], sorted[sorted.length - 1]);
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%.2f× (%.2f–%.2f)", this.median, this.min, this.max);
		}

	}

	static Ratio ratio(Series of, Series to) {
		return Ratio.of(rounds(of, to));
	}

	// each round's ratio, between windows of the same round
	static List<Double> rounds(Series of, Series to) {
		List<Double> values = new ArrayList<>();
		for (int round = 0; round < of.windows().size(); round++) {
			values.add(of.windows().get(round).perSecond() / to.windows().get(round).perSecond());
		}
		return values;
	}

	// per concurrency, per client, the per-round ratios to the base: what a chart draws as boxes
	private static Map<String, Map<String, List<Double>>> chartRounds(Map<Integer, List<Series>> byConcurrency,
			String base) {
		Map<String, Map<String, List<Double>>> rounds = new LinkedHashMap<>();
		byConcurrency.forEach((c, series) -> {
			Map<String, List<Double>> clients = new LinkedHashMap<>();
			series.forEach((one) -> clients.put(one.client(), rounds(one, find(series, base))));
			rounds.put("C=" + c, clients);
		});
		return rounds;
	}

	static Ratio cpu(Series series) {
		return Ratio.of(series.windows().stream().map(Window::cpuMicrosPerCall).toList());
	}

	static Ratio cpuAdded(Series of, Series over) {
		List<Double> values = new ArrayList<>();
		for (int round = 0; round < of.windows().size(); round++) {
			values.add(of.windows().get(round).cpuMicrosPerCall() - over.windows().get(round).cpuMicrosPerCall());
		}
		return Ratio.of(values);
	}

	private String render(Map<Integer, List<Series>> chat, Map<Integer, List<Series>> streams) {
		StringBuilder md = new StringBuilder();
		md.append("## Side by side, interleaved (calls/s as ratios to a plain `WebClient` measured in the same rounds)\n\n");
		md.append(String.format(Locale.ROOT,
				"`SideBySide`: one JVM, in-process Reactor Netty stub; reactive clients keep C calls in flight, blocking "
						+ "clients run on C platform threads. %d rounds of %.1f s windows per contender (after a %.1f s "
						+ "uncounted ramp), the order reversed every other round, after %d s of round-robin warm-up each. "
						+ "Each cell: the median of the per-round ratios, (lowest–highest). CPU: the whole process "
						+ "(stub included) per call, µs, median over rounds.%n%n",
				this.rounds, this.window.toMillis() / 1000.0, this.ramp.toMillis() / 1000.0, this.warmup.toSeconds()));
		List<Integer> levels = new ArrayList<>(chat.keySet());
		md.append("| client |");
		levels.forEach((c) -> md.append(" C=").append(c).append(" |"));
		levels.forEach((c) -> md.append(" CPU µs C=").append(c).append(" |"));
		md.append("\n|---|");
		levels.forEach((c) -> md.append("--:|--:|"));
		md.append('\n');
		List<String> names = chat.get(levels.get(0)).stream().map(Series::client).toList();
		// without a plain WebClient among the contenders, the ratios are to the first one named
		String base = names.contains(BASELINE) ? BASELINE : names.get(0);
		for (String name : names) {
			md.append("| `").append(name).append("` |");
			for (int c : levels) {
				md.append(' ').append(ratio(find(chat.get(c), name), find(chat.get(c), base))).append(" |");
			}
			for (int c : levels) {
				md.append(String.format(Locale.ROOT, " %.0f |", cpu(find(chat.get(c), name)).median()));
			}
			md.append('\n');
		}
		md.append("\nAbsolute calls/s of the baseline, `" + base + "` (median): ");
		for (int c : levels) {
			md.append(String.format(Locale.ROOT, "C=%d %.0f; ", c,
					Ratio.of(find(chat.get(c), base).windows().stream().map(Window::perSecond).toList()).median()));
		}
		ReportCharts charts = ReportCharts.fromSystemProperties();
		if (charts != null) {
			md.append("\n\n").append(charts.ratios("side-by-side-calls.svg",
					"Calls/s as ratios to " + base + "" + " in the same rounds",
					chartRounds(chat, base), targetLines(REACTIVE_TARGET, BLOCKING_TARGET)));
		}
		md.append("\n\n### Streams (100 chunks + usage; chunks/s as ratios to `WebClient`)\n\n| client | C=1 | C=16 |\n|---|--:|--:|\n");
		List<String> streamNames = streams.get(1).stream().map(Series::client).toList();
		String streamBase = streamNames.contains(BASELINE) ? BASELINE : streamNames.get(0);
		for (String name : streamNames) {
			md.append("| `").append(name).append("` | ").append(ratio(find(streams.get(1), name), find(streams.get(1), streamBase)))
				.append(" | ").append(ratio(find(streams.get(16), name), find(streams.get(16), streamBase))).append(" |\n");
		}
		if (charts != null) {
			md.append('\n').append(charts.ratios("side-by-side-streams.svg",
					"Stream chunks/s as ratios to " + streamBase + "" + " in the same rounds",
					chartRounds(streams, streamBase), targetLines(null, BLOCKING_TARGET)));
		}
		md.append("\n### Targets (a ratio is **flagged** when its spread is wider than its distance to the target)\n\n");
		for (int c : levels) {
			Series blocking = find(chat.get(c), "blockingTemplate");
			Series bound = find(chat.get(c), "webClientBlocking");
			if (blocking != null && bound != null) {
				md.append(String.format(Locale.ROOT,
						"- for reference, not a target: `webClientBlocking` (the plain WebClient, block() on C threads) "
								+ "at C=%d is %s of `webClient`; `blockingTemplate` is %s of it%n",
						c, ratio(bound, find(chat.get(c), base)), ratio(blocking, bound)));
			}
		}
		for (int c : levels) {
			target(md, chat.get(c), "reactiveTemplate", BASELINE, REACTIVE_TARGET, c);
			target(md, chat.get(c), "reactiveTemplate", "webClientBoot", 1.0, c);
			target(md, chat.get(c), "blockingTemplate", BASELINE, BLOCKING_TARGET, c);
			target(md, chat.get(c), "blockingTemplate", "openaiJava", 1.0, c);
			target(md, chat.get(c), "blockingTemplate", "blockingTemplateEventLoop", 1.0, c);
		}
		for (int c : new int[] { 1, 16 }) {
			target(md, streams.get(c), "reactiveTemplate", BASELINE, 1.0, c, "streams, chunks/s: ");
			target(md, streams.get(c), "blockingTemplate", BASELINE, BLOCKING_TARGET, c, "streams, chunks/s: ");
		}
		for (int c : levels) {
			Series template = find(chat.get(c), "reactiveTemplate");
			Series boot = find(chat.get(c), "webClientBoot");
			if (template != null && boot != null) {
				Ratio added = cpuAdded(template, boot);
				md.append(String.format(Locale.ROOT,
						"- %s: CPU the starter adds over Boot's-builder WebClient at C=%d ≤ %d µs: %+.1f µs (%+.1f to %+.1f)%n",
						(added.median() <= maxAdded(c)) ? "met" : "**missed**", c, maxAdded(c), added.median(),
						added.min(), added.max()));
			}
		}
		return md.toString();
	}

	private static Map<String, Double> targetLines(Double reactive, double blocking) {
		Map<String, Double> lines = new LinkedHashMap<>();
		if (reactive != null) {
			lines.put(String.format(Locale.ROOT, "target reactiveTemplate %.2f×", reactive), reactive);
		}
		lines.put(String.format(Locale.ROOT, "target blockingTemplate %.2f×", blocking), blocking);
		return lines;
	}

	// the CPU the starter may add per call: 5 µs under concurrency (issue 23), 10 µs at C=1 where it is noisier
	private static int maxAdded(int c) {
		return (c == 1) ? 10 : 5;
	}

	private static void target(StringBuilder md, List<Series> series, String name, String against, double target,
			int c) {
		target(md, series, name, against, target, c, "");
	}

	private static void target(StringBuilder md, List<Series> series, String name, String against, double target,
			int c, String what) {
		Series of = find(series, name);
		Series to = find(series, against);
		if (of == null || to == null) {
			return;
		}
		Ratio ratio = ratio(of, to);
		boolean met = ratio.median() >= target;
		boolean unsure = (ratio.max() - ratio.min()) > Math.abs(ratio.median() - target);
		md.append(String.format(Locale.ROOT, "- %s%s: %s`%s` ≥ %.2f× `%s` at C=%d: %s%n", met ? "met" : "**missed**",
				unsure ? " (**flagged**: spread wider than the gap)" : "", what, name, target, against, c, ratio));
	}

	private static Series find(List<Series> series, String name) {
		return series.stream().filter((s) -> s.client().equals(name)).findFirst().orElse(null);
	}

}
