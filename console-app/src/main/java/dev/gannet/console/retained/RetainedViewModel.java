package dev.gannet.console.retained;

import dev.gannet.console.common.BackgroundTasks;
import dev.gannet.model.client.GannetClient;

/** Placeholder: replaced by the feature's real view model. */
public final class RetainedViewModel {

    public RetainedViewModel(GannetClient client, BackgroundTasks tasks) {
    }
}
