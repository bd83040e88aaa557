package dev.gannet.model.api;

/** A new password, for credentials or an administrator. */
public record PasswordChange(String password) {

    @Override
    public String toString() {
        return "PasswordChange[***]";
    }
}
