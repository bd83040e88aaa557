package dev.gannet.console.common;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableColumn;

import java.util.function.Function;

/** Table columns that show one fixed value of each row's record. */
public final class Tables {

    private Tables() {
    }

    /** A column titled {@code name}, {@code width} wide, showing {@code value} of each row. */
    public static <R, T> TableColumn<R, T> column(String name, double width, Function<R, T> value) {
        TableColumn<R, T> column = new TableColumn<>(name);
        column.setPrefWidth(width);
        // Rows are immutable records: each cell's value never changes, so a constant will do.
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())).getReadOnlyProperty());
        return column;
    }
}
