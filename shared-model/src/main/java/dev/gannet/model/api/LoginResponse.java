package dev.gannet.model.api;

/**
 * A session token: send it as {@code Authorization: Bearer TOKEN}.
 *
 * @param expiresAt epoch milliseconds after which the token is refused (each use moves it on)
 */
public record LoginResponse(String token, String username, long expiresAt) {

    @Override
    public String toString() {
        return "LoginResponse[" + username + ", expiresAt=" + expiresAt + "]";
    }
}
