package dev.gannet.console.credentials;

import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/** Small helpers for style classes that follow a condition. */
final class Styles {

    static final String INVALID = "invalid";

    private Styles() {
    }

    /** Adds {@code styleClass} to {@code node} while {@code condition} holds, and removes it after. */
    static void toggle(Node node, String styleClass, ObservableValue<Boolean> condition) {
        // Bindings observe their sources weakly: the node keeps the condition alive as long as it lives.
        node.getProperties().put(Styles.class.getName() + "." + styleClass, condition);
        set(node, styleClass, Boolean.TRUE.equals(condition.getValue()));
        condition.addListener((obs, old, now) -> set(node, styleClass, Boolean.TRUE.equals(now)));
    }

    /**
     * Lets {@code label} wrap onto more lines. Its minimum height follows the wrapped text, so a
     * container short of room shrinks a list rather than cutting the sentence off.
     */
    static void wrap(Label label) {
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
    }

    static void set(Node node, String styleClass, boolean on) {
        if (on && !node.getStyleClass().contains(styleClass)) {
            node.getStyleClass().add(styleClass);
        } else if (!on) {
            node.getStyleClass().removeAll(styleClass);
        }
    }
}
