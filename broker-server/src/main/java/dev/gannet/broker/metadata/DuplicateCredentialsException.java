package dev.gannet.broker.metadata;

/** Credentials with the same matching key already exist (HTTP 409 for the management endpoint). */
public final class DuplicateCredentialsException extends RuntimeException {

    private final String credentialsId;

    public DuplicateCredentialsException(String credentialsId, Throwable cause) {
        super("credentials with the matching key '" + credentialsId + "' already exist", cause);
        this.credentialsId = credentialsId;
    }

    /** The matching key that is taken. */
    public String credentialsId() {
        return credentialsId;
    }
}
