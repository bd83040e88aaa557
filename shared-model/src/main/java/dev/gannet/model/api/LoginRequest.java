package dev.gannet.model.api;

/** An administrator's credentials, exchanged for a token at {@code POST /api/auth/login}. */
public record LoginRequest(String username, String password) {

    @Override
    public String toString() {
        return "LoginRequest[" + username + "]"; // never the password
    }
}
