package services.aiapi.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Splits a body into its lines, as an event stream is read: at each {@code \n}, one {@code \r} before it dropped,
 * a last line without terminator kept; a line longer than the limit fails with
 * {@link DataBufferLimitException}. The terminator is found with {@link DataBuffer#indexOf} (Netty's
 * {@code forEachByte}), not byte by byte: Spring's {@code StringDecoder} reads each byte through
 * {@code getByte}, which made a stream's 16 MB line take about a second of CPU, and 28 s under Netty's paranoid leak
 * detection (every read recorded). Each buffer is copied and released as it arrives; no buffer is held between
 * two signals.
 */
final class LineSplitter {

	// buffers asked for ahead: each may hold many lines, and a stream held open keeps this queue for its
	// lifetime (Reactor's default of 256 cost about 1 KB per open stream)
	static final int PREFETCH = 8;

	private final int maxLineLength;

	LineSplitter(int maxLineLength) {
		this.maxLineLength = maxLineLength;
	}

	Flux<String> split(Flux<DataBuffer> body) {
		return Flux.defer(() -> {
			Lines lines = new Lines(this.maxLineLength);
			return body.concatMapIterable(lines::accept, PREFETCH).concatWith(Mono.fromSupplier(lines::rest));
		});
	}

	/** The line being read, across buffers. */
	private static final class Lines {

		private final int max;

		private byte[] partial = new byte[256];

		private int length;

		Lines(int max) {
			this.max = max;
		}

		List<String> accept(DataBuffer buffer) {
			try {
				List<String> complete = new ArrayList<>(2);
				int position = buffer.readPosition();
				int end = buffer.writePosition();
				while (position < end) {
					int newline = buffer.indexOf((b) -> b == '\n', position);
					int stop = (newline < 0 || newline >= end) ? end : newline;
					append(buffer, position, stop - position);
					if (stop == end) {
						break;
					}
					complete.add(take(true));
					position = stop + 1;
				}
				return complete;
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}

		// the last line, if the body did not end with a terminator, as it came (a CR there terminates nothing);
		// an empty Mono otherwise
		String rest() {
			return (this.length > 0) ? take(false) : null;
		}

		private void append(DataBuffer buffer, int from, int count) {
			if (count == 0) {
				return;
			}
			if (this.length + count > this.max) {
				throw new DataBufferLimitException("Exceeded limit on max bytes per line: " + this.max);
			}
			if (this.length + count > this.partial.length) {
				this.partial = Arrays.copyOf(this.partial, Math.min(this.max,
						Math.max(this.length + count, this.partial.length * 2)));
			}
			// the buffer is released after this one pass: its read position need not be kept
			buffer.readPosition(from);
			buffer.read(this.partial, this.length, count);
			this.length += count;
		}

		private String take(boolean terminated) {
			int end = (terminated && this.length > 0 && this.partial[this.length - 1] == '\r') ? this.length - 1
					: this.length;
			String line = new String(this.partial, 0, end, StandardCharsets.UTF_8);
			this.length = 0;
			if (this.partial.length > 64 * 1024) {
				this.partial = new byte[256];
			}
			return line;
		}

	}

}
