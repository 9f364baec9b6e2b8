package services.aiapi.autoconfigure;

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
 * call. Added last, so any {@code logging.level.*} of the application wins.
 */
class TransportLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String LEVEL = "logging.level.reactor.netty.http.client.HttpClientConnect";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.containsProperty(LEVEL)) {
			environment.getPropertySources().addLast(new MapPropertySource("aiapiTransportLogging", Map.of(LEVEL, "ERROR")));
		}
	}

}
