package services.aiapi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A raw TCP server on the loopback address for tests that need a peer speaking something other than proper HTTP
 * (a broken server, a CONNECT proxy): each accepted connection is handed to the handler on a thread of its own.
 */
final class LoopbackSocketServer implements AutoCloseable {

	private final ServerSocket socket;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private LoopbackSocketServer(Consumer<Socket> handler) throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.threads.submit(() -> {
			while (!this.socket.isClosed()) {
				try {
					Socket connection = this.socket.accept();
					this.threads.submit(() -> handler.accept(connection));
				}
				catch (IOException ex) {
					// closed
				}
			}
		});
	}

	static LoopbackSocketServer start(Consumer<Socket> handler) throws IOException {
		return new LoopbackSocketServer(handler);
	}

	int port() {
		return this.socket.getLocalPort();
	}

	/**
	 * Run more work on the server's threads, such as the other direction of a tunnel.
	 * @param work the work
	 */
	void submit(Runnable work) {
		this.threads.submit(work);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		this.threads.shutdownNow();
	}

}
