package services.aiapi.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any text of event-stream lines (LF, CRLF, lone CRs, multi-byte characters, empty lines), cut into buffers anywhere,
 * even inside a character or between CR and LF, comes back as the same lines a line-by-line reading of the whole
 * text gives.
 */
class LineSplitterProperties {

	@Provide
	Arbitrary<String> streams() {
		Arbitrary<String> pieces = Arbitraries.oneOf(Arbitraries.of("data: ", "\n", "\r\n", "\r", "", "ü", "€", "😀",
				"[DONE]", "{\"a\":1}", ": PING"), Arbitraries.strings().ofMaxLength(12));
		return pieces.list().ofMaxSize(40).map((list) -> String.join("", list));
	}

	// the reference: split at each LF, drop one CR before it, keep a last line without terminator
	private static List<String> reference(String text) {
		List<String> lines = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) == '\n') {
				int end = (i > start && text.charAt(i - 1) == '\r') ? i - 1 : i;
				lines.add(text.substring(start, end));
				start = i + 1;
			}
		}
		if (start < text.length()) {
			lines.add(text.substring(start));
		}
		return lines;
	}

	@Property
	void linesAreTheSameWhereverTheBuffersAreCut(@ForAll("streams") String text,
			@ForAll("cuts") List<Integer> cuts) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		List<DataBuffer> buffers = new ArrayList<>();
		int from = 0;
		for (int cut : cuts.stream().map((c) -> Math.floorMod(c, bytes.length + 1)).sorted().toList()) {
			buffers.add(DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(bytes, from, cut)));
			from = cut;
		}
		buffers.add(DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(bytes, from, bytes.length)));
		List<String> lines = new LineSplitter(1 << 20).split(Flux.fromIterable(buffers))
			.collectList()
			.block(Duration.ofSeconds(5));
		// the text as its bytes say (a lone surrogate of the generated text is not valid UTF-8 and reads as '?')
		assertThat(lines).as("text %s, lines %s", codes(text), lines.stream().map(LineSplitterProperties::codes).toList())
			.isEqualTo(reference(new String(bytes, StandardCharsets.UTF_8)));
	}

	private static String codes(String text) {
		return text.chars().mapToObj(Integer::toHexString).toList().toString();
	}

	@Provide
	Arbitrary<List<Integer>> cuts() {
		return Arbitraries.integers().between(0, 10_000).list().ofMaxSize(8);
	}

}
