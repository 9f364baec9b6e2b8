package services.aiapi.test;

import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Resets the {@link AiApiSimulator} of a test's context before each test method of a class annotated with
 * {@link AutoConfigureAiApiSimulator}: contexts are cached across test classes, and what one test queued, recorded
 * or used up would otherwise reach the next.
 */
public class AiApiSimulatorTestExecutionListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		// after dependency injection, before the test's own @BeforeEach methods
		return 2100;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		boolean annotated = MergedAnnotations
			.from(testContext.getTestClass(), MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
			.isPresent(AutoConfigureAiApiSimulator.class);
		if (!annotated || !testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		if (context.containsBean("aiApiSimulator")) {
			context.getBean("aiApiSimulator", AiApiSimulator.class).reset();
		}
	}

}
