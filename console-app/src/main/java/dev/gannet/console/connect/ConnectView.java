package dev.gannet.console.connect;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;

/** The login form: shown at start and after logging out. Binds to {@link ConnectViewModel}. */
public final class ConnectView {

    private final StackPane root = new StackPane();

    public ConnectView(ConnectViewModel model) {
        Label title = new Label("Gannet console");
        title.getStyleClass().add("title");
        Label subtitle = new Label("Log in to a Gannet broker's management endpoint");
        subtitle.getStyleClass().add("subtitle");

        ComboBox<RecentBrokers.Entry> recent = new ComboBox<>(model.recentBrokers());
        recent.setId("recent-brokers");
        recent.setPromptText(model.recentBrokers().isEmpty() ? "No recent brokers" : "Recent brokers");
        recent.setMaxWidth(Double.MAX_VALUE);
        recent.valueProperty().bindBidirectional(model.chosenProperty());

        TextField url = new TextField();
        url.setId("broker-url");
        url.setPromptText("http://host:8083");
        url.textProperty().bindBidirectional(model.urlProperty());
        TextField username = new TextField();
        username.setId("username");
        username.textProperty().bindBidirectional(model.usernameProperty());
        PasswordField password = new PasswordField();
        password.setId("password");
        password.textProperty().bindBidirectional(model.passwordProperty());
        TextField ca = new TextField();
        ca.setId("ca-file");
        ca.setPromptText("only for https with your own CA (PEM)");
        ca.textProperty().bindBidirectional(model.caFileProperty());
        Button browse = new Button("Browse…");
        browse.setOnAction(event -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("CA certificate (PEM) the broker's certificate is issued by");
            File file = chooser.showOpenDialog(root.getScene().getWindow());
            if (file != null) {
                model.caFileProperty().set(file.getAbsolutePath());
            }
        });
        HBox caRow = new HBox(6, ca, browse);
        HBox.setHgrow(ca, Priority.ALWAYS);

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(10);
        form.getColumnConstraints().addAll(new ColumnConstraints(110), new ColumnConstraints(320));
        form.addRow(0, new Label("Recent"), recent);
        form.addRow(1, new Label("Broker URL"), url);
        form.addRow(2, new Label("User name"), username);
        form.addRow(3, new Label("Password"), password);
        form.addRow(4, new Label("Trusted CA"), caRow);

        Button connect = new Button("Log in");
        connect.setId("login");
        connect.setDefaultButton(true);
        connect.disableProperty().bind(model.canConnect().not());
        connect.setOnAction(event -> model.connect());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(22, 22);
        progress.visibleProperty().bind(model.busyProperty());
        HBox actions = new HBox(10, connect, progress);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label error = new Label();
        error.setId("login-error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.setMaxWidth(430);
        error.textProperty().bind(model.errorProperty());

        VBox card = new VBox(14, title, subtitle, form, actions, error);
        card.getStyleClass().add("card");
        card.setPadding(new Insets(28));
        card.setMaxSize(480, Region.USE_PREF_SIZE);
        root.getChildren().add(card);
        root.getStyleClass().add("connect-view");
        // Focus the password when a remembered broker filled the rest.
        root.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                (model.recentBrokers().isEmpty() ? url : password).requestFocus();
            }
        });
    }

    public Node root() {
        return root;
    }
}
