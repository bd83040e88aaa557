package dev.gannet.console.dashboard;

import dev.gannet.console.common.ConsoleView;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Summary cards and live charts of the broker's throughput and load. */
public final class DashboardView implements ConsoleView {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final DashboardViewModel model;
    private final ScrollPane root;
    private final List<NumberAxis> timeAxes;

    public DashboardView(DashboardViewModel model) {
        this.model = model;
        TilePane cards = new TilePane(10, 10,
                card("Connections", model.connectionsNow(), "card-connections"),
                card("Sessions", model.sessionsNow(), "card-sessions"),
                card("Subscriptions", model.subscriptionsNow(), "card-subscriptions"),
                card("Retained", model.retainedNow(), "card-retained"),
                card("Messages in", model.messagesInNow(), "card-messages-in"),
                card("Messages out", model.messagesOutNow(), "card-messages-out"),
                card("Dropped (total)", model.droppedNow(), "card-dropped"));
        cards.setPrefColumns(7);

        ChoiceBox<Integer> window = new ChoiceBox<>();
        window.setId("time-window");
        window.getItems().setAll(DashboardViewModel.WINDOWS);
        window.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer minutes) {
                return minutes == null ? "" : minutes == 60 ? "last hour" : minutes == 24 * 60 ? "last 24 hours"
                        : "last " + minutes + " min";
            }

            @Override
            public Integer fromString(String text) {
                return null;
            }
        });
        window.valueProperty().bindBidirectional(model.windowMinutesProperty());
        Label error = new Label();
        error.getStyleClass().add("error-text");
        error.textProperty().bind(model.errorProperty());
        Label title = new Label("Throughput");
        title.getStyleClass().add("section-title");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(10, title, error, spacer, new Label("Window"), window);
        header.setAlignment(Pos.CENTER_LEFT);

        LineChart<Number, Number> messages = chart("Messages per second", model.messageSeries(), "chart-messages");
        LineChart<Number, Number> bytes = chart("Payload bytes per second", model.byteSeries(), "chart-bytes");
        LineChart<Number, Number> load = chart("Connections and sessions", model.connectionSeries(), "chart-connections");
        timeAxes = List.of((NumberAxis) messages.getXAxis(), (NumberAxis) bytes.getXAxis(), (NumberAxis) load.getXAxis());
        model.pointsProperty().addListener((obs, old, now) -> moveTimeAxes());
        model.windowMinutesProperty().addListener((obs, old, now) -> moveTimeAxes());

        VBox page = new VBox(12, cards, header, messages, bytes, load);
        page.setPadding(new Insets(4));
        root = new ScrollPane(page);
        root.setFitToWidth(true);
        root.setId("dashboard");
    }

    private static Node card(String name, StringProperty value, String id) {
        Label figure = new Label();
        figure.setId(id);
        figure.getStyleClass().add("figure-value");
        figure.textProperty().bind(value);
        Label label = new Label(name);
        label.getStyleClass().add("figure-name");
        VBox card = new VBox(2, figure, label);
        card.getStyleClass().add("card");
        card.setMinWidth(120);
        return card;
    }

    private static LineChart<Number, Number> chart(String title, List<XYChart.Series<Number, Number>> series, String id) {
        NumberAxis time = new NumberAxis();
        time.setAutoRanging(false);
        time.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number seconds) {
                return CLOCK.format(Instant.ofEpochSecond(seconds.longValue()));
            }

            @Override
            public Number fromString(String text) {
                return 0;
            }
        });
        NumberAxis values = new NumberAxis();
        values.setForceZeroInRange(true);
        LineChart<Number, Number> chart = new LineChart<>(time, values);
        chart.setId(id);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setPrefHeight(240);
        chart.getData().setAll(series);
        return chart;
    }

    /** The time axes end now and span the chosen window. */
    private void moveTimeAxes() {
        long now = Instant.now().getEpochSecond();
        long span = model.windowMinutesProperty().get() * 60L;
        for (NumberAxis axis : timeAxes) {
            axis.setLowerBound(now - span);
            axis.setUpperBound(now);
            axis.setTickUnit(Math.max(1, span / 6));
        }
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public void shown() {
        moveTimeAxes();
        model.reload();
    }

    @Override
    public void dispose() {
        model.dispose();
    }
}
