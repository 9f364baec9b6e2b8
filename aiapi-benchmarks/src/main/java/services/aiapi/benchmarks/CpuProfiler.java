package services.aiapi.benchmarks;

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
 * CPU time the benchmark JVM spent per operation: all its threads (callers, event loops, JIT, GC), from the
 * operating system's process CPU clock. On a small shared machine throughput depends on what else runs (the
 * stub takes its share of the same cores); CPU per call is the client's own cost and varies far less between
 * runs. Use with {@code -prof services.aiapi.benchmarks.CpuProfiler}.
 */
public final class CpuProfiler implements InternalProfiler {

	/** Name of the secondary result. */
	public static final String RESULT = "cpu.per.op";

	private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private long startCpuNanos;

	@Override
	public String getDescription() {
		return "Process CPU time per operation";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.startCpuNanos = this.os.getProcessCpuTime();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
			IterationResult result) {
		long cpuNanos = this.os.getProcessCpuTime() - this.startCpuNanos;
		long ops = result.getMetadata().getAllOps();
		if (ops <= 0 || cpuNanos <= 0) {
			return List.of();
		}
		return List.of(new ScalarResult(RESULT, cpuNanos / 1000.0 / ops, "us/op", AggregationPolicy.AVG));
	}

}
