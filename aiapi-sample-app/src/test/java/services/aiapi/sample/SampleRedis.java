package services.aiapi.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/**
 * A real Redis server for a test class, on a free port of 127.0.0.1, from the embedded-redis artifact's binary.
 */
final class SampleRedis {

	private final RedisServer server;

	private final int port;

	private SampleRedis(RedisServer server, int port) {
		this.server = server;
		this.port = port;
	}

	static SampleRedis start() {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"").build();
			server.start();
			return new SampleRedis(server, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	void stop() throws IOException {
		this.server.stop();
	}

}
