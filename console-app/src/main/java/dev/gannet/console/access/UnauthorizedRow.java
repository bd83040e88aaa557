package dev.gannet.console.access;

import dev.gannet.model.api.UnauthorizedClient;

/**
 * One refused CONNECT as the table shows it.
 *
 * @param passwordGiven "yes" or "no" (the password itself is never kept)
 * @param when          local time
 */
public record UnauthorizedRow(String clientId, String address, String username, String passwordGiven, String reason,
                              String when) {

    static UnauthorizedRow of(UnauthorizedClient u) {
        return new UnauthorizedRow(u.clientId(), u.remoteAddress() == null ? "" : u.remoteAddress(),
                u.username() == null ? "" : u.username(), u.passwordProvided() ? "yes" : "no",
                u.reason() == null ? "" : u.reason(), LocalTimes.of(u.attemptedAt()));
    }
}
