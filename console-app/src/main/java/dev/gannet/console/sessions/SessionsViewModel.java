package dev.gannet.console.sessions;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.model.client.GannetClient;

/** Placeholder: replaced by the feature's real view model. */
public final class SessionsViewModel {

    public SessionsViewModel(GannetClient client, BackgroundTasks tasks) {
    }
}
