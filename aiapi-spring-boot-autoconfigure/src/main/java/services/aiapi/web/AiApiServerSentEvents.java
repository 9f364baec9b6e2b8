package services.aiapi.web;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Flux;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.util.Assert;

import services.aiapi.error.AiApiException;

/**
 * Server-sent events for a browser from a stream of the starter (Spring MVC or WebFlux, a controller returning
 * {@code Flux<ServerSentEvent<?>>}), with an end a browser's {@code EventSource} can tell apart:
 * <ul>
 * <li>each element is a {@code message} event (the default event, {@code onmessage}); text is written so that an
 * {@code EventSource} reads exactly that text, leading spaces included (a model's tokens start with one, and the
 * SSE format strips one space after {@code data:}: one more is written);</li>
 * <li>a stream that ends normally sends a last event {@value #DONE_EVENT} (data {@code [DONE]});</li>
 * <li>a stream that fails after its first element sends a last event {@value #PROBLEM_EVENT} whose data is the
 * RFC 9457 problem detail of the failure (as {@link AiApiProblemDetailsHandler} answers it), and ends;</li>
 * <li>a stream that fails before its first element fails the request itself: with
 * {@code aiapi.problem-details.enabled} it is answered as {@code application/problem+json} with its status, since
 * nothing of the stream was sent yet.</li>
 * </ul>
 * {@code EventSource} reconnects whenever a stream ends, which would repeat the (billable) call: the page closes it
 * on {@value #DONE_EVENT} and {@value #PROBLEM_EVENT}.
 */
public final class AiApiServerSentEvents {

	/** Name of the last event of a stream that ended normally. */
	public static final String DONE_EVENT = "done";

	/** Name of the last event of a stream that failed after its first element. */
	public static final String PROBLEM_EVENT = "problem";

	private static final AiApiProblemDetailsHandler PROBLEMS = new AiApiProblemDetailsHandler(Clock.systemUTC());

	private AiApiServerSentEvents() {
	}

	/**
	 * Turn a stream into server-sent events ending in {@value #DONE_EVENT} or {@value #PROBLEM_EVENT}.
	 * @param <T> the element type
	 * @param stream the stream, such as {@code chatStream(...).map(ChatCompletionChunk::content)}
	 * @return the events
	 */
	public static <T> Flux<ServerSentEvent<?>> of(Flux<T> stream) {
		Assert.notNull(stream, "Stream must not be null");
		return Flux.defer(() -> {
			AtomicBoolean started = new AtomicBoolean();
			Flux<ServerSentEvent<?>> events = stream
				.<ServerSentEvent<?>>map((element) -> ServerSentEvent.builder(data(element)).build())
				.doOnNext((event) -> started.set(true))
				.concatWith(Flux.just(ServerSentEvent.builder("[DONE]").event(DONE_EVENT).build()));
			return events.onErrorResume((ex) -> started.get(),
					(ex) -> Flux.just(ServerSentEvent.builder(problem(ex)).event(PROBLEM_EVENT).build()));
		});
	}

	// "data: " + text: the reader strips that one space and keeps the text's own, on every line of it
	private static Object data(Object element) {
		return (element instanceof CharSequence text) ? " " + text.toString().replace("\n", "\n ") : element;
	}

	private static ProblemDetail problem(Throwable ex) {
		if (ex instanceof AiApiException failure) {
			return PROBLEMS.problemDetail(failure);
		}
		// not the starter's: its message may say anything, so only its kind is told
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The stream failed (" + ex.getClass().getSimpleName() + ")");
		problem.setTitle("StreamFailed");
		return problem;
	}

}
