package services.aiapi.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;

import services.aiapi.web.AiApiProblemDetailsHandler;

/**
 * Opt-in ({@code aiapi.problem-details.enabled=true}) RFC 9457 answers for the starter's exceptions in Spring MVC
 * and WebFlux applications.
 */
@AutoConfiguration(after = AiApiAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnClass(ProblemDetail.class)
@ConditionalOnBooleanProperty("aiapi.problem-details.enabled")
public final class AiApiProblemDetailsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AiApiProblemDetailsHandler aiApiProblemDetailsHandler(ObjectProvider<Clock> clock) {
		return new AiApiProblemDetailsHandler(AiApiAutoConfiguration.clock(clock));
	}

}
