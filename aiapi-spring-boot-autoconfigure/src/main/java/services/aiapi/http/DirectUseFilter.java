package services.aiapi.http;

import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * A filter the starter puts on its {@code WebClient} for direct users (typed errors, resilience around each
 * exchange). The templates leave these filters out of the client they call through: their pipeline does the same
 * work around the whole call, body included, once.
 */
public interface DirectUseFilter extends ExchangeFilterFunction {

}
