package services.aiapi.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gives the stub and the client under test cores of their own with Linux's {@code taskset}. On a two-core virtual
 * machine, unpinned, the stub's event loop, the client's event loops and callers, and the JIT compiler are scheduled
 * across both cores as they happen to wake, and the same configuration measured 15-100 % apart between forks; with
 * the stub on one core and the client on the other, most forks of a client land within a few per cent (an occasional
 * fork still runs slow for its whole measurement: see docs/benchmarks.md). The report pins its own JVM (the stub) to
 * the last core and passes the others to every fork in {@value #PROPERTY}, and the stub's core for the fork's JIT
 * compiler threads in {@value #JIT_PROPERTY} (on the client's one core, C2 took the template ~55 s to warm up at
 * c=64, on the stub's ~20 s; once warm they are idle); each fork pins itself in its trial set-up. Threads started
 * later inherit the pinning of the thread that starts them.
 */
final class CpuPinning {

	/** System property naming the CPUs (a {@code taskset} list such as {@code 0} or {@code 0-2}) of a fork. */
	static final String PROPERTY = "bench.cpus";

	/** System property naming the CPUs of a fork's JIT compiler threads. */
	static final String JIT_PROPERTY = "bench.jit.cpus";

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
		String jitCpus = System.getProperty(JIT_PROPERTY);
		if (jitCpus != null && !jitCpus.isBlank() && !pinCompilerThreads(jitCpus)) {
			throw new IllegalStateException("Could not pin the fork's JIT compiler threads to CPUs " + jitCpus);
		}
	}

	/**
	 * Pin this JVM's JIT compiler threads (found by name in {@code /proc/self/task}) to the given CPUs. Compiler
	 * threads HotSpot adds later are started by a compiler thread, so they inherit its CPUs.
	 * @param cpus a {@code taskset} CPU list
	 * @return whether there were compiler threads and {@code taskset} pinned every one
	 */
	static boolean pinCompilerThreads(String cpus) {
		boolean pinned = false;
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
			for (Path task : tasks) {
				String name;
				try {
					name = Files.readString(task.resolve("comm")).trim();
				}
				catch (IOException ex) {
					// the thread ended meanwhile
					continue;
				}
				if (name.contains("CompilerThre")) {
					if (!taskset("-p", "-c", cpus, task.getFileName().toString())) {
						return false;
					}
					pinned = true;
				}
			}
		}
		catch (IOException ex) {
			// no /proc (not Linux)
			return false;
		}
		return pinned;
	}

	/**
	 * Pin every thread of this JVM to the given CPUs.
	 * @param cpus a {@code taskset} CPU list
	 * @return whether {@code taskset} did so
	 */
	static boolean pinThisJvm(String cpus) {
		return taskset("-a", "-p", "-c", cpus, Long.toString(ProcessHandle.current().pid()));
	}

	private static boolean taskset(String... arguments) {
		try {
			List<String> command = new ArrayList<>(List.of("taskset"));
			command.addAll(List.of(arguments));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
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
