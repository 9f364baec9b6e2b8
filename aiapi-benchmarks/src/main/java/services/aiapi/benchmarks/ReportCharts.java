package services.aiapi.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jspecify.annotations.Nullable;

/**
 * The report's charts, drawn with JFreeChart and written as SVG (JFreeSVG) into a folder beside the report, each
 * returned as the Markdown that embeds it. Charts are drawn from the same measurements as the tables next to them:
 * nothing is smoothed or left out, and a spread is drawn wherever the table gives one.
 *
 * <p>Written only when the {@code bench.charts} property names a folder (the report sets it): a study run of
 * {@link SideBySide} or {@link OpenStreams} alone must not overwrite the published charts.
 */
final class ReportCharts {

	/** The folder the charts are written to; unset, none are written. */
	static final String PROPERTY = "bench.charts";

	/** How the report links to that folder (relative to the report's own folder). */
	static final String LINK_PROPERTY = "bench.charts.link";

	private static final int WIDTH = 900;

	static {
		// charts are drawn off screen, on machines without a display
		if (System.getProperty("java.awt.headless") == null) {
			System.setProperty("java.awt.headless", "true");
		}
		// rotated labels as SVG text too (JFreeChart's workaround draws them as glyph outlines: unsearchable, larger)
		org.jfree.chart.text.TextUtils.setUseDrawRotatedStringWorkaround(false);
	}

	private static final Font LABELS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

