package services.aiapi.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.test.publisher.TestPublisher;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

class WatchdogTimerTests {

	private static final Duration FIRST = Duration.ofSeconds(60);

	private static final Duration IDLE = Duration.ofSeconds(30);

	private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

	private final CountingScheduler scheduler = new CountingScheduler(this.clock);

	private final WatchdogTimer timer = new WatchdogTimer(this.scheduler);

	// stream name -> the virtual second it timed out at
	private final Map<String, Long> timedOut = new ConcurrentHashMap<>();

	@AfterEach
	void disposeClock() {
		this.clock.dispose();
	}

	private TestPublisher<String> start(String name) {
		TestPublisher<String> lines = TestPublisher.create();
		new IdleWatchdog(FIRST, IDLE, this.timer).watch(lines.flux()).subscribe((line) -> {
		}, (ex) -> {
			assertThat(ex).isInstanceOf(TimeoutException.class);
			this.timedOut.put(name, this.clock.now(TimeUnit.SECONDS));
		});
		return lines;
	}

	private void advanceTo(long second) {
		this.clock.advanceTimeTo(java.time.Instant.ofEpochSecond(second));
	}

	@Test
	void everyStreamTimesOutAtItsOwnDeadline() {
		TestPublisher<String> answered = start("answered");
		advanceTo(5);
		start("silent");
		advanceTo(10);
		answered.next("data: a");
		advanceTo(20);
		TestPublisher<String> chatty = start("chatty");
		advanceTo(25);
		chatty.next("data: b");
		advanceTo(50);
		chatty.next("data: c");
		TestPublisher<String> finished = start("finished");
		advanceTo(51);
		finished.next("data: d").complete();
		advanceTo(200);
		// 30 s after its last line, 60 s without a first one, 30 s after its last line; never the finished one
		assertThat(this.timedOut).containsExactlyInAnyOrderEntriesOf(Map.of("answered", 40L, "silent", 65L, "chatty", 80L));
	}

	@Test
	void aStreamThatKeepsTalkingNeverTimesOut() {
		TestPublisher<String> lines = start("talking");
		for (int second = 1; second <= 600; second += 29) {
			advanceTo(second);
			lines.next(": PING");
		}
		lines.complete();
		advanceTo(1000);
		assertThat(this.timedOut).isEmpty();
	}

	@Test
	void streamsInSteadyTrafficScheduleNothing() {
		// one long stream keeps a task armed; a hundred short ones come and go meanwhile, a second apart
		TestPublisher<String> longStream = start("long");
		longStream.next("data: first");
		int armedByTheLongStream = this.scheduler.scheduled.get();
		for (int i = 1; i <= 100; i++) {
			this.clock.advanceTimeBy(Duration.ofMillis(250));
			longStream.next("data: more");
			TestPublisher<String> shortStream = start("short" + i);
			this.clock.advanceTimeBy(Duration.ofMillis(250));
			shortStream.next("data: answer").complete();
		}
		// a task per 30 s window (the one that fires re-arms for the next deadline), not one or two per stream
		assertThat(this.scheduler.scheduled.get() - armedByTheLongStream).isLessThanOrEqualTo(2);
		assertThat(this.timedOut).isEmpty();
		advanceTo(1000);
		assertThat(this.timedOut).containsOnlyKeys("long");
	}

	@Test
	void aStreamAddedWithAnEarlierDeadlineIsNotMissed() {
		// the pending task is armed for 60 s; a stream whose first line comes at once is due at 31 s
		start("waiting");
		advanceTo(1);
		TestPublisher<String> answered = start("answered");
		answered.next("data: a");
		advanceTo(200);
		assertThat(this.timedOut).containsExactlyInAnyOrderEntriesOf(Map.of("answered", 31L, "waiting", 60L));
	}

	/** Counts the timed tasks given to the virtual clock. */
	private static final class CountingScheduler implements Scheduler {

		private final Scheduler delegate;

		final AtomicInteger scheduled = new AtomicInteger();

		CountingScheduler(Scheduler delegate) {
			this.delegate = delegate;
		}

		@Override
		public Disposable schedule(Runnable task) {
			return this.delegate.schedule(task);
		}

		@Override
		public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
			this.scheduled.incrementAndGet();
			return this.delegate.schedule(task, delay, unit);
		}

		@Override
		public long now(TimeUnit unit) {
			return this.delegate.now(unit);
		}

		@Override
		public Worker createWorker() {
			return this.delegate.createWorker();
		}

	}

}
