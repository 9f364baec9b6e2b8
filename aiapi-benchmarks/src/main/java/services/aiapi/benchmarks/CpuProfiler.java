package services.aiapi.benchmarks;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time the benchmark JVM spent per operation. {@value #RESULT}: all its threads (callers, event loops, JIT,
 * GC), from the operating system's process CPU clock. {@value #THREADS_RESULT}: the Java threads only (callers,
 * event loops, schedulers), which leaves out the JIT compiler and the garbage collector, so a fork whose compiler
 * is still busy does not count that against the client. {@value #JIT_RESULT}: milliseconds the JIT compiled
 * during the iteration (should be near zero once warm). On a small shared machine throughput depends on what else
 * runs (the stub takes its share of the same cores); CPU per call is the client's own cost. Use with
 * {@code -prof services.aiapi.benchmarks.CpuProfiler}.
 */
public final class CpuProfiler implements InternalProfiler {

	/** Name of the secondary result for process CPU per operation. */
	public static final String RESULT = "cpu.per.op";

	/** Name of the secondary result for Java-thread CPU per operation. */
	public static final String THREADS_RESULT = "threads.cpu.per.op";

	/** Name of the secondary result for Java-thread user-mode CPU per operation. */
	public static final String USER_RESULT = "user.cpu.per.op";

	/** Name of the secondary result for JIT compilation time per iteration. */
	public static final String JIT_RESULT = "jit.ms";

	private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private final CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();

	private long startCpuNanos;

	private long startThreadNanos;

	private long startUserNanos;

	private long startJitMillis;

	@Override
	public String getDescription() {
		return "Process, Java-thread and user-mode CPU time per operation, JIT time per iteration";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.startJitMillis = this.compilation.getTotalCompilationTime();
		this.startThreadNanos = threadCpuNanos(false);
		this.startUserNanos = threadCpuNanos(true);
		this.startCpuNanos = this.os.getProcessCpuTime();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
			IterationResult result) {
		long cpuNanos = this.os.getProcessCpuTime() - this.startCpuNanos;
		long threadNanos = threadCpuNanos(false) - this.startThreadNanos;
		long userNanos = threadCpuNanos(true) - this.startUserNanos;
		long jitMillis = this.compilation.getTotalCompilationTime() - this.startJitMillis;
		long ops = result.getMetadata().getAllOps();
		if (ops <= 0 || cpuNanos <= 0) {
			return List.of();
		}
		return List.of(new ScalarResult(RESULT, cpuNanos / 1000.0 / ops, "us/op", AggregationPolicy.AVG),
				new ScalarResult(THREADS_RESULT, threadNanos / 1000.0 / ops, "us/op", AggregationPolicy.AVG),
				new ScalarResult(USER_RESULT, userNanos / 1000.0 / ops, "us/op", AggregationPolicy.AVG),
				new ScalarResult(JIT_RESULT, jitMillis, "ms", AggregationPolicy.AVG));
	}

	// Threads that end during an iteration are missed; the measured ones (callers, event loops) live throughout.
	private long threadCpuNanos(boolean userOnly) {
		long[] ids = this.threads.getAllThreadIds();
		long total = 0;
		for (long cpu : (userOnly ? this.threads.getThreadUserTime(ids) : this.threads.getThreadCpuTime(ids))) {
			total += Math.max(0, cpu);
		}
		return total;
	}

}
