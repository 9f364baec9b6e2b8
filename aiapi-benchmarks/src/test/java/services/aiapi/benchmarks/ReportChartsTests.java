package services.aiapi.benchmarks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's charts: each is a well-formed SVG file that names what it draws, linked from the Markdown the report
 * embeds; the boxes carry the rounds' spread as the tables state it.
 */
class ReportChartsTests {

	@TempDir
	Path folder;

	@Test
	void aBoxSpansTheQuartilesAndItsWhiskersTheLowestAndHighestRound() {
		BoxAndWhiskerItem box = ReportCharts.box(List.of(1.10, 0.80, 0.95, 1.40, 0.90));
		assertThat(box.getMedian().doubleValue()).isEqualTo(0.95);
		assertThat(box.getQ1().doubleValue()).isEqualTo(0.90);
		assertThat(box.getQ3().doubleValue()).isEqualTo(1.10);
		assertThat(box.getMinRegularValue().doubleValue()).isEqualTo(0.80);
		assertThat(box.getMaxRegularValue().doubleValue()).isEqualTo(1.40);
		assertThat(box.getOutliers()).isEmpty();
	}

	@Test
	void ratiosAreDrawnAsOneBoxPerClientAndConcurrencyWithTheBaselineAndTargets() throws Exception {
		ReportCharts charts = new ReportCharts(this.folder.resolve("benchmarks"), "benchmarks");
		Map<String, Map<String, List<Double>>> rounds = new LinkedHashMap<>();
		for (String level : List.of("C=1", "C=16")) {
			Map<String, List<Double>> clients = new LinkedHashMap<>();
			clients.put("webClient", List.of(1.0, 1.0, 1.0));
			clients.put("reactiveTemplate", List.of(0.91, 0.97, 1.02));
			rounds.put(level, clients);
		}
		String markdown = charts.ratios("calls.svg", "Calls per second", rounds, Map.of("target 0.95×", 0.95));
		assertThat(markdown).isEqualTo("![Calls per second](benchmarks/calls.svg)\n");
		List<String> texts = texts(this.folder.resolve("benchmarks/calls.svg"));
		assertThat(texts).contains("Calls per second", "webClient", "reactiveTemplate", "C=1", "C=16",
				"1.00×", "target 0.95×", "ratio to the baseline (higher is faster)");
	}

	@Test
	void percentilesAreDrawnPerClientOnALogarithmicAxis() throws Exception {
		ReportCharts charts = new ReportCharts(this.folder, "charts");
		Map<String, double[]> latencies = new LinkedHashMap<>();
		latencies.put("webClient", new double[] { 120, 300, 4400, 9000 });
		latencies.put("blockingTemplate", new double[] { 92, 120, 185, 800 });
		String markdown = charts.percentiles("latency.svg", "Latency", new double[] { 50, 90, 99, 99.9 }, latencies);
		assertThat(markdown).isEqualTo("![Latency](charts/latency.svg)\n");
		assertThat(texts(this.folder.resolve("latency.svg"))).contains("p50", "p90", "p99", "p99.9", "webClient",
				"blockingTemplate", "latency, µs (log scale)", "100", "1000");
	}

	@Test
	void openStreamsAreDrawnAsHeapAndCpuAgainstTheNumberOfStreams() throws Exception {
		ReportCharts charts = new ReportCharts(this.folder, "charts");
		List<OpenStreams.Result> results = new ArrayList<>();
		for (int n : new int[] { 1000, 5000, 10000 }) {
			results.add(new OpenStreams.Result("webClient", n, 15.5, 60, 0, n * 60L));
			results.add(new OpenStreams.Result("webClient", n, 16.0, 70, 0, n * 60L));
			results.add(new OpenStreams.Result("reactiveTemplate", n, 18.4, 55, 0, n * 60L));
			results.add(new OpenStreams.Result("reactiveTemplate", n, 18.6, 65, 0, n * 60L));
		}
		// a round too short to see a chunk while all streams were open has no CPU per chunk: left out, never drawn
		results.add(new OpenStreams.Result("webClient", 1000, 15.8, Double.NaN, 0, 0));
		charts.openStreams("open-streams.svg", "Open streams", results);
		assertThat(texts(this.folder.resolve("open-streams.svg"))).contains("Open streams", "open streams",
				"heap held by the open streams, MiB", "CPU per chunk received, µs", "webClient", "reactiveTemplate",
				"10,000");
	}

	@Test
	void noChartsAreWrittenUnlessAFolderIsNamed() {
		String before = System.getProperty(ReportCharts.PROPERTY);
		try {
			System.clearProperty(ReportCharts.PROPERTY);
			assertThat(ReportCharts.fromSystemProperties()).isNull();
			System.setProperty(ReportCharts.PROPERTY, "");
			assertThat(ReportCharts.fromSystemProperties()).isNull();
		}
		finally {
			if (before != null) {
				System.setProperty(ReportCharts.PROPERTY, before);
			}
		}
	}

	@Test
	void theReportsChartsGoToAFolderNamedLikeTheReportBesideIt() {
		String folder = System.getProperty(ReportCharts.PROPERTY);
		String link = System.getProperty(ReportCharts.LINK_PROPERTY);
		try {
			BenchmarkReport.chartsBeside(this.folder.resolve("docs/benchmarks.md"));
			ReportCharts charts = ReportCharts.fromSystemProperties();
			assertThat(charts).isNotNull();
			assertThat(System.getProperty(ReportCharts.PROPERTY)).isEqualTo(this.folder.resolve("docs/benchmarks").toString());
			assertThat(System.getProperty(ReportCharts.LINK_PROPERTY)).isEqualTo("benchmarks");
		}
		finally {
			restore(ReportCharts.PROPERTY, folder);
			restore(ReportCharts.LINK_PROPERTY, link);
		}
	}

	private static void restore(String name, String value) {
		if (value == null) {
			System.clearProperty(name);
		}
		else {
			System.setProperty(name, value);
		}
	}

	// every <text> of the SVG (JFreeSVG writes text as text, not as outlines), parsed as XML
	static List<String> texts(Path svg) throws Exception {
		byte[] bytes = Files.readAllBytes(svg);
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		// a chart that names an external DTD would need the network to be read: none may
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
		assertThat(document.getDocumentElement().getLocalName()).isEqualTo("svg");
		NodeList nodes = document.getElementsByTagNameNS("*", "text");
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < nodes.getLength(); i++) {
			texts.add(nodes.item(i).getTextContent().trim());
		}
		assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("NaN");
		return texts;
	}

}
