package dev.gannet.broker.auth.scram;

import dev.gannet.broker.auth.AuthStep;
import dev.gannet.broker.auth.ClientIdentity;
import dev.gannet.broker.auth.EnhancedAuthenticator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * SCRAM (RFC 5802) as MQTT 5 enhanced authentication: CONNECT carries the client-first message,
 * AUTH 0x18 the server-first and client-final messages, and CONNACK (or the final AUTH on
 * re-authentication) the server's signature. Channel binding is not offered ("n,," only); user
 * names and passwords are taken as sent (no SASLprep).
 */
public final class ScramAuthenticator implements EnhancedAuthenticator {

    /** A user's keys and what accepting them grants. */
    public record Account(ScramKeys keys, AuthStep grant) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ScramAlgorithm algorithm;
    private final Function<String, Optional<Account>> accounts;
    private final Supplier<String> nonces;

    public ScramAuthenticator(ScramAlgorithm algorithm, Function<String, Optional<Account>> accounts) {
        this(algorithm, accounts, ScramAuthenticator::randomNonce);
    }

    /** With a fixed nonce source: for the RFC test vectors. */
    public ScramAuthenticator(ScramAlgorithm algorithm, Function<String, Optional<Account>> accounts, Supplier<String> nonces) {
        this.algorithm = algorithm;
        this.accounts = accounts;
        this.nonces = nonces;
    }

    private static String randomNonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public String method() {
        return algorithm.mechanism();
    }

    @Override
    public Exchange begin(ClientIdentity identity, boolean reauthentication) {
        return new ScramExchange();
    }

    private final class ScramExchange implements Exchange {
        private String clientFirstBare;
        private String serverFirst;
        private String nonce;
        private Account account;

        @Override
        public AuthStep step(byte[] clientData) {
            if (clientData == null) {
                return AuthStep.failure();
            }
            String message = new String(clientData, StandardCharsets.UTF_8);
            return clientFirstBare == null ? first(message) : last(message);
        }

        /** client-first-message: "n,,n=user,r=nonce". */
        private AuthStep first(String message) {
            if (!message.startsWith("n,,")) {
                return AuthStep.failure(); // channel binding is not offered
            }
            clientFirstBare = message.substring(3);
            String user = attribute(clientFirstBare, 'n');
            String clientNonce = attribute(clientFirstBare, 'r');
            if (user == null || clientNonce == null) {
                return AuthStep.failure();
            }
            Optional<Account> found = accounts.apply(user.replace("=2C", ",").replace("=3D", "="));
            if (found.isEmpty()) {
                return AuthStep.failure();
            }
            account = found.get();
            nonce = clientNonce + nonces.get();
            ScramKeys keys = account.keys();
            serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(keys.salt()) + ",i=" + keys.iterations();
            return AuthStep.continueWith(serverFirst.getBytes(StandardCharsets.UTF_8));
        }

        /** client-final-message: "c=biws,r=nonce,p=proof". */
        private AuthStep last(String message) {
            int proofAt = message.lastIndexOf(",p=");
            if (proofAt < 0 || !"biws".equals(attribute(message, 'c')) || !nonce.equals(attribute(message, 'r'))) {
                return AuthStep.failure();
            }
            String withoutProof = message.substring(0, proofAt);
            byte[] proof;
            try {
                proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
            } catch (IllegalArgumentException e) {
                return AuthStep.failure();
            }
            ScramKeys keys = account.keys();
            byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
            byte[] clientSignature = algorithm.hmac(keys.storedKey(), authMessage);
            if (proof.length != clientSignature.length) {
                return AuthStep.failure();
            }
            byte[] clientKey = new byte[proof.length];
            for (int i = 0; i < proof.length; i++) {
                clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
            }
            if (!MessageDigest.isEqual(algorithm.hash(clientKey), keys.storedKey())) {
                return AuthStep.failure();
            }
            String serverFinal = "v=" + Base64.getEncoder().encodeToString(algorithm.hmac(keys.serverKey(), authMessage));
            AuthStep grant = account.grant();
            return new AuthStep(AuthStep.Outcome.SUCCESS, serverFinal.getBytes(StandardCharsets.UTF_8),
                    grant.clientType(), grant.permissions());
        }
    }

    /** The value of attribute {@code name} in a comma-separated SCRAM message, or null. */
    private static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        return null;
    }
}
