package dev.gannet.console.credentials;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.model.client.GannetClient;

/** Placeholder: replaced by the feature's real view model. */
public final class CredentialsViewModel {

    public CredentialsViewModel(GannetClient client, BackgroundTasks tasks) {
    }
}
