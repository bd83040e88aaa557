package dev.gannet.broker.metadata;

/** A refused CONNECT: who, from where, and why (never the password itself). */
public record UnauthorizedClient(String clientId, String remoteAddress, String username, boolean passwordProvided,
                                 String reason, long attemptedAt) {
}
