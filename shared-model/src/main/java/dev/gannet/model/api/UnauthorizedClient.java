package dev.gannet.model.api;

/** The last refused CONNECT of one client id: who, from where and why (never the password). */
public record UnauthorizedClient(String clientId, String remoteAddress, String username, boolean passwordProvided,
                                 String reason, long attemptedAt) {
}
