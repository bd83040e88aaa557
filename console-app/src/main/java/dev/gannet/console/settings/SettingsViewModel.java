package dev.gannet.console.settings;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.model.client.GannetClient;

/** Placeholder: replaced by the feature's real view model. */
public final class SettingsViewModel {

    public SettingsViewModel(GannetClient client, BackgroundTasks tasks) {
    }
}
