package services.aiapi.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs an {@link AiApiSimulator} for a Spring test's application context and connects the starter to it: its
 * {@link AiApiSimulatorConnectionDetails} bean replaces {@code aiapi.base-url} and {@code aiapi.api-key} (which are
 * also set, for tests that read them). The simulator is a bean of the context (inject it to read what it received or to
 * queue faults), is reset before each test method (its requests, faults, tasks and the keys' usage, so a cached
 * context carries nothing from one test to the next), and stops when the context closes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureAiApiSimulator {

	/**
	 * Which gateway to imitate.
	 * @return the dialect
	 */
	Dialect dialect() default Dialect.DOCUMENTED;

	/**
	 * Models the simulator serves; empty for its default list.
	 * @return the model ids
	 */
	String[] models() default {};

	/**
	 * Keys the simulator accepts; the first is the one the starter calls with. Empty for one default key.
	 * @return the keys
	 */
	String[] keys() default {};

	/**
	 * Calls each key may make in all before the gateway answers that its quota is spent; negative for no limit.
	 * @return the quota
	 */
	int quota() default -1;

	/**
	 * Calls each key may make per minute before the gateway answers 429; 0 for no limit.
	 * @return the limit
	 */
	int requestsPerMinute() default 0;

	/**
	 * Pause between two chunks of a stream, in milliseconds; negative for the simulator's default (none).
	 * @return the pace
	 */
	long chunkPaceMillis() default -1;

	/**
	 * How long a video task takes from queued to completed, in milliseconds; negative for the simulator's default
	 * (6 s).
	 * @return the duration
	 */
	long taskDurationMillis() default -1;

	/**
	 * The answer to every chat request, {@code {prompt}} standing for the prompt; empty for the simulator's default
	 * answer.
	 * @return the reply
	 */
	String reply() default "";

}
