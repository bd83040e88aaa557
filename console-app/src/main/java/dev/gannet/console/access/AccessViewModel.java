package dev.gannet.console.access;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.model.client.GannetClient;

/** Placeholder: replaced by the feature's real view model. */
public final class AccessViewModel {

    public AccessViewModel(GannetClient client, BackgroundTasks tasks) {
    }
}
