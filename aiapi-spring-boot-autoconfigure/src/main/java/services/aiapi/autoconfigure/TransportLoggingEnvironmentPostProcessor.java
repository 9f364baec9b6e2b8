package services.aiapi.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Quiets Reactor Netty's {@code HttpClientConnect} logger to ERROR unless the application sets its level: it logs
 * every connection-level failure (a refused TLS handshake, a reset before the response) at WARN with its stack
 * trace, although the same failure also reaches the caller, where the starter turns it into a typed exception and
 * logs one line for the call. An untrusted certificate made some 10 such entries, 445 stack-trace lines, for one
 * call. Also keeps Apache HttpClient's header and wire loggers (the caller-thread transport's) at INFO: at DEBUG
 * they write every request header, the key's {@code Authorization} among them, so an application that turns on
 * {@code logging.level.org.apache.hc=DEBUG} to see its connections does not log the key; setting one of the two
 * by its own name still shows it. Added last, so any {@code logging.level.*} of the application wins.
 */
class TransportLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String LEVEL = "logging.level.reactor.netty.http.client.HttpClientConnect";

	static final String HEADERS_LEVEL = "logging.level.org.apache.hc.client5.http.headers";

	static final String WIRE_LEVEL = "logging.level.org.apache.hc.client5.http.wire";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> levels = new LinkedHashMap<>();
		Map.of(LEVEL, "ERROR", HEADERS_LEVEL, "INFO", WIRE_LEVEL, "INFO").forEach((name, level) -> {
			if (!environment.containsProperty(name)) {
				levels.put(name, level);
			}
		});
		if (!levels.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource("aiapiTransportLogging", levels));
		}
	}

}
