package services.aiapi.http;

import java.time.Duration;

import javax.net.ssl.SSLException;

import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;

/**
 * The starter's own Reactor Netty connection pool, sized for AI calls that last seconds to minutes rather than
 * Reactor Netty's default (on 2 cores 16 connections and 32 waiting callers, so the 49th concurrent call fails).
 * Idle connections are closed before common load-balancer keep-alive timeouts close them from the other side.
 */
public final class AiApiConnectionPool implements DisposableBean {

	private final ConnectionProvider provider;

	/**
	 * Create a pool.
	 * @param settings the pool settings
	 */
	public AiApiConnectionPool(Settings settings) {
		this.provider = ConnectionProvider.builder("aiapi")
			.maxConnections(settings.maxConnections())
			.pendingAcquireMaxCount(settings.maxPendingAcquires())
			.pendingAcquireTimeout(settings.pendingAcquireTimeout())
			.maxIdleTime(settings.maxIdleTime())
			.maxLifeTime(settings.maxLifeTime())
			.evictInBackground(settings.maxIdleTime())
			.build();
	}

	/**
	 * Create a connector that uses this pool.
	 * @param connectTimeout the longest wait to open a connection
	 * @param readTimeout the longest wait for the response and between reads of it
	 * @return the connector
	 */
	public ClientHttpConnector connector(Duration connectTimeout, Duration readTimeout) {
		return connector(connectTimeout, readTimeout, null);
	}

	/**
	 * Create a connector that uses this pool and trusts (and presents) what an SSL bundle holds.
	 * @param connectTimeout the longest wait to open a connection
	 * @param readTimeout the longest wait for the response and between reads of it
	 * @param sslBundle the bundle, or {@code null} for the JVM's default trust
	 * @return the connector
	 */
	public ClientHttpConnector connector(Duration connectTimeout, Duration readTimeout, @Nullable SslBundle sslBundle) {
		HttpClient client = HttpClient.create(this.provider)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
			.responseTimeout(readTimeout);
		if (sslBundle != null) {
			client = client.secure((spec) -> spec.sslContext(sslContext(sslBundle)));
		}
		return new ReactorClientHttpConnector(client);
	}

	// as Spring Boot's own Reactor client builder applies a bundle: its managers, ciphers and protocols
	private static SslContext sslContext(SslBundle bundle) {
		SslOptions options = bundle.getOptions();
		SslManagerBundle managers = bundle.getManagers();
		try {
			return SslContextBuilder.forClient()
				.keyManager(managers.getKeyManagerFactory())
				.trustManager(managers.getTrustManagerFactory())
				.ciphers(SslOptions.asSet(options.getCiphers()))
				.protocols(options.getEnabledProtocols())
				.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("The SSL bundle could not make a TLS context: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void destroy() {
		this.provider.disposeLater().block(Duration.ofSeconds(5));
	}

	/**
	 * Pool settings.
	 *
	 * @param maxConnections the most connections open at once
	 * @param maxPendingAcquires the most callers waiting for a connection
	 * @param pendingAcquireTimeout the longest a caller waits for a connection
	 * @param maxIdleTime how long a connection may stay idle before it is closed
	 * @param maxLifeTime how long a connection may live
	 */
	public record Settings(int maxConnections, int maxPendingAcquires, Duration pendingAcquireTimeout,
			Duration maxIdleTime, Duration maxLifeTime) {

	}

}
