package services.aiapi.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lines of an event stream, whatever the buffers it arrives in.
 */
class LineSplitterTests {

	private static Flux<DataBuffer> cut(String text, int... at) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		List<DataBuffer> buffers = new java.util.ArrayList<>();
		int from = 0;
		for (int point : at) {
			buffers.add(DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(bytes, from, point)));
			from = point;
		}
		buffers.add(DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(bytes, from, bytes.length)));
		return Flux.fromIterable(buffers);
	}

	private static List<String> lines(Flux<DataBuffer> body) {
		return new LineSplitter(1024).split(body).collectList().block(Duration.ofSeconds(5));
	}

	@Test
	void splitsAtEachNewlineDroppingOneCarriageReturnWhereverTheBuffersAreCut() {
		String text = "data: a\r\n\r\ndata: b\n\ndata: ü€\r\rx\nlast";
		List<String> expected = List.of("data: a", "", "data: b", "", "data: ü€\r\rx", "last");
		for (int i = 0; i <= text.getBytes(StandardCharsets.UTF_8).length; i++) {
			for (int j = i; j <= text.getBytes(StandardCharsets.UTF_8).length; j++) {
				assertThat(lines(cut(text, i, j))).as("cut at %d and %d", i, j).isEqualTo(expected);
			}
		}
	}

	@Test
	void aBodyEndingWithItsTerminatorHasNoEmptyLastLine() {
		assertThat(lines(cut("a\nb\n"))).containsExactly("a", "b");
		assertThat(lines(Flux.empty())).isEmpty();
	}

	@Test
	void aLineOverTheLimitFails() {
		StepVerifier.create(new LineSplitter(8).split(cut("12345678\n123456789\n", 3, 12)))
			.expectNext("12345678")
			.expectError(DataBufferLimitException.class)
			.verify(Duration.ofSeconds(5));
	}

}
