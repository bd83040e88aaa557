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
 * Authenticates CONNECTs against the credentials in the metadata database, held in memory and
 * reloaded by {@link #refresh()} when they change. The providers are tried in the configured order
 * ({@code security.auth-providers}, X_509 then MQTT_BASIC by default); the first that recognises the
 * client decides, one that does not passes it on:
 * <ul>
 *   <li>X_509: a client with a verified TLS certificate is admitted by credentials keyed by the
 *       common name of a certificate in its chain (its own, or a CA's) whose pattern its own common
 *       name matches;</li>
 *   <li>MQTT_BASIC: matched by user name and client id together, then by user name, then by client
 *       id, with a bcrypt password check (a wrong password refuses the client);</li>
 * </ul>
 * After them, a client that sent no user name gets in while anonymous access is allowed.
 */
public final class CredentialsAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialsAuthenticator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Credentials ready to check: the bcrypt hash (or null) and the compiled rules. */
    private record Entry(String passwordHash, ClientType clientType, Permissions permissions) {
    }

    private final CredentialsRepository repository;
    private final boolean allowAnonymous;
    private final List<AuthProvider> providers;
    private volatile Map<String, Entry> byKey = Map.of();
    /** X_509 credentials by matching key, with the pattern the client's own common name must match. */
    private volatile Map<String, CertificateEntry> byCertificate = Map.of();

    private record CertificateEntry(Pattern leafCommonName, ClientType clientType, Permissions permissions) {
    }

    /** SCRAM accounts by matching key ("scram-sha-256:" + user name). */
    private volatile Map<String, dev.gannet.broker.auth.scram.ScramAuthenticator.Account> scramAccounts = Map.of();

    public CredentialsAuthenticator(CredentialsRepository repository, boolean allowAnonymous) {
        this(repository, allowAnonymous, List.of(AuthProvider.X509, AuthProvider.BASIC));
    }

    public CredentialsAuthenticator(CredentialsRepository repository, boolean allowAnonymous, List<AuthProvider> providers) {
        this.repository = repository;
        this.allowAnonymous = allowAnonymous;
        this.providers = List.copyOf(providers);
        refresh();
    }

    /** Reloads the credentials from the database (after they were created, changed or deleted). */
    public void refresh() {
        Map<String, Entry> loaded = new HashMap<>();
        Map<String, CertificateEntry> certificates = new HashMap<>();
        Map<String, dev.gannet.broker.auth.scram.ScramAuthenticator.Account> scram = new HashMap<>();
        int offset = 0;
        List<StoredCredentials> page;
        do {
            page = repository.page(offset, 1_000);
            for (StoredCredentials stored : page) {
                if (stored.credentialsType().equals("SCRAM")) {
                    try {
                        scram.put(stored.credentialsId(), scramAccount(stored));
                    } catch (JsonProcessingException | IllegalArgumentException e) { // bad JSON, bad base64, unknown algorithm
                        LOG.warn("Credentials '{}' ({}) cannot be used: {}", stored.name(), stored.id(), e.getMessage());
                    }
                } else if (stored.credentialsType().equals("X_509")) {
                    try {
                        certificates.put(stored.credentialsId(), certificateEntry(stored));
                    } catch (JsonProcessingException | IllegalArgumentException e) { // bad JSON, bad regex, unknown type
                        LOG.warn("Credentials '{}' ({}) cannot be used: {}", stored.name(), stored.id(), e.getMessage());
                    }
                } else if (stored.credentialsType().equals("MQTT_BASIC")) {
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
        byCertificate = Map.copyOf(certificates);
        scramAccounts = Map.copyOf(scram);
    }

    private static dev.gannet.broker.auth.scram.ScramAuthenticator.Account scramAccount(StoredCredentials stored)
            throws JsonProcessingException {
        ScramCredentials value = JSON.readValue(stored.credentialsValue(), ScramCredentials.class);
        java.util.Base64.Decoder base64 = java.util.Base64.getDecoder();
        dev.gannet.broker.auth.scram.ScramKeys keys = new dev.gannet.broker.auth.scram.ScramKeys(
                dev.gannet.broker.auth.scram.ScramAlgorithm.valueOf(value.algorithm()), base64.decode(value.salt()),
                value.iterations(), base64.decode(value.storedKey()), base64.decode(value.serverKey()));
        BasicCredentials.AuthRules rules = value.authRules();
        Permissions permissions = rules == null ? Permissions.ALL
                : new Permissions(patterns(rules.pubAuthRulePatterns()), patterns(rules.subAuthRulePatterns()));
        return new dev.gannet.broker.auth.scram.ScramAuthenticator.Account(keys, new AuthStep(AuthStep.Outcome.SUCCESS, null,
                ClientType.valueOf(stored.clientType()), permissions));
    }

    /** The SCRAM account of {@code userName} for {@code algorithm}, if there are such credentials. */
    public java.util.Optional<dev.gannet.broker.auth.scram.ScramAuthenticator.Account> scramAccount(
            dev.gannet.broker.auth.scram.ScramAlgorithm algorithm, String userName) {
        return java.util.Optional.ofNullable(scramAccounts.get(ScramCredentials.matchingKey(algorithm, userName)));
    }

    private static CertificateEntry certificateEntry(StoredCredentials stored) throws JsonProcessingException {
        X509Credentials value = JSON.readValue(stored.credentialsValue(), X509Credentials.class);
        BasicCredentials.AuthRules rules = value.authRules();
        Permissions permissions = rules == null ? Permissions.ALL
                : new Permissions(patterns(rules.pubAuthRulePatterns()), patterns(rules.subAuthRulePatterns()));
        Pattern leaf = Pattern.compile(value.certCnPattern() == null ? ".*" : value.certCnPattern());
        return new CertificateEntry(leaf, ClientType.valueOf(stored.clientType()), permissions);
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
        for (AuthProvider provider : providers) {
            Authentication decided = switch (provider) {
                case X509 -> identity.certificates().isEmpty() ? null : byCertificate(identity);
                case BASIC -> byPassword(identity, password);
            };
            if (decided != null) {
                return decided;
            }
        }
        if (identity.username() == null && allowAnonymous) {
            return Authentication.of(AuthenticationResult.ACCEPTED);
        }
        return Authentication.of(identity.username() != null
                ? AuthenticationResult.BAD_USERNAME_OR_PASSWORD : AuthenticationResult.NOT_AUTHORIZED);
    }

    /** The MQTT_BASIC verdict; null when no MQTT_BASIC credentials match the client. */
    private Authentication byPassword(ClientIdentity identity, byte[] password) {
        Entry entry = find(identity.clientId(), identity.username());
        if (entry == null) {
            return null;
        }
        if (entry.passwordHash() != null && !matches(password, entry.passwordHash())) {
            return Authentication.of(AuthenticationResult.BAD_USERNAME_OR_PASSWORD);
        }
        return new Authentication(AuthenticationResult.ACCEPTED, entry.clientType(), entry.permissions());
    }

    /** The X_509 credentials a verified chain matches, leaf first; null when none does. */
    private Authentication byCertificate(ClientIdentity identity) {
        Map<String, CertificateEntry> current = byCertificate;
        String leaf = X509Credentials.commonName(identity.certificates().get(0));
        // The subjects of the chain the client sent, then the issuer of its last certificate: the CA the
        // TLS layer verified it against (clients often send their own certificate alone).
        List<String> names = new ArrayList<>();
        for (java.security.cert.X509Certificate certificate : identity.certificates()) {
            names.add(X509Credentials.commonName(certificate));
        }
        names.add(X509Credentials.issuerCommonName(identity.certificates().get(identity.certificates().size() - 1)));
        for (String commonName : names) {
            CertificateEntry entry = commonName == null ? null : current.get(X509Credentials.matchingKey(commonName));
            if (entry != null && leaf != null && entry.leafCommonName().matcher(leaf).matches()) {
                return new Authentication(AuthenticationResult.ACCEPTED, entry.clientType(), entry.permissions());
            }
        }
        return null;
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
