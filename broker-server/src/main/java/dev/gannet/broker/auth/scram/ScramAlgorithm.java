package dev.gannet.broker.auth.scram;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/** The SCRAM variants Gannet offers (RFC 5802, RFC 7677) and their primitives. */
public enum ScramAlgorithm {
    SHA_256("SCRAM-SHA-256", "HmacSHA256", "SHA-256", "PBKDF2WithHmacSHA256", 256),
    SHA_512("SCRAM-SHA-512", "HmacSHA512", "SHA-512", "PBKDF2WithHmacSHA512", 512);

    private final String mechanism;
    private final String hmac;
    private final String digest;
    private final String pbkdf2;
    private final int bits;

    ScramAlgorithm(String mechanism, String hmac, String digest, String pbkdf2, int bits) {
        this.mechanism = mechanism;
        this.hmac = hmac;
        this.digest = digest;
        this.pbkdf2 = pbkdf2;
        this.bits = bits;
    }

    /** The MQTT 5 Authentication Method name. */
    public String mechanism() {
        return mechanism;
    }

    /** Hi(password, salt, i): PBKDF2 with this HMAC. */
    public byte[] saltedPassword(String password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance(pbkdf2)
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, bits)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(pbkdf2 + " is not available", e);
        }
    }

    public byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(key, hmac));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmac + " is not available", e);
        }
    }

    public byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance(digest).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(digest + " is not available", e);
        }
    }
}
