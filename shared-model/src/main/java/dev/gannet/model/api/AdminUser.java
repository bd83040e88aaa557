package dev.gannet.model.api;

/** An administrator of the management endpoint (its password is never shown). */
public record AdminUser(String username, long createdAt) {
}
