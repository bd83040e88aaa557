package dev.gannet.console.common;

import dev.gannet.model.client.GannetClient;

/**
 * The broker the console is logged in to: the management client (with its token), the live feed
 * of figures, and who is logged in where. View models reach the broker only through this.
 */
public record BrokerSession(GannetClient client, LiveFeed live, String url, String username) implements AutoCloseable {

    @Override
    public void close() {
        live.close();
    }
}
