package services.aiapi.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link AiApiConfigurationException} into a startup report that names the property to set, instead
 * of a bean-creation stack trace.
 */
class AiApiConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<AiApiConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, AiApiConfigurationException cause) {
		return new FailureAnalysis("The aiapi.services client could not be configured: " + cause.getMessage() + ".",
				cause.getAction(), cause);
	}

}
