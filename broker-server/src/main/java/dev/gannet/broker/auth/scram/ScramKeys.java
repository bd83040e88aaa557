package dev.gannet.broker.auth.scram;

import java.nio.charset.StandardCharsets;

/**
 * What the broker keeps of a SCRAM password: enough to verify a client's proof and prove itself
 * back, but not the password (RFC 5802 section 3).
 */
public record ScramKeys(ScramAlgorithm algorithm, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    /** Derives the keys from a password, for creating credentials. */
    public static ScramKeys derive(ScramAlgorithm algorithm, String password, byte[] salt, int iterations) {
        byte[] salted = algorithm.saltedPassword(password, salt, iterations);
        byte[] clientKey = algorithm.hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] serverKey = algorithm.hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        return new ScramKeys(algorithm, salt, iterations, algorithm.hash(clientKey), serverKey);
    }
}
