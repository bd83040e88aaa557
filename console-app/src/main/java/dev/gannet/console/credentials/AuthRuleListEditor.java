package dev.gannet.console.credentials;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The editor of one rule list: a check box that says whether the list restricts anything at all,
 * and the rules, each typed in place and marked "invalid" with its message as soon as it is not
 * a usable regular expression.
 *
 * @see AuthRuleList
 */
final class AuthRuleListEditor {

    private final VBox root = new VBox(6);
    private final ListView<AuthRule> list = new ListView<>();

    /**
     * @param prefix  "publish" or "subscribe": the ids of the controls start with it
     * @param verb    "publishing" or "subscribing", for the check box
     * @param anyText  what unrestricted means ("Any topic may be published to.")
     * @param someText what a restricted list means
     * @param noneText what an empty restricted list means
     */
    AuthRuleListEditor(AuthRuleList model, String prefix, String verb, String anyText, String someText, String noneText) {
        CheckBox restrict = new CheckBox("Restrict " + verb + " to these patterns");
        restrict.setId(prefix + "-restrict");
        restrict.selectedProperty().bindBidirectional(model.restrictedProperty());

        list.setId(prefix + "-rules");
        list.setItems(model.rules());
        list.setCellFactory(view -> new RuleCell());
        list.setPrefHeight(140);
        list.disableProperty().bind(model.restrictedProperty().not());
        list.setPlaceholder(new Label("No patterns"));

        Button add = new Button("Add rule");
        add.setId(prefix + "-add");
        add.disableProperty().bind(model.restrictedProperty().not());
        add.setOnAction(event -> {
            AuthRule added = model.add("");
            list.getSelectionModel().select(added);
            list.scrollTo(added);
            focus(added);
        });
        Button remove = new Button("Remove");
        remove.setId(prefix + "-remove");
        remove.disableProperty().bind(model.restrictedProperty().not()
                .or(list.getSelectionModel().selectedItemProperty().isNull()));
        remove.setOnAction(event -> {
            AuthRule rule = list.getSelectionModel().getSelectedItem();
            if (rule != null) {
                model.remove(rule);
            }
        });

        Label meaning = new Label();
        meaning.setId(prefix + "-meaning");
        meaning.getStyleClass().add("muted");
        Styles.wrap(meaning);
        meaning.textProperty().bind(Bindings.when(model.restrictedProperty())
                .then(Bindings.when(Bindings.isEmpty(model.rules())).then(noneText)
                        .otherwise(someText))
                .otherwise(anyText));

        HBox buttons = new HBox(6, add, remove);
        buttons.setAlignment(Pos.CENTER_LEFT);
        root.getChildren().addAll(restrict, meaning, list, buttons);
        VBox.setVgrow(list, Priority.ALWAYS);
    }

    Node root() {
        return root;
    }

    /** Puts the caret into the field of {@code rule}, so that the operator can type at once. */
    private void focus(AuthRule rule) {
        list.applyCss();
        list.layout(); // the new rule gets its cell now, not at the next pulse
        for (Node node : list.lookupAll(".list-cell")) {
            if (node instanceof RuleCell cell && cell.getItem() == rule && cell.isVisible()) {
                cell.field.requestFocus();
                return;
            }
        }
    }

    /**
     * A rule typed in place. Cells are reused for other rules as the list scrolls, so each one
     * unbinds from its previous rule before it binds to the next.
     */
    private final class RuleCell extends ListCell<AuthRule> {

        private final TextField field = new TextField();
        private final Label problem = new Label();
        private final VBox box = new VBox(2, field, problem);
        private final ChangeListener<String> problemListener = (obs, old, now) -> showProblem(now);
        private AuthRule shown;

        RuleCell() {
            setPrefWidth(0); // as wide as the list, never wider: long messages wrap instead of scrolling sideways
            field.getStyleClass().add("rule-field");
            field.setPromptText("a regular expression, e.g. sensors/.*");
            problem.getStyleClass().addAll("error-text", "rule-problem");
            problem.setMaxWidth(Double.MAX_VALUE);
            Styles.wrap(problem);
            // Clicking into the field selects its rule, so that Remove acts on the rule being edited.
            field.focusedProperty().addListener((obs, old, focused) -> {
                if (focused && getItem() != null) {
                    getListView().getSelectionModel().select(getIndex());
                }
            });
        }

        @Override
        protected void updateItem(AuthRule rule, boolean empty) {
            super.updateItem(rule, empty);
            if (shown != null) {
                field.textProperty().unbindBidirectional(shown.patternProperty());
                shown.problemProperty().removeListener(problemListener);
                shown = null;
            }
            if (empty || rule == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            shown = rule;
            field.textProperty().bindBidirectional(rule.patternProperty());
            rule.problemProperty().addListener(problemListener);
            showProblem(rule.problemProperty().get());
            setText(null);
            setGraphic(box);
        }

        private void showProblem(String why) {
            boolean invalid = !why.isEmpty();
            Styles.set(field, Styles.INVALID, invalid);
            problem.setText(why);
            problem.setVisible(invalid);
            problem.setManaged(invalid);
        }
    }
}
