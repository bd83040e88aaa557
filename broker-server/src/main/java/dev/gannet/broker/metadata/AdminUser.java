package dev.gannet.broker.metadata;

/** An administrator of the management endpoint; only a password hash is ever stored. */
public record AdminUser(String username, String passwordHash, long createdAt) {

    @Override
    public String toString() {
        return "AdminUser[" + username + "]"; // the hash stays out of logs
    }
}
