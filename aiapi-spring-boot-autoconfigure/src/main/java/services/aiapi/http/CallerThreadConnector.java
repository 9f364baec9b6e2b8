package services.aiapi.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.RouteInfo;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpComponentsHttpClientBuilder;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.client.reactive.AbstractClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * A {@link ClientHttpConnector} that sends the request and reads the answer with Apache HttpClient 5 on the
 * thread that subscribes, for a caller that blocks anyway ({@link CallerThread}): no hand-off to an event loop and
 * back. The request body is written whole (the pipeline writes it once, as bytes); the answer's body is read from
 * the socket as its subscriber asks for it. Cancelling (a deadline, a size limit, a cancelled caller) aborts the
 * exchange: the connection is closed, so a read blocked on it ends at once, and nothing is reported after the
 * cancel.
 */
final class CallerThreadConnector implements ClientHttpConnector, AutoCloseable {

	private static final int CHUNK = 8192;

	private static final List<String> SET_BY_CLIENT = List.of(HttpHeaders.CONTENT_LENGTH.toLowerCase(Locale.ROOT),
			HttpHeaders.TRANSFER_ENCODING.toLowerCase(Locale.ROOT), HttpHeaders.HOST.toLowerCase(Locale.ROOT),
			HttpHeaders.CONNECTION.toLowerCase(Locale.ROOT));

	// built on the first exchange, not at start-up: an application that never blocks for an answer never loads it
	private final Supplier<CloseableHttpClient> factory;

	private volatile @Nullable CloseableHttpClient client;

	private boolean closed;

	private final DataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;

	// a proxy's credentials, sent with the first CONNECT as Reactor Netty sends them (a proxy may close the
	// connection after its 407, which Apache HttpClient would otherwise reuse for the second CONNECT)
	private final @Nullable HttpHost proxy;

	private final @Nullable UsernamePasswordCredentials proxyCredentials;

	CallerThreadConnector(Supplier<CloseableHttpClient> factory, AiApiConnectionPool.@Nullable Proxy proxy) {
		this.factory = factory;
		this.proxy = (proxy != null) ? new HttpHost(proxy.host(), proxy.port()) : null;
		this.proxyCredentials = (proxy != null && proxy.username() != null)
				? new UsernamePasswordCredentials(proxy.username(), String.valueOf(proxy.password()).toCharArray())
				: null;
	}

	/**
	 * Create a connector with the same settings as the event loop's: pool size, waits for a connection, idle
	 * and life times, timeouts, SSL bundle (as Spring Boot applies one to Apache HttpClient) and HTTP proxy (always
	 * tunnelled with {@code CONNECT}, as Reactor Netty does). The client neither retries, follows redirects,
	 * decompresses nor keeps cookies: the pipeline decides all of that.
	 */
	static CallerThreadConnector create(AiApiConnectionPool.Settings pool, Duration connectTimeout,
			Duration readTimeout, @Nullable SslBundle sslBundle, AiApiConnectionPool.@Nullable Proxy proxy) {
		Supplier<CloseableHttpClient> factory = () -> new HttpComponentsHttpClientBuilder()
			.withConnectionManagerCustomizer((manager) -> manager.setMaxConnTotal(pool.maxConnections())
				.setMaxConnPerRoute(pool.maxConnections()))
			.withConnectionConfigCustomizer((connection) -> connection.setTimeToLive(TimeValue.of(pool.maxLifeTime())))
			.withDefaultRequestConfigCustomizer((request) -> request
				.setConnectionRequestTimeout(Timeout.of(pool.pendingAcquireTimeout()))
				.setResponseTimeout(Timeout.of(readTimeout)))
			.withCustomizer((builder) -> {
				builder.disableAutomaticRetries()
					.disableContentCompression()
					.disableCookieManagement()
					.disableRedirectHandling()
					.evictIdleConnections(TimeValue.of(pool.maxIdleTime()))
					.setRoutePlanner(new Routes(proxy));
			})
			.build(new HttpClientSettings(HttpRedirects.DONT_FOLLOW, connectTimeout, readTimeout, sslBundle));
		return new CallerThreadConnector(factory, proxy);
	}

