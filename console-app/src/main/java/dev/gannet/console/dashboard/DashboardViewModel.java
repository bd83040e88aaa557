package dev.gannet.console.dashboard;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.console.common.BrokerSession;
import dev.gannet.console.common.ErrorMessages;
import dev.gannet.model.api.Figures;
import dev.gannet.model.api.StatsHistory;
import dev.gannet.model.api.StatsSnapshot;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.chart.XYChart;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The dashboard's figures: summary cards and chart series over a chosen time window, filled from
 * the broker's history when shown and then moved on each second by the live feed.
 *
 * <p>Chart x values are epoch seconds.
 */
public final class DashboardViewModel {

    /** The time windows offered, in minutes. */
    public static final List<Integer> WINDOWS = List.of(1, 5, 15, 60, 24 * 60);

    private final BrokerSession session;
    private final BackgroundTasks tasks;
    private final Consumer<StatsSnapshot> liveListener = this::addLive;

    private final ObjectProperty<Integer> windowMinutes = new SimpleObjectProperty<>(5);
    private final StringProperty error = new SimpleStringProperty("");
    private final IntegerProperty points = new SimpleIntegerProperty();

    private final XYChart.Series<Number, Number> messagesIn = series("Messages in/s");
    private final XYChart.Series<Number, Number> messagesOut = series("Messages out/s");
    private final XYChart.Series<Number, Number> dropped = series("Dropped/s");
    private final XYChart.Series<Number, Number> bytesIn = series("Bytes in/s");
    private final XYChart.Series<Number, Number> bytesOut = series("Bytes out/s");
    private final XYChart.Series<Number, Number> connections = series("Connections");
    private final XYChart.Series<Number, Number> sessions = series("Sessions");

    private final StringProperty connectionsNow = new SimpleStringProperty("–");
    private final StringProperty sessionsNow = new SimpleStringProperty("–");
    private final StringProperty subscriptionsNow = new SimpleStringProperty("–");
    private final StringProperty retainedNow = new SimpleStringProperty("–");
    private final StringProperty messagesInNow = new SimpleStringProperty("–");
    private final StringProperty messagesOutNow = new SimpleStringProperty("–");
    private final StringProperty droppedNow = new SimpleStringProperty("–");

    /** Seconds of the newest point, and the smallest gap between points at this window's resolution. */
    private long lastPointAt;
    private boolean listening;
    /** Counts history loads, so that the answer for an older window arriving late is dropped. */
    private long generation;

    public DashboardViewModel(BrokerSession session, BackgroundTasks tasks) {
        this.session = session;
        this.tasks = tasks;
        windowMinutes.addListener((obs, old, now) -> reload());
    }

    private static XYChart.Series<Number, Number> series(String name) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(name);
        return series;
    }

    /** Loads the window's history, then follows the live feed. */
    public void reload() {
        int minutes = windowMinutes.get();
        int step = stepSeconds(minutes);
        long asked = ++generation;
        tasks.run(() -> session.client().statsHistory(minutes * 60, step, null), history -> {
            if (asked == generation) {
                fill(history);
            }
        }, failure -> {
            if (asked == generation) {
                error.set(ErrorMessages.of(failure));
            }
        });
        if (!listening) {
            listening = true;
            session.live().onStats(liveListener);
        }
    }

    /**
     * The time between chart points: one a second for short windows, fewer for long ones (beyond
     * an hour the broker keeps a sample a minute).
     */
    static int stepSeconds(int windowMinutes) {
        return windowMinutes <= 5 ? 1 : windowMinutes <= 15 ? 5 : windowMinutes <= 60 ? 10 : 300;
    }

    private void fill(StatsHistory history) {
        error.set("");
        for (XYChart.Series<Number, Number> s : allSeries()) {
            s.getData().clear();
        }
        lastPointAt = 0;
        history.points().forEach(this::append);
        if (!history.points().isEmpty()) {
            showNow(history.points().get(history.points().size() - 1));
        }
    }

    private void addLive(StatsSnapshot stats) {
        Figures total = stats.total();
        showNow(total);
        if (total.at() / 1000 - lastPointAt >= stepSeconds(windowMinutes.get())) {
            append(total);
        }
        trim(total.at() / 1000 - windowMinutes.get() * 60L);
    }

    private void append(Figures f) {
        long x = f.at() / 1000;
        if (x <= lastPointAt) {
            return;
        }
        lastPointAt = x;
        add(messagesIn, x, f, Figures::messagesInPerSecond);
        add(messagesOut, x, f, Figures::messagesOutPerSecond);
        add(dropped, x, f, Figures::droppedPerSecond);
        add(bytesIn, x, f, Figures::bytesInPerSecond);
        add(bytesOut, x, f, Figures::bytesOutPerSecond);
        add(connections, x, f, Figures::connections);
        add(sessions, x, f, Figures::sessions);
        points.set(messagesIn.getData().size());
    }

    private static void add(XYChart.Series<Number, Number> series, long x, Figures f, ToDoubleFunction<Figures> value) {
        series.getData().add(new XYChart.Data<>(x, value.applyAsDouble(f)));
    }

    private void trim(long oldestSecond) {
        for (XYChart.Series<Number, Number> s : allSeries()) {
            s.getData().removeIf(d -> d.getXValue().longValue() < oldestSecond);
        }
        points.set(messagesIn.getData().size());
    }

    private void showNow(Figures f) {
        connectionsNow.set(Integer.toString(f.connections()));
        sessionsNow.set(Integer.toString(f.sessions()));
        subscriptionsNow.set(Integer.toString(f.subscriptions()));
        retainedNow.set(Integer.toString(f.retained()));
        messagesInNow.set(rate(f.messagesInPerSecond()));
        messagesOutNow.set(rate(f.messagesOutPerSecond()));
        droppedNow.set(Long.toString(f.dropped()));
    }

    static String rate(double perSecond) {
        if (perSecond >= 1_000_000) {
            return String.format("%.1f M/s", perSecond / 1_000_000);
        }
        if (perSecond >= 10_000) {
            return String.format("%.1f k/s", perSecond / 1_000);
        }
        return String.format("%.0f/s", perSecond);
    }

    private List<XYChart.Series<Number, Number>> allSeries() {
        return List.of(messagesIn, messagesOut, dropped, bytesIn, bytesOut, connections, sessions);
    }

    public void dispose() {
        session.live().removeStats(liveListener);
        listening = false;
    }

    public ObjectProperty<Integer> windowMinutesProperty() {
        return windowMinutes;
    }

    public StringProperty errorProperty() {
        return error;
    }

    /** How many points each chart series holds now. */
    public IntegerProperty pointsProperty() {
        return points;
    }

    public List<XYChart.Series<Number, Number>> messageSeries() {
        return List.of(messagesIn, messagesOut, dropped);
    }

    public List<XYChart.Series<Number, Number>> byteSeries() {
        return List.of(bytesIn, bytesOut);
    }

    public List<XYChart.Series<Number, Number>> connectionSeries() {
        return List.of(connections, sessions);
    }

    public StringProperty connectionsNow() {
        return connectionsNow;
    }

    public StringProperty sessionsNow() {
        return sessionsNow;
    }

    public StringProperty subscriptionsNow() {
        return subscriptionsNow;
    }

    public StringProperty retainedNow() {
        return retainedNow;
    }

    public StringProperty messagesInNow() {
        return messagesInNow;
    }

    public StringProperty messagesOutNow() {
        return messagesOutNow;
    }

    public StringProperty droppedNow() {
        return droppedNow;
    }
}
