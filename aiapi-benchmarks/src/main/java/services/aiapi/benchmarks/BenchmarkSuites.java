package services.aiapi.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JMH benchmarks. Each state points its client at the stub given by {@code -Dbench.stub.url} (the report
 * runner starts it in its own JVM, so the stub's allocations never count against a client), or starts one.
 */
public final class BenchmarkSuites {

	static final List<String> STREAM_CLIENTS = List.of("rawNetty", "webClient", "reactiveTemplate",
			"blockingTemplate", "openaiJava", "langchain4j");

	static final List<String> FIRST_CHUNK_CLIENTS = List.of("rawNetty", "webClient", "reactiveTemplate",
			"openaiJava");

	static final List<String> IN_MEMORY_STREAM_CLIENTS = List.of("webClient", "reactiveTemplate", "blockingTemplate");

	static final List<String> ERROR_CLIENTS = List.of("rawNetty", "webClient", "reactiveTemplate", "openaiJava");

	private BenchmarkSuites() {
	}

	static BenchClient errorClient(String name, String baseUrl) {
		return name.equals("reactiveTemplate") ? new Clients.RateLimitedStarter(baseUrl) : Clients.create(name, baseUrl);
	}

	/** Holds a client and, when no stub was given, a stub of its own. */
	@State(Scope.Benchmark)
	public abstract static class ClientState {

		StubServer ownStub;

		BenchClient client;

		abstract String clientName();

		BenchClient create(String name, String baseUrl) {
			return Clients.create(name, baseUrl);
		}

		@Setup(Level.Trial)
		public void setUp() {
			CpuPinning.pinForkIfAsked();
			String url = System.getProperty("bench.stub.url");
			if (url == null) {
				this.ownStub = StubServer.start(0);
				url = this.ownStub.baseUrl();
			}
			this.client = create(clientName(), url);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.client.close();
			if (this.ownStub != null) {
				this.ownStub.close();
			}
		}

	}

	/** A chat completion per operation. */
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public static class Chat extends ClientState {

		@Param({ "rawNetty", "webClient", "webClientBoot", "reactiveTemplate", "blockingTemplate", "openaiJava",
				"langchain4j" })
		public String client;

		@Override
		String clientName() {
			return this.client;
		}

		@Benchmark
		public int chat() {
			return super.client.chat();
		}

	}

	/** A whole stream of {@value StubServer#STREAM_CHUNKS} chunks per operation. */
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public static class Stream extends ClientState {

		@Param({ "rawNetty", "webClient", "reactiveTemplate", "blockingTemplate", "openaiJava", "langchain4j" })
		public String client;

		@Override
		String clientName() {
			return this.client;
		}

		@Benchmark
		public int stream() {
			return super.client.stream();
		}

	}

	/** From sending a stream request to its first chunk. */
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public static class FirstChunk extends ClientState {

		@Param({ "rawNetty", "webClient", "reactiveTemplate", "openaiJava" })
		public String client;

		@Override
		String clientName() {
			return this.client;
		}

		@Benchmark
		public int firstChunk() {
			return super.client.firstChunk();
		}

	}

	/** A 429 turned into each client's exception, retries off. */
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public static class ErrorPath extends ClientState {

		@Param({ "rawNetty", "webClient", "reactiveTemplate", "openaiJava" })
		public String client;

		@Override
		String clientName() {
			return this.client;
		}

		@Override
		BenchClient create(String name, String baseUrl) {
			return errorClient(name, baseUrl);
		}

		@Benchmark
		public int rateLimited() {
			return super.client.rateLimited();
		}

	}

	/** Holds a client on {@link InMemoryConnector} (single-threaded; calls complete on the caller's thread). */
	@State(Scope.Benchmark)
	public abstract static class InMemoryState {

		BenchClient bench;

		abstract String clientName();

		@Setup(Level.Trial)
		public void setUp() {
			CpuPinning.pinForkIfAsked();
			this.bench = Clients.inMemory(clientName());
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.bench.close();
		}

	}

	/**
	 * A chat completion per operation on {@link InMemoryConnector}: what each client costs on top of the
	 * transport, measured without the network.
	 */
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public static class Overhead extends InMemoryState {

		@Param({ "webClient", "webClientBoot", "reactiveTemplate", "templateNoStarterObservation",
				"templateNoObservations", "templateNoResilience", "templateBare" })
		public String client;

		@Override
		String clientName() {
			return this.client;
		}

		@Benchmark
		public int chat() {
			return this.bench.chat();
		}

	}

	/**
	 * A chat completion per operation on {@link InMemoryConnector}, the rate limit kept by this instance or shared
	 * through a Redis server on loopback (never exhausted): the latency the shared limit adds to a call, as
	 * percentiles.
	 */
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public static class SharedLimit extends InMemoryState {

		@Param({ "reactiveTemplate", "templateSharedLimit" })
		public String client;

		@Override
		String clientName() {
			return this.client;
		}

		@Benchmark
		public int chat() {
			return this.bench.chat();
		}

	}

	/** A whole stream per operation over the in-memory transport: each client's work per chunk, no network. */
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public static class StreamOverhead extends InMemoryState {

		// as IN_MEMORY_STREAM_CLIENTS
		@Param({ "webClient", "reactiveTemplate", "blockingTemplate" })
		public String client;

		@Override
		String clientName() {
			return this.client;
		}

		@Benchmark
		public int stream() {
			return this.bench.stream();
		}

	}

	/** Start and close an application context with and without the starter's auto-configuration. */
	@BenchmarkMode(Mode.SingleShotTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@State(Scope.Benchmark)
	public static class Startup {

		@Param({ "without", "with" })
		public String starter;

		@Setup(Level.Trial)
		public void setUp() {
			CpuPinning.pinForkIfAsked();
		}

		@Benchmark
		public int start() {
			String exclude = "without".equals(this.starter)
					? "services.aiapi.autoconfigure.AiApiAutoConfiguration,services.aiapi.autoconfigure.AiApiHealthAutoConfiguration,"
							+ "services.aiapi.autoconfigure.AiApiMetricsAutoConfiguration,services.aiapi.autoconfigure.AiApiEndpointAutoConfiguration"
					: "";
			try (var context = Clients.Starter.context("https://aiapi.services", "spring.autoconfigure.exclude=" + exclude)) {
				return context.getBeanDefinitionCount();
			}
		}

	}

}
