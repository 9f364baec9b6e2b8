package services.aiapi.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/**
 * A real Redis server (6.2, the binary that {@code com.github.codemonstur:embedded-redis} ships) on a free loopback
 * port, which a test can stop and start again on the same port.
 */
final class RedisServerProcess implements AutoCloseable {

	private final int port;

	private RedisServer server;

	RedisServerProcess() {
		this.port = freePort();
		start();
	}

	int port() {
		return this.port;
	}

	String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	void start() {
		try {
			this.server = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(this.port)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void stop() {
		try {
			this.server.stop();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// an empty Redis, as after a restart without persistence
	void flushAll() {
		try (io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(url());
				io.lettuce.core.api.StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().flushall();
		}
	}

	boolean isUp() {
		return this.server.isActive();
	}

	@Override
	public void close() {
		if (this.server.isActive()) {
			stop();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
