package dev.gannet.console.common;

import javafx.scene.control.Label;

/** Labels with the console's usual behaviour. */
public final class Labels {

    private Labels() {
    }

    /** A label for an error message: red, wrapped, and taking no room while empty. */
    public static Label error(String id) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add("error-text");
        label.setWrapText(true);
        label.managedProperty().bind(label.textProperty().isNotEmpty()); // no gap while all is well
        return label;
    }
}