	private CloseableHttpClient client() {
		CloseableHttpClient client = this.client;
		if (client != null) {
			return client;
		}
		synchronized (this) {
			if (this.closed) {
				throw new IllegalStateException("The connection pool was closed with its application context");
			}
			if (this.client == null) {
				this.client = this.factory.get();
			}
			return this.client;
		}
	}

	@Override
	public synchronized void close() throws IOException {
		this.closed = true;
		if (this.client != null) {
			this.client.close();
		}
	}

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		return Mono.defer(() -> {
			Request request = new Request(method, uri, this.buffers);
			return requestCallback.apply(request).then(Mono.create((sink) -> exchange(request, sink)));
		});
	}

	// the blocking part, on the subscribing thread
	private void exchange(Request request, MonoSink<ClientHttpResponse> sink) {
		HttpUriRequestBase hcRequest = request.toNative();
		AtomicBoolean cancelled = new AtomicBoolean();
		sink.onCancel(() -> {
			cancelled.set(true);
			hcRequest.cancel();
		});
		ClassicHttpResponse response;
		try {
			response = client().executeOpen(null, hcRequest, context());
		}
		catch (IOException | RuntimeException ex) {
			if (!cancelled.get()) {
				sink.error(ex);
			}
			return;
		}
		if (cancelled.get()) {
			hcRequest.cancel();
			close(response);
			return;
		}
		sink.success(new Response(response, hcRequest, this.buffers));
	}

	private @Nullable HttpContext context() {
		if (this.proxyCredentials == null) {
			return null;
		}
		HttpClientContext context = HttpClientContext.create();
		BasicScheme basic = new BasicScheme();
		basic.initPreemptive(this.proxyCredentials);
		context.getAuthExchange(this.proxy).select(basic);
		return context;
	}

	/** Direct, or through the HTTP proxy with a tunnel whatever the scheme, as the event loop's connections go. */
	static final class Routes implements HttpRoutePlanner {

		private final @Nullable HttpHost proxy;

		private final @Nullable Pattern direct;

		Routes(AiApiConnectionPool.@Nullable Proxy proxy) {
			this.proxy = (proxy != null) ? new HttpHost(proxy.host(), proxy.port()) : null;
			String hosts = (proxy != null) ? AiApiConnectionPool.nonProxyHostsRegex(proxy.nonProxyHosts()) : "";
			this.direct = hosts.isEmpty() ? null : Pattern.compile(hosts, Pattern.CASE_INSENSITIVE);
		}

		@Override
		public HttpRoute determineRoute(HttpHost target, HttpContext context) throws HttpException {
			HttpHost resolved = (target.getPort() > 0) ? target
					: new HttpHost(target.getSchemeName(), target.getHostName(),
							DefaultSchemePortResolver.INSTANCE.resolve(target));
			boolean secure = "https".equalsIgnoreCase(target.getSchemeName());
			if (this.proxy == null || (this.direct != null && this.direct.matcher(target.getHostName()).matches())) {
				return new HttpRoute(resolved, null, secure);
			}
			return new HttpRoute(resolved, null, this.proxy, secure, RouteInfo.TunnelType.TUNNELLED,
					secure ? RouteInfo.LayerType.LAYERED : RouteInfo.LayerType.PLAIN);
		}

	}

	/** The request as WebClient writes it: headers, then the body, held until the exchange sends them. */
	static final class Request extends AbstractClientHttpRequest {

		private final HttpMethod method;

		private final URI uri;

		private final DataBufferFactory buffers;

		private final HttpUriRequestBase hcRequest;

		private byte @Nullable [] body;

		Request(HttpMethod method, URI uri, DataBufferFactory buffers) {
			this.method = method;
			this.uri = uri;
			this.buffers = buffers;
			this.hcRequest = new HttpUriRequestBase(method.name(), uri);
		}

		@Override
		public HttpMethod getMethod() {
			return this.method;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		public DataBufferFactory bufferFactory() {
			return this.buffers;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> T getNativeRequest() {
			return (T) this.hcRequest;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			return doCommit(() -> DataBufferUtils.join(body).doOnNext((joined) -> {
				try {
					byte[] bytes = new byte[joined.readableByteCount()];
					joined.read(bytes);
					this.body = bytes;
				}
				finally {
					DataBufferUtils.release(joined);
				}
			}).then());
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return writeWith(Flux.from(body).concatMap(Flux::from));
		}

		@Override
		public Mono<Void> setComplete() {
			return doCommit();
		}

		@Override
		protected void applyHeaders() {
			getHeaders().forEach((name, values) -> {
				if (!SET_BY_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
					values.forEach((value) -> this.hcRequest.addHeader(name, value));
				}
			});
		}

		@Override
		protected void applyCookies() {
			StringBuilder cookies = new StringBuilder();
			for (List<HttpCookie> values : getCookies().values()) {
				for (HttpCookie cookie : values) {
					cookies.append((cookies.length() > 0) ? "; " : "").append(cookie.getName()).append('=')
						.append(cookie.getValue());
				}
			}
			if (cookies.length() > 0) {
				this.hcRequest.addHeader(HttpHeaders.COOKIE, cookies.toString());
			}
		}

		HttpUriRequestBase toNative() {
			if (this.body != null) {
				// the Content-Type header was applied with the others
				this.hcRequest.setEntity(new ByteArrayEntity(this.body, null));
			}
			return this.hcRequest;
		}

	}

	/**
	 * The answer: status and headers as read, the body read from the connection as its subscriber asks. At the
	 * body's end the connection goes back to the pool; on a cancel or an error it is closed.
	 */
	static final class Response implements ClientHttpResponse {

		private final ClassicHttpResponse response;

		private final HttpUriRequestBase request;

		private final DataBufferFactory buffers;

		private final HttpHeaders headers = new HttpHeaders();

		private final AtomicBoolean subscribed = new AtomicBoolean();

		Response(ClassicHttpResponse response, HttpUriRequestBase request, DataBufferFactory buffers) {
			this.response = response;
			this.request = request;
			this.buffers = buffers;
			for (Header header : response.getHeaders()) {
				this.headers.add(header.getName(), header.getValue());
			}
		}

		@Override
		public String getId() {
			return Integer.toHexString(System.identityHashCode(this));
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatusCode.valueOf(this.response.getCode());
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public MultiValueMap<String, ResponseCookie> getCookies() {
			return new LinkedMultiValueMap<>();
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return Flux.defer(() -> {
				if (!this.subscribed.compareAndSet(false, true)) {
					// WebClient subscribes once more after the reader to release what was not read: nothing is
					// left then (an error here cost an exception with its stack trace on every call)
					return Flux.empty();
				}
				HttpEntity entity = this.response.getEntity();
				if (entity == null) {
					close(this.response);
					return Flux.empty();
				}
				InputStream in;
				try {
					in = entity.getContent();
				}
				catch (IOException ex) {
					abort();
					return Flux.error(ex);
				}
				AtomicBoolean ended = new AtomicBoolean();
				// a body of known length is read in buffers no larger than it, and ends without one more read
				long length = entity.getContentLength();
				long[] remaining = { length };
				return Flux.<DataBuffer>generate((sink) -> {
					try {
						if (remaining[0] == 0) {
							ended.set(true);
							sink.complete();
							return;
						}
						byte[] chunk = new byte[(remaining[0] > 0) ? (int) Math.min(CHUNK, remaining[0]) : CHUNK];
						int read = in.read(chunk);
						if (read < 0) {
							ended.set(true);
							sink.complete();
						}
						else {
							if (remaining[0] > 0) {
								remaining[0] -= read;
							}
							sink.next(this.buffers.wrap(ByteBuffer.wrap(chunk, 0, read)));
						}
					}
					catch (IOException ex) {
						if (this.request.isCancelled()) {
							sink.complete();
						}
						else {
							sink.error(ex);
						}
					}
				})
					// a cancel while the reading thread waits on the socket closes it at once
					.doOnCancel(this::abort)
					.doFinally((signal) -> {
						if (ended.get()) {
							// consumed: closing the stream hands the connection back to the pool
							close(in);
						}
						else {
							abort();
						}
					});
			});
		}

		private void abort() {
			this.request.cancel();
			close(this.response);
		}

	}

	private static void close(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// the connection is gone either way
		}
	}

}
