package dev.gannet.bench.compare;

import dev.gannet.bench.load.RunResult;
import dev.gannet.bench.load.Scenario;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One PNG for the whole comparison: a row per scenario run, a bar chart per figure (throughput,
 * p99 latency, CPU per million; for idle connections heap and RSS per connection), a bar per
 * broker. Drawn headless.
 */
final class Charts {

    private static final int CELL_WIDTH = 420;
    private static final int CELL_HEIGHT = 280;
    private static final Map<String, Color> COLOURS = Map.of(
            "gannet", new Color(0x1f, 0x77, 0xb4), "mosquitto", new Color(0x7f, 0x7f, 0x7f), "hivemq", new Color(0xff, 0xbf, 0x00));

    private record Figure(String title, String axis, ToDoubleFunction<RunResult> value) {
    }

    private Charts() {
    }

    static void write(List<BrokerResult> results, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, List<BrokerResult>> groups = ResultTables.byLabel(results);
        BufferedImage image = new BufferedImage(CELL_WIDTH * 3, Math.max(1, groups.size()) * CELL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        int row = 0;
        for (Map.Entry<String, List<BrokerResult>> group : groups.entrySet()) {
            List<Figure> figures = figures(group.getValue().get(0).result().scenario());
            for (int col = 0; col < figures.size(); col++) {
                JFreeChart chart = chart(group.getKey(), figures.get(col), group.getValue());
                chart.draw(g, new Rectangle2D.Double(col * CELL_WIDTH, row * CELL_HEIGHT, CELL_WIDTH, CELL_HEIGHT));
            }
            row++;
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static List<Figure> figures(Scenario scenario) {
        return switch (scenario) {
            case IDLE_CONNECTIONS -> List.of(
                    new Figure("heap per connection", "KB", r -> r.heapPerConnection() < 0 ? 0 : r.heapPerConnection() / 1024.0),
                    new Figure("RSS per connection", "KB", r -> r.rssPerConnection() < 0 ? 0 : r.rssPerConnection() / 1024.0),
                    new Figure("peak RSS", "MB", r -> r.peakRssBytes() < 0 ? 0 : r.peakRssBytes() / 1048576.0));
            case CONNECTION_STORM -> List.of(
                    new Figure("connects a second", "connects/s", RunResult::throughput),
                    new Figure("CONNECT→CONNACK p99", "ms", r -> zeroIfNaN(r.p99Ms())),
                    new Figure("CPU per million connects", "CPU s", r -> zeroIfNaN(r.cpuPerMillion())));
            default -> List.of(
                    new Figure("throughput", "msg/s delivered", RunResult::throughput),
                    new Figure("p99 latency", "ms", r -> zeroIfNaN(r.p99Ms())),
                    new Figure("CPU per million messages", "CPU s", r -> zeroIfNaN(r.cpuPerMillion())));
        };
    }

    private static JFreeChart chart(String label, Figure figure, List<BrokerResult> rows) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (BrokerResult row : rows) {
            data.addValue(figure.value().applyAsDouble(row.result()), figure.axis(), row.broker());
        }
        JFreeChart chart = ChartFactory.createBarChart(label + ": " + figure.title(), null, figure.axis(), data,
                PlotOrientation.VERTICAL, false, false, false);
        chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(13f));
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(new Color(0xf4, 0xf4, 0xf4));
        plot.setRangeGridlinePaint(Color.GRAY);
        BarRenderer renderer = new BarRenderer() {
            @Override
            public Paint getItemPaint(int series, int column) {
                String broker = (String) data.getColumnKey(column);
                return COLOURS.getOrDefault(broker, new Color(0x2c, 0xa0, 0x2c));
            }
        };
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.2);
        plot.setRenderer(renderer);
        return chart;
    }

    private static double zeroIfNaN(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
