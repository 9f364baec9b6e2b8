package services.aiapi.sample;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import services.aiapi.test.AiApiSimulator;
import services.aiapi.test.RecordedRequest;

/**
 * Turns a request of the test that got no answer in time ("Timeout on blocking read") into a failure that says what
 * the process was doing: the requests the simulator received during the test, and every event-loop or simulator
 * thread that was not idle (its state and top frames) — the first line of a CI report is often all there is to read.
 * The whole thread dump goes to the test's output.
 */
class TimeoutDiagnostics implements TestExecutionExceptionHandler {

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		if (!(failure instanceof IllegalStateException) || failure.getMessage() == null
				|| !failure.getMessage().startsWith("Timeout on blocking read")) {
			throw failure;
		}
		ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(false, false);
		System.out.println("Thread dump at the timeout of " + context.getDisplayName() + ":");
		Arrays.stream(threads).forEach((thread) -> System.out.print(thread));
		AssertionError described = new AssertionError(failure.getMessage() + " — simulator received " + requests(context)
				+ "; busy threads: " + busy(threads), failure);
		throw described;
	}

	private static String requests(ExtensionContext context) {
		try {
			ApplicationContext application = SpringExtension.getApplicationContext(context);
			List<RecordedRequest> requests = application.getBean(AiApiSimulator.class).requests();
			return requests.size() + " requests, last: " + requests.stream()
				.skip(Math.max(0, requests.size() - 4))
				.map((request) -> request.method() + " " + request.path() + " at " + request.receivedAt())
				.collect(Collectors.joining(", "));
		}
		catch (RuntimeException ex) {
			return "(unknown: " + ex + ")";
		}
	}

	// an event loop waiting in select/epoll, or a pool thread parked for work, is idle; anything else is shown
	private static String busy(ThreadInfo[] threads) {
		String busy = Arrays.stream(threads)
			.filter((thread) -> thread.getThreadName().startsWith("reactor-http") || thread.getThreadName().startsWith("qtp")
					|| thread.getThreadName().startsWith("parallel") || thread.getThreadName().startsWith("boundedElastic"))
			.filter((thread) -> !idle(thread))
			.map((thread) -> thread.getThreadName() + " " + thread.getThreadState() + " at "
					+ Arrays.stream(thread.getStackTrace()).limit(4).map(StackTraceElement::toString)
						.collect(Collectors.joining(" < ")))
			.limit(8)
			.collect(Collectors.joining(" | "));
		return busy.isEmpty() ? "none" : busy;
	}

	private static boolean idle(ThreadInfo thread) {
		StackTraceElement[] stack = thread.getStackTrace();
		if (stack.length == 0 || thread.getThreadName().contains("-acceptor-")) {
			return true;
		}
		String top = Arrays.stream(stack).limit(12).map(StackTraceElement::toString).collect(Collectors.joining());
		return IDLE.stream().anyMatch(top::contains);
	}

	// where a thread of these pools waits for work
	private static final List<String> IDLE = List.of("epollWait", "EPoll", "SelectorImpl", "BlockingArrayQueue.poll",
			"QueuedThreadPool.idleJobPoll", "ReservedThreadExecutor", "DelayedWorkQueue.take", "ThreadPoolExecutor.getTask",
			"ServerConnector.accept");

}
