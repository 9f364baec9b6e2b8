package services.aiapi.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs an {@link AiApiSimulator} for a Spring test's application context and points {@code aiapi.base-url} and
 * {@code aiapi.api-key} at it. The simulator is a bean of the context (inject it to read what it received or to
 * queue faults) and stops when the context closes.
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

}
