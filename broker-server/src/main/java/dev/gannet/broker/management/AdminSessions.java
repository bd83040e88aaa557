package dev.gannet.broker.management;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.gannet.broker.metadata.AdminUser;
import dev.gannet.broker.metadata.AdminUserRepository;
import dev.gannet.model.api.LoginResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Who may call the management endpoint: administrators log in with their password and get a
 * random token, valid until it has not been used for the configured time. Scripts and Prometheus
 * may instead send HTTP Basic credentials; a verified pair is remembered for a minute so that a
 * scrape every few seconds does not pay for a bcrypt check each time.
 *
 * <p>Tokens live in this node's memory: a restart logs everybody out.
 */
final class AdminSessions {

    private static final Logger EVENTS = LoggerFactory.getLogger("gannet.event.admin-login");
    private static final long BASIC_CACHE_MILLIS = 60_000;
    /** A hash to check against when the user does not exist, so that both cases take as long. */
    private static final String DUMMY_HASH = BCrypt.withDefaults().hashToString(10, "not-a-password".toCharArray());

    private final AdminUserRepository admins;
    private final long ttlMillis;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Grant> basicVerified = new ConcurrentHashMap<>();

    private static final class Grant {
        final String username;
        volatile long expiresAt;

        Grant(String username, long expiresAt) {
            this.username = username;
            this.expiresAt = expiresAt;
        }
    }

    AdminSessions(AdminUserRepository admins, long ttlMillis, LongSupplier clock) {
        this.admins = admins;
        this.ttlMillis = ttlMillis;
        this.clock = clock;
    }

    /** A new token for a right user name and password; empty otherwise. Blocks for the bcrypt check. */
    Optional<LoginResponse> login(String username, String password, String from) {
        if (!passwordMatches(username, password)) {
            EVENTS.warn("Refused management login of '{}' from {}: wrong user name or password", username, from);
            return Optional.empty();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long expiresAt = clock.getAsLong() + ttlMillis;
        tokens.put(token, new Grant(username, expiresAt));
        EVENTS.info("Administrator '{}' logged in from {}", username, from);
        return Optional.of(new LoginResponse(token, username, expiresAt));
    }

    void logout(String token) {
        tokens.remove(token);
    }

    /** Ends every token and remembered password of {@code username} (deleted, or password changed). */
    void revoke(String username) {
        tokens.values().removeIf(grant -> grant.username.equals(username));
        basicVerified.values().removeIf(grant -> grant.username.equals(username));
    }

    /**
     * The administrator an {@code Authorization} header names: {@code Bearer TOKEN} or
     * {@code Basic base64(user:password)}; empty when missing, unknown or expired.
     */
    Optional<String> authenticate(String authorization, String bearerFromQuery) {
        long now = clock.getAsLong();
        if (authorization == null && bearerFromQuery != null) {
            return byToken(bearerFromQuery, now);
        }
        if (authorization == null) {
            return Optional.empty();
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return byToken(authorization.substring(7).trim(), now);
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return byBasic(authorization.substring(6).trim(), now);
        }
        return Optional.empty();
    }

    private Optional<String> byToken(String token, long now) {
        Grant grant = tokens.get(token);
        if (grant == null) {
            return Optional.empty();
        }
        if (now >= grant.expiresAt) {
            tokens.remove(token, grant);
            return Optional.empty();
        }
        grant.expiresAt = now + ttlMillis; // sliding: an administrator at work stays logged in
        return Optional.of(grant.username);
    }

    private Optional<String> byBasic(String encoded, long now) {
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String username = pair.substring(0, colon);
        String key = sha256(pair);
        Grant remembered = basicVerified.get(key);
        if (remembered != null && now < remembered.expiresAt) {
            return Optional.of(remembered.username);
        }
        if (!passwordMatches(username, pair.substring(colon + 1))) {
            return Optional.empty();
        }
        basicVerified.put(key, new Grant(username, now + BASIC_CACHE_MILLIS));
        return Optional.of(username);
    }

    /** Checks the password against the stored bcrypt hash; an unknown user costs the same time. */
    boolean passwordMatches(String username, String password) {
        if (username == null || password == null) {
            return false;
        }
        Optional<AdminUser> user = admins.find(username);
        String hash = user.map(AdminUser::passwordHash).orElse(DUMMY_HASH);
        boolean verified = BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
        return verified && user.isPresent();
    }

    /** Forgets expired tokens; called now and then so that abandoned logins do not pile up. */
    void prune() {
        long now = clock.getAsLong();
        tokens.values().removeIf(grant -> now >= grant.expiresAt);
        basicVerified.values().removeIf(grant -> now >= grant.expiresAt);
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
