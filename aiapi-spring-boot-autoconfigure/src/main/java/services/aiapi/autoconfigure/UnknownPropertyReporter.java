package services.aiapi.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Warns once at start-up, for each {@code aiapi.*} property the starter does not know (a typo such as
 * {@code aiapi.retry.max-atempts} is otherwise silently ignored, and the default applies), naming the closest
 * known property. Known properties come from the starter's generated configuration metadata; names are compared
 * the way Boot binds them (case and dashes do not matter). Environment variables are not checked: their names
 * map to properties in more than one way.
 */
final class UnknownPropertyReporter implements InitializingBean {

	private static final Log logger = LogFactory.getLog(UnknownPropertyReporter.class);

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("aiapi");

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private final Environment environment;

	UnknownPropertyReporter(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		if (!(this.environment instanceof ConfigurableEnvironment configurable)) {
			return;
		}
		Set<ConfigurationPropertyName> configured = new LinkedHashSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
			if (source instanceof IterableConfigurationPropertySource iterable
					&& !(source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource)) {
				iterable.stream().filter(PREFIX::isAncestorOf).forEach(configured::add);
			}
		}
		if (configured.isEmpty()) {
			// nothing to check: the metadata is not read
			return;
		}
		List<String> containers = new ArrayList<>();
		List<String> known = knownProperties(containers);
		Set<ConfigurationPropertyName> knownNames = new LinkedHashSet<>();
		known.forEach((name) -> knownNames.add(ConfigurationPropertyName.of(name)));
		if (knownNames.isEmpty()) {
			return;
		}
		// a map's keys (aiapi.fallback.chains.<model>) and a list's elements (aiapi.api-keys[0].key) are the
		// property's own
		List<ConfigurationPropertyName> containerNames = containers.stream().map(ConfigurationPropertyName::of).toList();
		configured.stream()
			.filter((name) -> !knownNames.contains(name))
			.filter((name) -> containerNames.stream().noneMatch((container) -> container.isAncestorOf(name)))
			.forEach((name) -> logger.warn("Unknown property '" + name + "' is ignored and its default applies"
					+ suggestion(name.toString(), known) + "; the README lists the aiapi.* properties"));
	}

	private static String suggestion(String name, List<String> known) {
		String closest = Closest.to(name, known);
		return (closest != null) ? " (did you mean '" + closest + "'?)" : "";
	}

	private List<String> knownProperties(List<String> containers) {
		List<String> names = new ArrayList<>();
		try {
			Enumeration<URL> resources = getClass().getClassLoader().getResources(METADATA);
			JsonMapper mapper = JsonMapper.builder().build();
			while (resources.hasMoreElements()) {
				try (InputStream in = resources.nextElement().openStream()) {
					for (JsonNode property : mapper.readTree(in).path("properties")) {
						String name = text(property.path("name"));
						if (name != null && name.startsWith("aiapi.")) {
							names.add(name);
							String type = text(property.path("type"));
							if (type != null && (type.startsWith("java.util.Map") || type.startsWith("java.util.List"))) {
								containers.add(name);
							}
						}
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not read the configuration metadata; aiapi.* properties are not checked", ex);
			return List.of();
		}
		return names;
	}

	private static @Nullable String text(JsonNode node) {
		return node.isString() ? node.stringValue() : null;
	}

}
