package services.aiapi.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With {@code aiapi.quota.enabled}, places the {@code LOW_QUOTA} health status between {@code OUT_OF_SERVICE} and
 * {@code UP} unless the application orders statuses itself: Boot ranks a status it does not know above
 * {@code DOWN}, so an application with a component DOWN and a low balance would otherwise report
 * {@code LOW_QUOTA} (and HTTP 200) as a whole. Added last, so any setting of the application wins.
 */
class HealthStatusOrderEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String ORDER = "management.endpoint.health.status.order";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getProperty("aiapi.quota.enabled", Boolean.class, false)
				&& !environment.containsProperty(ORDER)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("aiapiHealthStatusOrder",
						Map.of(ORDER, "DOWN,OUT_OF_SERVICE,LOW_QUOTA,UP,UNKNOWN")));
		}
	}

}
