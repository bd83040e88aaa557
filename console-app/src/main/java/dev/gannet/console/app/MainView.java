package dev.gannet.console.app;

import dev.gannet.console.common.BrokerSession;
import dev.gannet.console.common.ConsoleView;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The main window after login: the navigation list on the left, the chosen view in the middle,
 * and a top bar with the broker, the user, whether the live feed is up, the theme and log out.
 * Views are created the first time they are shown.
 */
public final class MainView {

    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();
    private final ListView<Page> navigation = new ListView<>();
    private final Map<Page, ConsoleView> views = new EnumMap<>(Page.class);
    private final Function<Page, ConsoleView> factory;
    /** Ctrl+1 … Ctrl+7, in the scene while this view is its root. */
    private final Map<KeyCombination, Runnable> shortcuts = new java.util.HashMap<>();

    /**
     * @param factory  creates the view of a page
     * @param onLogout called when the operator logs out
     * @param dark     the theme switch, bound to the application's theme
     */
    public MainView(BrokerSession session, Function<Page, ConsoleView> factory, Runnable onLogout,
                    javafx.beans.property.BooleanProperty dark) {
        this.factory = factory;
        navigation.setId("navigation");
        navigation.getItems().setAll(Page.values());
        navigation.setPrefWidth(200);
        navigation.getSelectionModel().selectedItemProperty().addListener((obs, old, page) -> {
            if (page != null) {
                show(page);
            }
        });

        Label broker = new Label(session.username() + " @ " + session.url());
        broker.setId("broker-label");
        Label live = new Label();
        live.setId("live-status");
        live.textProperty().bind(Bindings.when(session.live().receivingProperty()).then("● live")
                .otherwise(Bindings.concat("● broker unreachable ", session.live().problemProperty())));
        live.styleProperty().bind(Bindings.when(session.live().receivingProperty())
                .then("-fx-text-fill: -gannet-ok;").otherwise("-fx-text-fill: -gannet-bad;"));
        ToggleButton theme = new ToggleButton("Dark");
        theme.setId("theme-toggle");
        theme.selectedProperty().bindBidirectional(dark);
        Button logout = new Button("Log out");
        logout.setId("logout");
        logout.setOnAction(event -> onLogout.run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(12, broker, live, spacer, theme, logout);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(8, 12, 8, 12));
        top.getStyleClass().add("top-bar");

        VBox left = new VBox(navigation);
        VBox.setVgrow(navigation, Priority.ALWAYS);
        content.setPadding(new Insets(12));
        root.setTop(top);
        root.setLeft(left);
        root.setCenter(content);
        root.getStyleClass().add("main-view");
        for (Page page : Page.values()) {
            shortcuts.put(new KeyCodeCombination(page.shortcut(), KeyCombination.SHORTCUT_DOWN), () -> select(page));
        }
        root.sceneProperty().addListener((obs, old, scene) -> {
            if (old != null) {
                // the login form reuses the scene: the old session's shortcuts must not reach it
                shortcuts.keySet().forEach(old.getAccelerators()::remove);
            }
            if (scene != null) {
                scene.getAccelerators().putAll(shortcuts);
            }
        });
        select(Page.DASHBOARD);
    }

    /** Shows {@code page}, as if chosen in the navigation list. */
    public void select(Page page) {
        navigation.getSelectionModel().select(page);
    }

    private void show(Page page) {
        ConsoleView view = views.computeIfAbsent(page, factory);
        content.getChildren().setAll(view.root());
        view.shown();
    }

    /** The view of {@code page} if it was shown already. */
    public ConsoleView view(Page page) {
        return views.get(page);
    }

    public Node root() {
        return root;
    }

    /** Stops every view's timers and listeners. */
    public void dispose() {
        if (root.getScene() != null) {
            shortcuts.keySet().forEach(root.getScene().getAccelerators()::remove);
        }
        views.values().forEach(ConsoleView::dispose);
    }
}
