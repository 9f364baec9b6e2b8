package services.aiapi.http;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.net.ssl.SSLException;

import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.ProxyProvider;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * The starter's own Reactor Netty connection pool, sized for AI calls that last seconds to minutes rather than
 * Reactor Netty's default (on 2 cores 16 connections and 32 waiting callers, so the 49th concurrent call fails).
 * Idle connections are closed before common load-balancer keep-alive timeouts close them from the other side.
 */
public final class AiApiConnectionPool implements DisposableBean {

	private final ConnectionProvider provider;

	private final Settings settings;

	// the caller-thread transports' clients, closed with the pool
	private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

	/**
	 * Create a pool.
	 * @param settings the pool settings
	 */
	public AiApiConnectionPool(Settings settings) {
		this.settings = settings;
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
		return connector(connectTimeout, readTimeout, sslBundle, null);
	}

	/**
	 * Create a connector that uses this pool, an SSL bundle and a proxy.
	 * @param connectTimeout the longest wait to open a connection
	 * @param readTimeout the longest wait for the response and between reads of it
	 * @param sslBundle the bundle, or {@code null} for the JVM's default trust
	 * @param proxy the proxy, or {@code null} to connect directly
	 * @return the connector
	 */
	public ClientHttpConnector connector(Duration connectTimeout, Duration readTimeout, @Nullable SslBundle sslBundle,
			@Nullable Proxy proxy) {
		return connector(connectTimeout, readTimeout, sslBundle, proxy, false);
	}

	/**
	 * Create a connector that uses this pool, an SSL bundle and a proxy, and optionally lets a blocking caller's
	 * thread do its own exchanges ({@link CallerThread}) with Apache HttpClient 5, built from the same settings. A
	 * SOCKS5 proxy keeps every exchange on the event loop.
	 * @param connectTimeout the longest wait to open a connection
	 * @param readTimeout the longest wait for the response and between reads of it
	 * @param sslBundle the bundle, or {@code null} for the JVM's default trust
	 * @param proxy the proxy, or {@code null} to connect directly
	 * @param callerThread whether blocking callers do their exchanges on their own thread (needs
	 * {@code org.apache.httpcomponents.client5:httpclient5})
	 * @return the connector
	 */
	public ClientHttpConnector connector(Duration connectTimeout, Duration readTimeout, @Nullable SslBundle sslBundle,
			@Nullable Proxy proxy, boolean callerThread) {
		ClientHttpConnector eventLoop = eventLoopConnector(connectTimeout, readTimeout, sslBundle, proxy);
		if (!callerThread || (proxy != null && proxy.type() == ProxyType.SOCKS5)) {
			return eventLoop;
		}
		Assert.state(isCallerThreadAvailable(AiApiConnectionPool.class.getClassLoader()),
				"The caller-thread transport needs org.apache.httpcomponents.client5:httpclient5 on the classpath");
		CallerThreadConnector connector = CallerThreadConnector.create(this.settings, connectTimeout, readTimeout,
				sslBundle, proxy);
		this.closeables.add(connector);
		return new BlockingAwareConnector(eventLoop, connector);
	}

	/**
	 * Whether Apache HttpClient 5, which the caller-thread transport uses, is on the classpath.
	 * @param loader the application's class loader, or {@code null} for this class's
	 * @return whether the caller-thread transport can be used
	 */
	public static boolean isCallerThreadAvailable(@Nullable ClassLoader loader) {
		return ClassUtils.isPresent("org.apache.hc.client5.http.impl.classic.CloseableHttpClient", loader)
				&& ClassUtils.isPresent("org.springframework.boot.http.client.HttpComponentsHttpClientBuilder", loader);
	}

	private ClientHttpConnector eventLoopConnector(Duration connectTimeout, Duration readTimeout,
			@Nullable SslBundle sslBundle, @Nullable Proxy proxy) {
		HttpClient client = HttpClient.create(this.provider)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
			.responseTimeout(readTimeout);
		if (sslBundle != null) {
			client = client.secure((spec) -> spec.sslContext(sslContext(sslBundle)));
		}
		if (proxy != null) {
			client = client.proxy((spec) -> {
				ProxyProvider.Builder builder = spec
					.type((proxy.type() == ProxyType.SOCKS5) ? ProxyProvider.Proxy.SOCKS5 : ProxyProvider.Proxy.HTTP)
					.host(proxy.host())
					.port(proxy.port())
					.nonProxyHosts(nonProxyHostsRegex(proxy.nonProxyHosts()));
				if (proxy.username() != null) {
					builder.username(proxy.username()).password((user) -> proxy.password());
				}
			});
		}
		return new ReactorClientHttpConnector(client);
	}

	// The JDK's http.nonProxyHosts syntax ("localhost|*.internal|10.*") as the regular expression Reactor Netty takes.
	static String nonProxyHostsRegex(@Nullable String hosts) {
		if (hosts == null || hosts.isBlank()) {
			return "";
		}
		StringBuilder regex = new StringBuilder();
		for (String host : hosts.split("[|,]")) {
			String trimmed = host.strip().toLowerCase(Locale.ROOT);
			if (trimmed.isEmpty()) {
				continue;
			}
			if (regex.length() > 0) {
				regex.append('|');
			}
			regex.append(Arrays.stream(trimmed.split("\\*", -1))
				.map(Pattern::quote)
				.collect(Collectors.joining(".*")));
		}
		return regex.toString();
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
		for (AutoCloseable closeable : this.closeables) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// closing anyway
			}
		}
		this.provider.disposeLater().block(Duration.ofSeconds(5));
	}

	/**
	 * Kinds of proxy.
	 */
	public enum ProxyType {

		/** An HTTP proxy: the connection to the gateway is tunnelled with {@code CONNECT}. */
		HTTP,

		/** A SOCKS5 proxy. */
		SOCKS5

	}

	/**
	 * A proxy between the application and the gateway. Its {@code toString()} never shows the password.
	 *
	 * @param type the kind of proxy
	 * @param host the proxy's host
	 * @param port the proxy's port
	 * @param username the user name, or {@code null}
	 * @param password the password, or {@code null}
	 * @param nonProxyHosts hosts reached directly, in the JDK's {@code http.nonProxyHosts} syntax, or {@code null}
	 */
	public record Proxy(ProxyType type, String host, int port, @Nullable String username, @Nullable String password,
			@Nullable String nonProxyHosts) {

		@Override
		public String toString() {
			return "Proxy[" + this.type + " " + this.host + ":" + this.port
					+ ((this.username != null) ? ", user " + this.username + ", password ****" : "")
					+ ((this.nonProxyHosts != null) ? ", not for " + this.nonProxyHosts : "") + "]";
		}

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
