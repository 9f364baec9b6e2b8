package services.aiapi.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Gives the stub and the client under test cores of their own with Linux's {@code taskset}. On a two-core virtual
 * machine, unpinned, the stub's event loop, the client's event loops and callers, and the JIT compiler are scheduled
 * across both cores as they happen to wake, and the same configuration measured 15-100 % apart between forks; with
 * the stub on one core and the client on the other, most forks of a client land within a few per cent (an occasional
 * fork still runs slow for its whole measurement, and the fork's JIT compiler now shares the client's one core:
 * see docs/benchmarks.md). The report
 * pins its own JVM (the stub) to the last core and passes the others to every fork in {@value #PROPERTY}; each fork
 * pins itself in its trial set-up. Threads started later inherit the pinning of the thread that starts them.
 */
final class CpuPinning {

	/** System property naming the CPUs (a {@code taskset} list such as {@code 0} or {@code 0-2}) of a fork. */
	static final String PROPERTY = "bench.cpus";

	private CpuPinning() {
	}

	/**
	 * Pin every thread of this JVM to the CPUs of {@value #PROPERTY}, if that is set.
	 */
	static void pinForkIfAsked() {
		String cpus = System.getProperty(PROPERTY);
		if (cpus != null && !cpus.isBlank() && !pinThisJvm(cpus)) {
			throw new IllegalStateException("Could not pin the benchmark fork to CPUs " + cpus + " with taskset");
		}
	}

	/**
	 * Pin every thread of this JVM to the given CPUs.
	 * @param cpus a {@code taskset} CPU list
	 * @return whether {@code taskset} did so
	 */
	static boolean pinThisJvm(String cpus) {
		try {
			Process process = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus,
					Long.toString(ProcessHandle.current().pid()))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			// no taskset (not Linux, or util-linux missing)
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
