package dev.gannet.broker.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gannet.broker.metadata.CredentialsRepository;
import dev.gannet.broker.metadata.StoredCredentials;
import dev.gannet.broker.session.ClientType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Authenticates CONNECTs against the MQTT_BASIC credentials in the metadata database, held in
 * memory and reloaded by {@link #refresh()} when they change. A CONNECT is matched first by user
 * name and client id together, then by user name, then by client id. Without matching credentials,
 * a client that sent no user name gets in only while anonymous access is allowed.
 */
public final class CredentialsAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialsAuthenticator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Credentials ready to check: the bcrypt hash (or null) and the compiled rules. */
    private record Entry(String passwordHash, ClientType clientType, Permissions permissions) {
    }

    private final CredentialsRepository repository;
    private final boolean allowAnonymous;
    private volatile Map<String, Entry> byKey = Map.of();

    public CredentialsAuthenticator(CredentialsRepository repository, boolean allowAnonymous) {
        this.repository = repository;
        this.allowAnonymous = allowAnonymous;
        refresh();
    }

    /** Reloads the credentials from the database (after they were created, changed or deleted). */
    public void refresh() {
        Map<String, Entry> loaded = new HashMap<>();
        int offset = 0;
        List<StoredCredentials> page;
        do {
            page = repository.page(offset, 1_000);
            for (StoredCredentials stored : page) {
                if (stored.credentialsType().equals("MQTT_BASIC")) {
                    try {
                        loaded.put(stored.credentialsId(), entry(stored));
                    } catch (JsonProcessingException | IllegalArgumentException e) { // bad JSON, bad regex, unknown client type
                        LOG.warn("Credentials '{}' ({}) cannot be used: {}", stored.name(), stored.id(), e.getMessage());
                    }
                }
            }
            offset += page.size();
        } while (page.size() == 1_000);
        byKey = Map.copyOf(loaded);
    }

    private static Entry entry(StoredCredentials stored) throws JsonProcessingException {
        BasicCredentials value = JSON.readValue(stored.credentialsValue(), BasicCredentials.class);
        BasicCredentials.AuthRules rules = value.authRules();
        Permissions permissions = rules == null ? Permissions.ALL
                : new Permissions(patterns(rules.pubAuthRulePatterns()), patterns(rules.subAuthRulePatterns()));
        return new Entry(value.password(), ClientType.valueOf(stored.clientType()), permissions);
    }

    private static List<Pattern> patterns(List<String> regexes) {
        if (regexes == null) {
            return List.of(Pattern.compile(".*"));
        }
        List<Pattern> out = new ArrayList<>(regexes.size());
        for (String regex : regexes) {
            out.add(Pattern.compile(regex));
        }
        return out;
    }

    @Override
    public AuthenticationResult authenticate(ClientIdentity identity, byte[] password) {
        return authenticateFully(identity, password).result();
    }

    @Override
    public Authentication authenticateFully(ClientIdentity identity, byte[] password) {
        Entry entry = find(identity.clientId(), identity.username());
        if (entry == null) {
            if (identity.username() == null && allowAnonymous) {
                return Authentication.of(AuthenticationResult.ACCEPTED);
            }
            return Authentication.of(identity.username() != null
                    ? AuthenticationResult.BAD_USERNAME_OR_PASSWORD : AuthenticationResult.NOT_AUTHORIZED);
        }
        if (entry.passwordHash() != null && !matches(password, entry.passwordHash())) {
            return Authentication.of(AuthenticationResult.BAD_USERNAME_OR_PASSWORD);
        }
        return new Authentication(AuthenticationResult.ACCEPTED, entry.clientType(), entry.permissions());
    }

    private Entry find(String clientId, String username) {
        Map<String, Entry> current = byKey;
        Entry entry = null;
        if (username != null) {
            entry = current.get(BasicCredentials.matchingKey(clientId, username));
            if (entry == null) {
                entry = current.get(BasicCredentials.matchingKey(null, username));
            }
        }
        return entry != null ? entry : current.get(BasicCredentials.matchingKey(clientId, null));
    }

    private static boolean matches(byte[] password, String hash) {
        if (password == null) {
            return false;
        }
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(password));
        char[] plain = new char[chars.remaining()];
        chars.get(plain);
        try {
            return BCrypt.verifyer().verify(plain, hash).verified;
        } finally {
            java.util.Arrays.fill(plain, '\0');
        }
    }

    /** A bcrypt hash for a new password, for tools and the management endpoint. */
    public static String hash(String password) {
        return BCrypt.withDefaults().hashToString(10, password.toCharArray());
    }
}
