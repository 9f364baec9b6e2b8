package services.aiapi.autoconfigure;

import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import services.aiapi.metrics.FallbackMeterBinder;
import services.aiapi.metrics.GenAiMetrics;
import services.aiapi.metrics.KeyPoolMeterBinder;
import services.aiapi.metrics.TaskMeterBinder;
import services.aiapi.metrics.ResilienceMeterBinder;
import services.aiapi.resilience.AiApiResilience;

/**
 * Auto-configuration of the starter's Micrometer metrics, when a {@link MeterRegistry} is present: GenAI token
 * usage and durations, and Resilience4j's metrics for the starter's retry, rate limiter and breakers.
 */
@AutoConfiguration(after = AiApiAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, AiApiResilience.class })
public final class AiApiMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GenAiMetrics aiApiGenAiMetrics(MeterRegistry meterRegistry) {
		return new GenAiMetrics(meterRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	FallbackMeterBinder aiApiFallbackMeterBinder(AiApiResilience resilience) {
		return new FallbackMeterBinder(resilience);
	}

	@Bean
	@ConditionalOnMissingBean
	KeyPoolMeterBinder aiApiKeyPoolMeterBinder(AiApiResilience resilience) {
		return new KeyPoolMeterBinder(resilience);
	}

	@Bean
	@ConditionalOnMissingBean
	TaskMeterBinder aiApiTaskMeterBinder(AiApiResilience resilience) {
		return new TaskMeterBinder(resilience);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(TaggedRetryMetrics.class)
	static class ResilienceMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ResilienceMeterBinder aiApiResilienceMeterBinder(AiApiResilience resilience) {
			return new ResilienceMeterBinder(resilience);
		}

	}

}