	// Okabe and Ito's palette, told apart with every common colour-vision deficiency (its yellow left out: too pale)
	private static final Color[] PALETTE = { new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
			new Color(0xE69F00), new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x000000), new Color(0x999999) };

	private static Color colour(int series) {
		return PALETTE[series % PALETTE.length];
	}

	private final Path folder;

	private final String link;

	ReportCharts(Path folder, String link) {
		this.folder = folder;
		this.link = link.endsWith("/") ? link : link + "/";
	}

	/**
	 * The charts the system properties ask for.
	 * @return the charts, or {@code null} when {@value #PROPERTY} is not set
	 */
	static ReportCharts fromSystemProperties() {
		String folder = System.getProperty(PROPERTY);
		if (folder == null || folder.isBlank()) {
			return null;
		}
		String link = System.getProperty(LINK_PROPERTY);
		return new ReportCharts(Path.of(folder),
				(link == null || link.isBlank()) ? Path.of(folder).getFileName().toString() : link);
	}

	/**
	 * Each client's per-round ratios to the baseline, a box per concurrency: the box spans the middle rounds, the
	 * line in it is the median, the whiskers reach the lowest and the highest round (the table's spread).
	 * @param file the SVG's file name
	 * @param title the chart's title
	 * @param rounds per concurrency (the legend, e.g. {@code C=16}), per client, the per-round ratios
	 * @param targets horizontal lines to draw: label to ratio
	 * @return the Markdown that embeds the chart
	 */
	String ratios(String file, String title, Map<String, Map<String, List<Double>>> rounds, Map<String, Double> targets) {
		DefaultBoxAndWhiskerCategoryDataset dataset = new DefaultBoxAndWhiskerCategoryDataset();
		rounds.forEach((level, clients) -> clients.forEach((client, values) -> {
			BoxAndWhiskerItem box = box(values);
			if (box != null) {
				dataset.add(box, level, client);
			}
		}));
		BoxAndWhiskerRenderer renderer = new BoxAndWhiskerRenderer();
		renderer.setMeanVisible(false);
		renderer.setMedianVisible(true);
		renderer.setMaxOutlierVisible(false);
		renderer.setMinOutlierVisible(false);
		renderer.setFillBox(true);
		renderer.setItemMargin(0.1);
		renderer.setUseOutlinePaintForWhiskers(true);
		renderer.setDefaultOutlinePaint(Color.DARK_GRAY);
		for (int i = 0; i < dataset.getRowCount(); i++) {
			renderer.setSeriesPaint(i, colour(i));
		}
		NumberAxis values = new NumberAxis("ratio to the baseline (higher is faster)");
		values.setAutoRangeIncludesZero(false);
		CategoryAxis clients = new CategoryAxis();
		clients.setTickLabelFont(LABELS);
		CategoryPlot plot = new CategoryPlot(dataset, clients, values, renderer);
		// clients down the side, where their names read horizontally
		plot.setOrientation(PlotOrientation.HORIZONTAL);
		ValueMarker baseline = new ValueMarker(1.0, Color.BLACK, new BasicStroke(1.2f));
		baseline.setLabel("1.00×");
		label(baseline, RectangleAnchor.TOP, TextAnchor.TOP_LEFT);
		plot.addRangeMarker(baseline);
		// target labels at the foot of their lines, alternately left and right of them, so that close ones do not collide
		List<Map.Entry<String, Double>> sorted = targets.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList();
		for (int i = 0; i < sorted.size(); i++) {
			ValueMarker marker = new ValueMarker(sorted.get(i).getValue(), new Color(0xB0, 0x30, 0x30),
					new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] { 6f, 4f }, 0f));
			marker.setLabel(sorted.get(i).getKey());
			label(marker, RectangleAnchor.BOTTOM, (i % 2 == 0) ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
			plot.addRangeMarker(marker);
		}
		int height = 150 + 20 * dataset.getColumnCount() * Math.max(1, dataset.getRowCount());
		return write(file, title, titled(plot, title, "box: the middle rounds, line: the median, whiskers: lowest to highest round"),
				height);
	}

	private static void label(ValueMarker marker, RectangleAnchor anchor, TextAnchor text) {
		marker.setLabelFont(LABELS);
		marker.setLabelPaint(marker.getPaint());
		marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
		marker.setLabelAnchor(anchor);
		marker.setLabelTextAnchor(text);
		marker.setLabelOffset(new RectangleInsets(2, 4, 2, 4));
	}

	private static JFreeChart titled(org.jfree.chart.plot.Plot plot, String title, String subtitle) {
		JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
		if (subtitle != null) {
			chart.addSubtitle(new TextTitle(subtitle, LABELS));
		}
		return styled(chart);
	}

	/**
	 * Latency percentiles per client on a logarithmic axis: one line per client through its p50 … p99.9.
	 * @param file the SVG's file name
	 * @param title the chart's title
	 * @param percentiles the percentiles drawn (e.g. 50, 90, 99, 99.9)
	 * @param latencies per client, the latency at each of those percentiles, µs
	 * @return the Markdown that embeds the chart
	 */
	String percentiles(String file, String title, double[] percentiles, Map<String, double[]> latencies) {
		DefaultCategoryDataset dataset = new DefaultCategoryDataset();
		latencies.forEach((client, values) -> {
			for (int i = 0; i < percentiles.length; i++) {
				dataset.addValue(values[i], client, percentileLabel(percentiles[i]));
			}
		});
		// LogarithmicAxis (not LogAxis, whose labels are attributed strings that SVG gets as glyph outlines)
		LogarithmicAxis axis = new LogarithmicAxis("latency, µs (log scale)");
		axis.setAllowNegativesFlag(false);
		axis.setStrictValuesFlag(false);
		LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
		for (int i = 0; i < latencies.size(); i++) {
			renderer.setSeriesStroke(i, new BasicStroke(2f));
			renderer.setSeriesPaint(i, colour(i));
		}
		CategoryAxis categories = new CategoryAxis("percentile");
		categories.setTickLabelFont(LABELS);
		CategoryPlot plot = new CategoryPlot(dataset, categories, axis, renderer);
		return write(file, title, titled(plot, title, null), 420);
	}

	/**
	 * Heap and CPU against the number of open streams, one line per client, each point the median of the rounds
	 * with a bar from the lowest to the highest.
	 * @param file the SVG's file name
	 * @param title the chart's title
	 * @param results every round's figures
	 * @return the Markdown that embeds the chart
	 */
	String openStreams(String file, String title, List<OpenStreams.Result> results) {
		YIntervalSeriesCollection heap = new YIntervalSeriesCollection();
		YIntervalSeriesCollection cpu = new YIntervalSeriesCollection();
		results.stream().map(OpenStreams.Result::client).distinct().forEach((client) -> {
			YIntervalSeries heapSeries = new YIntervalSeries(client);
			YIntervalSeries cpuSeries = new YIntervalSeries(client);
			results.stream()
				.filter((result) -> result.client().equals(client))
				.mapToInt(OpenStreams.Result::streams)
				.distinct()
				.sorted()
				.forEach((n) -> {
					List<OpenStreams.Result> mine = results.stream()
						.filter((result) -> result.client().equals(client) && result.streams() == n)
						.toList();
					// the heap all N open streams hold, MiB: the per-stream figure of the table times N
					add(heapSeries, n, mine.stream().mapToDouble((result) -> result.heapKiBPerStream() * n / 1024).toArray());
					add(cpuSeries, n, mine.stream().mapToDouble(OpenStreams.Result::cpuMicrosPerChunk).toArray());
				});
			heap.addSeries(heapSeries);
			cpu.addSeries(cpuSeries);
		});
		NumberAxis streams = new NumberAxis("open streams");
		streams.setAutoRangeIncludesZero(true);
		CombinedDomainXYPlot plot = new CombinedDomainXYPlot(streams);
		plot.setGap(14);
		plot.add(new XYPlot(heap, null, rangeFromZero("heap held by the open streams, MiB"), errorRenderer(heap, true)), 1);
		// the same colour per client in both panels, and the legend once
		plot.add(new XYPlot(cpu, null, rangeFromZero("CPU per chunk received, µs"), errorRenderer(cpu, false)), 1);
		plot.setOrientation(PlotOrientation.VERTICAL);
		return write(file, title, titled(plot, title, "each point: the median of the rounds; bars: lowest to highest round"), 560);
	}

	private static NumberAxis rangeFromZero(String label) {
		NumberAxis axis = new NumberAxis(label);
		axis.setAutoRangeIncludesZero(true);
		return axis;
	}

	private static XYErrorRenderer errorRenderer(YIntervalSeriesCollection dataset, boolean inLegend) {
		XYErrorRenderer renderer = new XYErrorRenderer();
		for (int i = 0; i < dataset.getSeriesCount(); i++) {
			renderer.setSeriesPaint(i, colour(i));
			renderer.setSeriesStroke(i, new BasicStroke(2f));
		}
		renderer.setDefaultSeriesVisibleInLegend(inLegend);
		renderer.setDrawXError(false);
		renderer.setDrawYError(true);
		renderer.setDefaultLinesVisible(true);
		renderer.setDefaultShapesVisible(true);
		renderer.setCapLength(6);
		return renderer;
	}

	// a point only from the rounds that measured something (a round too short to see a chunk has no CPU per chunk)
	private static void add(YIntervalSeries series, int n, double[] values) {
		double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
		if (sorted.length > 0) {
			series.add(n, median(sorted), sorted[0], sorted[sorted.length - 1]);
		}
	}

	// box: quartiles; whiskers: lowest and highest round (no outliers are singled out of five rounds); only the rounds
	// that measured something (a window in which no stream ended has no ratio), and no box without any
	static @Nullable BoxAndWhiskerItem box(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
		if (sorted.length == 0) {
			return null;
		}
		double mean = Arrays.stream(sorted).average().orElse(Double.NaN);
		return new BoxAndWhiskerItem(mean, median(sorted), quantile(sorted, 0.25), quantile(sorted, 0.75), sorted[0],
				sorted[sorted.length - 1], sorted[0], sorted[sorted.length - 1], List.of());
	}

	private static double median(double[] sorted) {
		return quantile(sorted, 0.5);
	}

	// linear interpolation between the closest ranks
	static double quantile(double[] sorted, double q) {
		double position = q * (sorted.length - 1);
		int below = (int) Math.floor(position);
		int above = (int) Math.ceil(position);
		return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
	}

	private static String percentileLabel(double percentile) {
		return (percentile == Math.rint(percentile)) ? "p" + (int) percentile : "p" + percentile;
	}

	private static JFreeChart styled(JFreeChart chart) {
		chart.setBackgroundPaint(Color.WHITE);
		chart.getPlot().setBackgroundPaint(new Color(0xF7, 0xF7, 0xF7));
		if (chart.getPlot() instanceof CategoryPlot plot) {
			plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
		}
		if (chart.getPlot() instanceof CombinedDomainXYPlot combined) {
			List<XYPlot> plots = new ArrayList<>(combined.getSubplots());
			plots.forEach((plot) -> {
				plot.setBackgroundPaint(new Color(0xF7, 0xF7, 0xF7));
				plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
				plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
			});
		}
		return chart;
	}

	private String write(String file, String title, JFreeChart chart, int height) {
		SVGGraphics2D svg = new SVGGraphics2D(WIDTH, height);
		chart.draw(svg, new Rectangle(0, 0, WIDTH, height));
		try {
			Files.createDirectories(this.folder);
			// the element without the SVG 1.1 DOCTYPE, which points a reader at an external DTD it does not need
			Files.writeString(this.folder.resolve(file),
					"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg.getSVGElement() + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the chart " + file, ex);
		}
		return "![" + title + "](" + this.link + file + ")\n";
	}

}
