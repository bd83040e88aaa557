package dev.gannet.model.api;

/** A new administrator. */
public record AdminUserRequest(String username, String password) {

    @Override
    public String toString() {
        return "AdminUserRequest[" + username + "]";
    }
}
