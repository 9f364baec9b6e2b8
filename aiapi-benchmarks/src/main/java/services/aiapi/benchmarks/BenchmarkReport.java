package services.aiapi.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark against one stub (started here, outside the measured JVMs) and writes the table of
 * ratios against the plain WebClient baseline to {@code docs/benchmarks.md}. {@code -Dbench.quick=true} runs a
 * short pass to check the harness; its figures are not for publishing; {@code -Dbench.forks=3} runs each
 * configuration in three JVMs (three times as long) and averages them. With two or more cores and {@code taskset}
 * the stub gets the last core and the forks the others ({@link CpuPinning}); {@code -Dbench.pin=false} turns that
 * off.
 * <p>
 * To study one configuration, start a stub in its own JVM ({@code StubServer} with a port) and run JMH's main
 * class on this module's classpath, for example
 * {@code BenchmarkSuites.Chat.chat -p client=reactiveTemplate -t 16 -f 1 -wi 8 -w 5s -jvmArgsAppend
 * -Dbench.stub.url=http://127.0.0.1:18080 -prof services.aiapi.benchmarks.CpuProfiler} (or {@code -prof jfr}),
 * pinned like the report with {@code taskset -a -p -c 1 <stub pid>} and {@code -Dbench.cpus=0 -Dbench.jit.cpus=1} in the
 * fork's arguments;
 * {@code -Dbench.starter.properties=a=b;c=d} in the fork's arguments switches starter features for a factor
 * analysis. {@code BenchmarkSuites.Overhead.chat} and {@code StreamOverhead.stream} measure each client on an in-memory
 * transport, which leaves out the network's cost and most of its noise.
 */
public final class BenchmarkReport {



	private static final String BASELINE = "webClient";

	private static final int WARMUP_ITERATIONS = 8;

	private final boolean quick = Boolean.getBoolean("bench.quick");

	// JIT decisions differ between JVMs: the same configuration can land 30 % apart in two forks on this machine
	private final int forks = Integer.getInteger("bench.forks", 1);

	private final String stubUrl;

	// the forks' CPUs when the stub has a core of its own, else null (see CpuPinning)
	private final String forkCpus;

	private BenchmarkReport(String stubUrl, String forkCpus) {
		this.stubUrl = stubUrl;
		this.forkCpus = forkCpus;
	}

	// read before pinning: once pinned, the JVM counts only the cores it may use
	private static final int CORES = Runtime.getRuntime().availableProcessors();

	public static void main(String[] args) throws RunnerException, IOException {
		if ("sharedLimit".equals(System.getProperty("bench.section"))) {
			// one section alone, printed: -Dbench.section=sharedLimit
			System.out.println(new BenchmarkReport("http://unused", pinStub()).sharedLimit());
			return;
		}
		Path output = Path.of(System.getProperty("bench.output", "docs/benchmarks.md"));
		chartsBeside(output);
		// throughput first, interleaved in this JVM (before it is pinned to the stub's core)
		String sideBySide = SideBySide.measure();
		// many slow streams held open, in a JVM of its own with a 512 MB heap
		try {
			sideBySide = sideBySide + "\n" + OpenStreams.section();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		try (StubServer stub = StubServer.start(0)) {
			new BenchmarkReport(stub.baseUrl(), pinStub()).run(output, sideBySide);
		}
	}

	// the charts go to a folder named like the report, beside it (docs/benchmarks.md: docs/benchmarks/*.svg)
	static void chartsBeside(Path output) {
		String name = output.getFileName().toString().replaceFirst("\\.md$", "");
		Path folder = output.toAbsolutePath().getParent().resolve(name);
		System.setProperty(ReportCharts.PROPERTY, folder.toString());
		System.setProperty(ReportCharts.LINK_PROPERTY, name);
	}

	// -Dbench.pin=false leaves the scheduler free, as before
	private static String pinStub() {
		if (CORES < 2 || !Boolean.parseBoolean(System.getProperty("bench.pin", "true"))) {
			return null;
		}
		if (!CpuPinning.pinThisJvm(Integer.toString(CORES - 1))) {
			System.out.println("taskset not available: the stub and the clients share all cores");
			return null;
		}
		return (CORES == 2) ? "0" : "0-" + (CORES - 2);
	}

	// pinned, a fork's JIT compiler threads go to the stub's core: sharing the fork's one core with 64 callers, C2
	// needed ~55 s to warm the template up (measured at c=64), on the other core ~20 s
	private String[] forkArgs(String... args) {
		return (this.forkCpus != null) ? Stream
			.concat(Stream.of(args),
					Stream.of("-D" + CpuPinning.PROPERTY + "=" + this.forkCpus,
							"-D" + CpuPinning.JIT_PROPERTY + "=" + (CORES - 1)))
			.toArray(String[]::new) : args;
	}

	private ChainedOptionsBuilder options(String benchmark, int threads) {
		ChainedOptionsBuilder options = new OptionsBuilder().include("BenchmarkSuites\\." + benchmark + "$")
			.threads(threads)
			.forks(this.forks)
			.shouldDoGC(true)
			.addProfiler(CpuProfiler.class)
			.jvmArgsAppend(forkArgs("-Xms1g", "-Xmx1g", "-Dbench.stub.url=" + this.stubUrl));
		if (this.quick) {
			return options.warmupIterations(1)
				.warmupTime(TimeValue.seconds(1))
				.measurementIterations(1)
				.measurementTime(TimeValue.seconds(2));
		}
		// On two cores the C2 compiler is busy for 30-40 s of a Spring client's closed loop (measured: its thread
		// keeps a core half busy that long, and c=1 latency falls from ~800 to ~300 µs after ~30 s); anything
		// shorter measures the JIT, not the client.
		return options.warmupIterations(WARMUP_ITERATIONS)
			.warmupTime(TimeValue.seconds(5))
			.measurementIterations(4)
			.measurementTime(TimeValue.seconds(5));
	}

	// In memory a call is ~15-45 µs and warm within ~15 s, but the same configuration still lands up to 30 % apart
	// between forks and iterations, so at least two forks of shorter iterations.
	private ChainedOptionsBuilder overheadOptions(String benchmark) {
		ChainedOptionsBuilder options = new OptionsBuilder().include("BenchmarkSuites\\." + benchmark + "$")
			.forks(Math.max(2, this.forks))
			.shouldDoGC(true)
			.addProfiler(GCProfiler.class)
			.jvmArgsAppend(forkArgs("-Xms1g", "-Xmx1g"));
		if (this.quick) {
			return options.forks(1)
				.warmupIterations(1)
				.warmupTime(TimeValue.seconds(1))
				.measurementIterations(1)
				.measurementTime(TimeValue.seconds(1));
		}
		return options.warmupIterations(5)
			.warmupTime(TimeValue.seconds(3))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(3));
	}

	private static Map<String, RunResult> byClient(Collection<RunResult> results, String param) {
		Map<String, RunResult> map = new LinkedHashMap<>();
		for (RunResult result : results) {
			map.put(result.getParams().getParam(param), result);
		}
		return map;
	}

	private void run(Path output, String sideBySide) throws RunnerException, IOException {
		// JMH where it is steady: latency percentiles, CPU and allocation at c=1, time to first chunk, the error
		// path, per-call cost in memory, start-up; throughput ratios come from the interleaved side-by-side run
		Map<Integer, Map<String, RunResult>> chat = new LinkedHashMap<>();
		chat.put(1, byClient(new Runner(options("Chat\\.chat", 1).addProfiler(GCProfiler.class).build()).run(),
				"client"));
		Map<String, RunResult> firstChunk = byClient(new Runner(options("FirstChunk\\.firstChunk", 1).build()).run(),
				"client");
		Map<String, RunResult> errors = byClient(new Runner(options("ErrorPath\\.rateLimited", 1).build()).run(),
				"client");
		Map<String, RunResult> overhead = byClient(new Runner(overheadOptions("Overhead\\.chat").build()).run(), "client");
		Map<String, RunResult> streamOverhead = byClient(
				new Runner(overheadOptions("StreamOverhead\\.stream").build()).run(), "client");
		Map<String, RunResult> startup = byClient(new Runner(new OptionsBuilder().include("BenchmarkSuites\\.Startup\\.start$")
			.forks(this.quick ? 1 : 3)
			.warmupIterations(this.quick ? 1 : 5)
			.measurementIterations(this.quick ? 3 : 15)
			.jvmArgsAppend(forkArgs("-Xms1g", "-Xmx1g"))
			.build()).run(), "starter");
		String sharedLimit = sharedLimit();
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.writeString(output,
				render(chat, firstChunk, errors, overhead, streamOverhead, startup, sideBySide) + sharedLimit);
		System.out.println("Wrote " + output.toAbsolutePath());
	}

	/**
	 * The latency the rate limit shared through Redis adds to a call: the reactive template on the in-memory
	 * transport with its own limiter and with the shared one (Redis on loopback), interleaved in short single-fork
	 * windows, the order reversed every other round; each round's difference at p50 and p99, then their median and
	 * spread.
	 * @return the report's section
	 * @throws RunnerException when JMH fails
	 */
	String sharedLimit() throws RunnerException {
		int rounds = this.quick ? 1 : 3;
		List<double[]> added = new java.util.ArrayList<>();
		StringBuilder rows = new StringBuilder();
		for (int round = 1; round <= rounds; round++) {
			List<String> order = (round % 2 == 1) ? List.of("reactiveTemplate", "templateSharedLimit")
					: List.of("templateSharedLimit", "reactiveTemplate");
			Map<String, double[]> percentiles = new LinkedHashMap<>();
			for (String client : order) {
				RunResult result = new Runner(new OptionsBuilder().include("BenchmarkSuites\\.SharedLimit\\.chat$")
					.param("client", client)
					.forks(1)
					.warmupIterations(this.quick ? 1 : 3)
					.warmupTime(TimeValue.seconds(this.quick ? 1 : 3))
					.measurementIterations(this.quick ? 1 : 3)
					.measurementTime(TimeValue.seconds(this.quick ? 1 : 3))
					.jvmArgsAppend(forkArgs("-Xms1g", "-Xmx1g"))
					.build()).run().iterator().next();
				var statistics = result.getPrimaryResult().getStatistics();
				percentiles.put(client, new double[] { statistics.getPercentile(50), statistics.getPercentile(99) });
			}
			double[] local = percentiles.get("reactiveTemplate");
			double[] shared = percentiles.get("templateSharedLimit");
			added.add(new double[] { shared[0] - local[0], shared[1] - local[1] });
			rows.append(String.format(Locale.ROOT, "| %d (%s first) | %.1f / %.1f | %.1f / %.1f | %+.1f / %+.1f |%n",
					round, order.get(0).equals("reactiveTemplate") ? "local" : "shared", local[0], local[1], shared[0],
					shared[1], shared[0] - local[0], shared[1] - local[1]));
		}
		StringBuilder md = new StringBuilder("\n## Rate limit shared through Redis (in-memory transport, Redis 6.2 on loopback, c=1)\n\n");
		md.append("`BenchmarkSuites.SharedLimit.chat`: the reactive template with its own limiter (`reactiveTemplate`) and ")
			.append("with `aiapi.rate-limiter.shared.enabled` (`templateSharedLimit`: one Bucket4j compare-and-swap and a ")
			.append("pause-key read per call, a limit never reached), one fork each per round, interleaved. µs per call.\n\n");
		md.append("| round | local p50 / p99 | shared p50 / p99 | added p50 / p99 |\n|---|--:|--:|--:|\n").append(rows);
		double[] p50 = added.stream().mapToDouble((a) -> a[0]).sorted().toArray();
		double[] p99 = added.stream().mapToDouble((a) -> a[1]).sorted().toArray();
		md.append(String.format(Locale.ROOT, "%nAdded by the shared limit: **p50 %+.0f µs** (rounds %.0f to %.0f), "
				+ "**p99 %+.0f µs** (%.0f to %.0f).%n", p50[p50.length / 2], p50[0], p50[p50.length - 1],
				p99[p99.length / 2], p99[0], p99[p99.length - 1]));
		return md.toString();
	}

	private String render(Map<Integer, Map<String, RunResult>> chat, Map<String, RunResult> firstChunk,
			Map<String, RunResult> errors, Map<String, RunResult> overhead, Map<String, RunResult> streamOverhead,
			Map<String, RunResult> startup, String sideBySide) {
		StringBuilder md = new StringBuilder();
		md.append("# Benchmarks\n\n");
		md.append("Measured ").append(LocalDate.now()).append(" with `BenchmarkReport` (JMH ")
			.append(org.openjdk.jmh.util.Version.getPlainVersion())
			.append(")").append(this.quick ? " — **quick pass: figures not for publishing**" : "").append(".\n\n");
		md.append("- Machine: ").append(CORES).append(" cores, ")
			.append(memory()).append(", ").append(cpu()).append('\n');
		md.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ')
			.append(System.getProperty("java.runtime.version")).append(", forks run with `-Xms1g -Xmx1g`\n");
		md.append("- Settings: ")
			.append(this.quick ? "1×1 s warm-up, 1×2 s measurement" : WARMUP_ITERATIONS + "×5 s warm-up, 4×5 s measurement")
			.append(", ").append(this.forks).append((this.forks == 1) ? " fork" : " forks").append(" per configuration; the stub (Reactor Netty) runs in the launching JVM, so client JVMs measure only the client")
			.append((this.forkCpus != null)
					? "; pinned with `taskset`: the stub to the last core, each fork to CPU " + this.forkCpus
							+ ", so neither takes the other's core and calls/s is what the client's core can do; the "
							+ "fork's JIT compiler threads run on the stub's core, so that warming up does not take the "
							+ "client's core (they are idle once warm).\n"
					: " (not pinned: they share the cores with it, so calls/s also depends on the stub's share).\n");
		md.append("- Baseline: `webClient` — a plain `WebClient` + Jackson as a user would hand-write it; `webClientBoot` is the "
				+ "same built from Spring Boot's `WebClient.Builder` (which adds the `http.client.requests` observation and its "
				+ "metrics; the starter observes each call once instead, as `aiapi.client.calls`). `reactiveTemplate` / "
				+ "`blockingTemplate` run the full starter pipeline auto-configured by Spring Boot: validation, rate limiter "
				+ "(limit high enough never to throttle), per-model circuit breaker, retry, error translation, Micrometer "
				+ "metrics and observations (SimpleMeterRegistry); its per-failure WARN log line is turned off, or the error path would measure the console.\n");
		md.append("- Command: `./mvnw -pl aiapi-benchmarks -am -DskipTests package exec:exec`\n\n");

		md.append(sideBySide).append('\n');
		md.append("## Chat latency, CPU and allocation at c=1 (JMH, single fork; ~1 KB response with usage)\n\n");
		md.append("Sampled latency of a closed loop on one thread and the client JVM's CPU per call (`CpuProfiler`); "
				+ "throughput ratios are in the side-by-side section above, measured interleaved.\n\n");
		md.append("| client | p50 µs | p99 µs | client CPU µs/call | CPU ratio |\n|---|---|---|---|---|\n");
		for (String client : Clients.ALL) {
			RunResult result = chat.get(1).get(client);
			if (result == null) {
				continue;
			}
			double cpu = cpu(result);
			md.append("| `").append(client).append("` | ").append(format(percentile(result, 50))).append(" | ")
				.append(format(percentile(result, 99))).append(" | ").append(format(cpu)).append(" | ")
				.append(ratio(cpu, cpu(chat.get(1).get(BASELINE)))).append(" |\n");
		}

		ReportCharts charts = ReportCharts.fromSystemProperties();
		if (charts != null) {
			md.append('\n').append(charts.percentiles("chat-latency.svg", "Chat latency at c=1 by percentile (JMH sample time)",
					CHART_PERCENTILES, latencies(chat.get(1), Clients.ALL)));
		}

		md.append("\n## Allocation per chat call (c=1, JMH gc profiler, client JVM only)\n\n");
		md.append("| client | bytes/call | ratio |\n|---|---|---|\n");
		double baseAlloc = allocation(chat.get(1).get(BASELINE));
		for (String client : Clients.ALL) {
			if (chat.get(1).get(client) == null) {
				continue;
			}
			double alloc = allocation(chat.get(1).get(client));
			md.append("| `").append(client).append("` | ").append(format(alloc)).append(" | ").append(ratio(alloc, baseAlloc))
				.append(" |\n");
		}

		md.append("\n## Time to first chunk (c=1, µs; difference against `rawNetty`)\n\n");
		md.append("| client | p50 | p99 | p50 − rawNetty p50 |\n|---|---|---|---|\n");
		double rawFirst = percentile(firstChunk.get("rawNetty"), 50);
		for (String client : BenchmarkSuites.FIRST_CHUNK_CLIENTS) {
			RunResult result = firstChunk.get(client);
			md.append("| `").append(client).append("` | ").append(format(percentile(result, 50))).append(" | ")
				.append(format(percentile(result, 99))).append(" | ")
				.append(String.format(Locale.ROOT, "%+.0f", percentile(result, 50) - rawFirst)).append(" |\n");
		}

		if (charts != null) {
			md.append('\n').append(charts.percentiles("first-chunk-latency.svg",
					"Time to first chunk at c=1 by percentile (JMH sample time)", CHART_PERCENTILES,
					latencies(firstChunk, BenchmarkSuites.FIRST_CHUNK_CLIENTS)));
		}

		md.append("\n## Error path (429 → the client's exception, retries off, c=1)\n\n");
		md.append("| client | calls/s | ratio |\n|---|---|---|\n");
		double baseErrors = errors.get(BASELINE).getPrimaryResult().getScore();
		for (String client : BenchmarkSuites.ERROR_CLIENTS) {
			double score = errors.get(client).getPrimaryResult().getScore();
			md.append("| `").append(client).append("` | ").append(format(score)).append(" | ").append(ratio(score, baseErrors))
				.append(" |\n");
		}

		md.append("\n## Per-call cost without the network (in-memory transport, c=1)\n\n");
		md.append("Each client's chat call against `InMemoryConnector`, which encodes the request and answers at once on the "
				+ "caller's thread: no sockets, event loops or stub, so what is left is what the client itself does per call. "
				+ "The `template…` rows are the full template with features switched off by their properties, to show what "
				+ "each costs. Mean of ").append(overhead.get(BASELINE).getParams().getForks())
			.append((overhead.get(BASELINE).getParams().getForks() == 1) ? " fork" : " forks")
			.append("; lower is better.\n\n");
		md.append("| client | µs/call | − `webClient` (µs) | − `webClientBoot` (µs) | bytes/call |\n|---|---|---|---|---|\n");
		double baseOverhead = overhead.get(BASELINE).getPrimaryResult().getScore();
		double bootOverhead = overhead.get("webClientBoot").getPrimaryResult().getScore();
		for (String client : Clients.IN_MEMORY) {
			double score = overhead.get(client).getPrimaryResult().getScore();
			md.append("| `").append(client).append("` | ").append(format(score)).append(" ± ")
				.append(format(overhead.get(client).getPrimaryResult().getScoreError())).append(" | ")
				.append(String.format(Locale.ROOT, "%+.1f", score - baseOverhead)).append(" | ")
				.append(String.format(Locale.ROOT, "%+.1f", score - bootOverhead)).append(" | ")
				.append(format(allocation(overhead.get(client)))).append(" |\n");
		}
		double added = overhead.get("reactiveTemplate").getPrimaryResult().getScore() - baseOverhead;
		double webClientCpu = cpu(chat.get(1).get(BASELINE));
		md.append("\nThe template adds **").append(format(added)).append(" µs** per call to the plain WebClient's own work. ")
			.append("Over the network the plain WebClient's JVM spends ").append(format(webClientCpu))
			.append(" µs of CPU per call at c=1 (table above), so on CPU alone the template's ceiling is ")
			.append(ratio(webClientCpu, webClientCpu + added)).append(" its throughput.\n");

		md.append("\n## Per-stream cost without the network (in-memory transport, c=1)\n\n");
		md.append("A whole ").append(StubServer.STREAM_CHUNKS)
			.append("-chunk stream per operation against `InMemoryConnector`, which delivers the stub's events in 2 KB reads "
					+ "on the caller's thread: each client's decoding, per-chunk and per-stream work without the network. Mean of ")
			.append(streamOverhead.get(BASELINE).getParams().getForks())
			.append((streamOverhead.get(BASELINE).getParams().getForks() == 1) ? " fork" : " forks")
			.append("; ratio is streams/s against `webClient`.\n\n");
		md.append("| client | µs/stream | ratio | − `webClient` per chunk (µs) | bytes/stream |\n|---|---|---|---|---|\n");
		double baseStream = streamOverhead.get(BASELINE).getPrimaryResult().getScore();
		for (String client : BenchmarkSuites.IN_MEMORY_STREAM_CLIENTS) {
			RunResult result = streamOverhead.get(client);
			double score = result.getPrimaryResult().getScore();
			md.append("| `").append(client).append("` | ").append(format(score)).append(" ± ")
				.append(format(result.getPrimaryResult().getScoreError())).append(" | ").append(ratio(baseStream, score))
				.append(" | ")
				.append(String.format(Locale.ROOT, "%+.2f", (score - baseStream) / StubServer.STREAM_CHUNKS))
				.append(" | ").append(format(allocation(result))).append(" |\n");
		}

		md.append("\n## Context start-up (single shot, ms)\n\n");
		double without = startup.get("without").getPrimaryResult().getScore();
		double with = startup.get("with").getPrimaryResult().getScore();
		md.append("| application context | mean ms | ± error |\n|---|---|---|\n");
		md.append("| without the starter's auto-configuration | ").append(format(without)).append(" | ")
			.append(format(startup.get("without").getPrimaryResult().getScoreError())).append(" |\n");
		md.append("| with it | ").append(format(with)).append(" | ")
			.append(format(startup.get("with").getPrimaryResult().getScoreError())).append(" |\n");
		md.append("\nAdded by the auto-configuration: **").append(format(with - without)).append(" ms**.\n\n");

		md.append("## Other targets (the throughput and CPU targets are in the side-by-side section)\n\n");
		List<String> lines = new ArrayList<>();
		lines.add(targetAtMost("allocation ≤ plain WebClient", allocation(chat.get(1).get("reactiveTemplate")) / baseAlloc,
				1.0));
		double firstDelta = percentile(firstChunk.get("reactiveTemplate"), 50) - rawFirst;
		lines.add((firstDelta <= 100 ? "- met: " : "- **missed**: ") + "time to first chunk within 100 µs of raw Reactor Netty at p50 ("
				+ String.format(Locale.ROOT, "%+.0f µs", firstDelta) + ")");
		lines.add(((with - without) <= 50 ? "- met: " : "- **missed**: ") + "auto-configuration adds ≤ 50 ms to start-up ("
				+ format(with - without) + " ms)");
		md.append(String.join("\n", lines)).append('\n');
		return md.toString();
	}

	private static String target(String name, double ratio, double goal) {
		return ((ratio >= goal) ? "- met: " : "- **missed**: ") + name + " (" + String.format(Locale.ROOT, "%.2f×", ratio)
				+ ")";
	}

	private static String targetAtMost(String name, double ratio, double goal) {
		return ((ratio <= goal) ? "- met: " : "- **missed**: ") + name + " (" + String.format(Locale.ROOT, "%.2f×", ratio)
				+ ")";
	}

	private static final double[] CHART_PERCENTILES = { 50, 90, 99, 99.9 };

	// per client measured, its latency at each of the chart's percentiles
	private static Map<String, double[]> latencies(Map<String, RunResult> results, List<String> clients) {
		Map<String, double[]> latencies = new LinkedHashMap<>();
		for (String client : clients) {
			RunResult result = results.get(client);
			if (result != null) {
				latencies.put(client, Arrays.stream(CHART_PERCENTILES)
					.map((percentile) -> percentile(result, percentile))
					.toArray());
			}
		}
		return latencies;
	}

		// SampleTime scores are mean µs per call; a closed loop of N threads completes N / mean calls per µs.
	private static double percentile(RunResult result, double percentile) {
		return result.getPrimaryResult().getStatistics().getPercentile(percentile);
	}

	private static double allocation(RunResult result) {
		Result<?> norm = result.getSecondaryResults().get("gc.alloc.rate.norm");
		return (norm != null) ? norm.getScore() : Double.NaN;
	}

	private static double cpu(RunResult result) {
		Result<?> cpu = result.getSecondaryResults().get(CpuProfiler.RESULT);
		return (cpu != null) ? cpu.getScore() : Double.NaN;
	}

	private static String ratio(double value, double baseline) {
		return String.format(Locale.ROOT, "%.2f×", value / baseline);
	}

	private static String format(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		return (Math.abs(value) >= 100) ? String.format(Locale.ROOT, "%,.0f", value)
				: String.format(Locale.ROOT, "%.1f", value);
	}

	private static String memory() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return Math.round(os.getTotalMemorySize() / (1024d * 1024 * 1024)) + " GiB";
		}
		return "memory unknown";
	}

	private static String cpu() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.findFirst()
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.orElse("cpu unknown");
		}
		catch (IOException ex) {
			return "cpu unknown";
		}
	}


}
