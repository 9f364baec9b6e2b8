package services.aiapi.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seconds-long pass over every benchmarked client against the stub, so `./mvnw verify` proves the harness
 * works; the measurements themselves run with `BenchmarkReport`, outside CI.
 */
class BenchmarkSmokeTests {

	private static StubServer stub;

	@BeforeAll
	static void start() {
		stub = StubServer.start(0);
	}

	@AfterAll
	static void stop() {
		stub.close();
	}

	@Test
	void openStreamsMeasuresBothContendersWithoutFailuresAndChartsThem(@TempDir Path charts) throws Exception {
		System.setProperty("os.streams", "20");
		System.setProperty("os.seconds", "6");
		System.setProperty("os.rounds", "1");
		System.setProperty(ReportCharts.PROPERTY, charts.toString());
		try {
			String section = OpenStreams.measure();
			assertThat(section).contains("| `webClient` | 20 |").contains("| `reactiveTemplate` | 20 |");
			// every stream of both contenders finished: the last column is 0 on both rows
			assertThat(section.lines().filter((line) -> line.matches("\\| `\\w+` \\| 20 \\|.*\\| 0 \\|"))).hasSize(2);
			assertThat(section).contains("](" + charts.getFileName() + "/open-streams.svg)");
			assertThat(ReportChartsTests.texts(charts.resolve("open-streams.svg"))).contains("webClient",
					"reactiveTemplate", "open streams");
		}
		finally {
			System.clearProperty("os.streams");
			System.clearProperty("os.seconds");
			System.clearProperty("os.rounds");
			System.clearProperty(ReportCharts.PROPERTY);
		}
	}

	@Test
	void theSideBySideReportHasItsTablesAndChartsOfEveryContender(@TempDir Path charts) throws Exception {
		System.setProperty(ReportCharts.PROPERTY, charts.toString());
		System.setProperty(ReportCharts.LINK_PROPERTY, "benchmarks");
		try {
			List<String> clients = List.of("webClient", "reactiveTemplate");
			// 1 s windows: in a 0.3 s one a cold client under a loaded CI sometimes ended no 100-chunk stream at all
			String section = new SideBySide(stub.baseUrl(), Duration.ofSeconds(1), 2, Duration.ofSeconds(1))
				.report(clients, new int[] { 1, 4 }, clients);
			assertThat(section).contains("| `reactiveTemplate` |")
				.contains("![Calls/s as ratios to webClient in the same rounds](benchmarks/side-by-side-calls.svg)")
				.contains("](benchmarks/side-by-side-streams.svg)");
			assertThat(ReportChartsTests.texts(charts.resolve("side-by-side-calls.svg"))).contains("webClient",
					"reactiveTemplate", "C=1", "C=4", "target reactiveTemplate 0.95×");
			assertThat(ReportChartsTests.texts(charts.resolve("side-by-side-streams.svg"))).contains("webClient",
					"reactiveTemplate", "C=1", "C=16");
		}
		finally {
			System.clearProperty(ReportCharts.PROPERTY);
			System.clearProperty(ReportCharts.LINK_PROPERTY);
		}
	}

	@Test
	void everyClientGetsTheSameAnswer() {
		int expected = "The quick brown fox jumps over the lazy dog. ".repeat(14).length();
		for (String name : Clients.ALL) {
			try (BenchClient client = Clients.create(name, stub.baseUrl())) {
				assertThat(client.chat()).as(name).isEqualTo(expected);
			}
		}
	}

	@Test
	void theSideBySideContendersGetTheSameAnswer() {
		int expected = "The quick brown fox jumps over the lazy dog. ".repeat(14).length();
		for (String name : List.of("webClientBlocking", "restClientHc5", "webClientCallerThread",
				"blockingTemplateEventLoop")) {
			try (BenchClient client = Clients.create(name, stub.baseUrl())) {
				assertThat(client.chat()).as(name).isEqualTo(expected);
				assertThat(client.chat()).as(name).isEqualTo(expected);
			}
		}
	}

	@Test
	void everyInMemoryClientGetsTheSameAnswerWithoutTheNetwork() {
		int expected = "The quick brown fox jumps over the lazy dog. ".repeat(14).length();
		for (String name : Clients.IN_MEMORY) {
			try (BenchClient client = Clients.inMemory(name)) {
				assertThat(client.chat()).as(name).isEqualTo(expected);
				assertThat(client.chat()).as(name).isEqualTo(expected);
			}
		}
	}

	@Test
	void theSharedLimitClientTakesItsPermitsFromRedis() {
		int expected = "The quick brown fox jumps over the lazy dog. ".repeat(14).length();
		try (BenchClient client = Clients.inMemory("templateSharedLimit")) {
			for (int i = 0; i < 3; i++) {
				assertThat(client.chat()).isEqualTo(expected);
			}
		}
		try (io.lettuce.core.RedisClient redis = io.lettuce.core.RedisClient.create(Clients.LoopbackRedis.url());
				var connection = redis.connect()) {
			assertThat(connection.sync().keys("aiapi:ratelimit:*")).isNotEmpty();
		}
	}

	@Test
	void everyInMemoryStreamingClientReadsTheWholeStreamWithoutTheNetwork() {
		for (String name : BenchmarkSuites.IN_MEMORY_STREAM_CLIENTS) {
			try (BenchClient client = Clients.inMemory(name)) {
				// every event up to [DONE], the usage chunk included
				assertThat(client.stream()).as(name).isEqualTo(StubServer.STREAM_CHUNKS + 1);
				assertThat(client.stream()).as(name).isEqualTo(StubServer.STREAM_CHUNKS + 1);
			}
		}
	}

	@Test
	void everyStreamingClientReadsTheWholeStream() {
		for (String name : BenchmarkSuites.STREAM_CLIENTS) {
			try (BenchClient client = Clients.create(name, stub.baseUrl())) {
				int chunks = client.stream();
				// every event up to [DONE] (LangChain4j counts only non-empty content deltas)
				assertThat(chunks).as(name).isIn(StubServer.STREAM_CHUNKS + 1, StubServer.STREAM_CHUNKS - 2);
			}
		}
		for (String name : BenchmarkSuites.FIRST_CHUNK_CLIENTS) {
			try (BenchClient client = Clients.create(name, stub.baseUrl())) {
				assertThat(client.firstChunk()).as(name).isGreaterThanOrEqualTo(0);
			}
		}
	}

	@Test
	void errorPathsProduceEachClientsException() {
		for (String name : BenchmarkSuites.ERROR_CLIENTS) {
			try (BenchClient client = BenchmarkSuites.errorClient(name, stub.baseUrl())) {
				assertThat(client.rateLimited()).as(name).isPositive();
			}
		}
	}

}
