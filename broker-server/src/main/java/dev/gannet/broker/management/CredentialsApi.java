package dev.gannet.broker.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gannet.broker.auth.BasicCredentials;
import dev.gannet.broker.auth.CredentialsAuthenticator;
import dev.gannet.broker.auth.ScramCredentials;
import dev.gannet.broker.auth.X509Credentials;
import dev.gannet.broker.auth.scram.ScramAlgorithm;
import dev.gannet.broker.metadata.CredentialsRepository;
import dev.gannet.broker.metadata.DuplicateCredentialsException;
import dev.gannet.broker.metadata.StoredCredentials;
import dev.gannet.model.api.ClientType;
import dev.gannet.model.api.Credentials;
import dev.gannet.model.api.CredentialsCsv;
import dev.gannet.model.api.CredentialsRequest;
import dev.gannet.model.api.CredentialsType;
import dev.gannet.model.api.CredentialsValidation;
import dev.gannet.model.api.FieldProblem;
import dev.gannet.model.api.ImportResult;
import dev.gannet.model.api.Page;
import dev.gannet.model.api.PasswordChange;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * MQTT client credentials: list, read, create, replace, delete, change password, bulk import.
 * Passwords arrive in clear over the (optionally TLS) endpoint and are stored only as bcrypt
 * hashes (MQTT_BASIC) or SCRAM keys; no answer ever carries them. Every change takes effect for
 * the next CONNECT.
 */
final class CredentialsApi {

    /** PBKDF2 rounds for new SCRAM keys (RFC 7677 asks for at least 4096). */
    static final int SCRAM_ITERATIONS = 4096;
    static final int MAX_IMPORT = 10_000;

    private final ManagedBroker broker;
    private final ObjectMapper json;

    CredentialsApi(ManagedBroker broker, ObjectMapper json) {
        this.broker = broker;
        this.json = json;
    }

    void register(Routes routes) {
        routes.get("/api/credentials", this::list);
        routes.post("/api/credentials", this::create);
        routes.post("/api/credentials/import", this::importAll);
        routes.get("/api/credentials/{id}", ctx -> ctx.json(view(stored(ctx))));
        routes.put("/api/credentials/{id}", this::update);
        routes.delete("/api/credentials/{id}", this::delete);
        routes.post("/api/credentials/{id}/password", this::changePassword);
    }

    private CredentialsRepository repository() {
        return broker.metadata().credentials();
    }

    private void list(Context ctx) {
        Requests.Paging paging = Requests.paging(ctx);
        CredentialsType type = Requests.enumParam(ctx, "type", CredentialsType.class);
        String search = Requests.textParam(ctx, "search");
        String typeName = type == null ? null : type.name();
        List<Credentials> items = repository().search(typeName, search, paging.page() * paging.size(), paging.size())
                .stream().map(this::view).toList();
        ctx.json(new Page<>(items, paging.page(), paging.size(), repository().countMatching(typeName, search)));
    }

    private StoredCredentials stored(Context ctx) {
        String id = ctx.pathParam("id");
        return repository().find(id).orElseThrow(() -> ApiProblem.notFound("no credentials with id '" + id + "'"));
    }

    private void create(Context ctx) {
        CredentialsRequest request = Requests.body(ctx, json, CredentialsRequest.class);
        reject(CredentialsValidation.problems(request, true));
        long now = System.currentTimeMillis();
        StoredCredentials stored = toStored(UUID.randomUUID().toString(), request, null, now, now);
        try {
            repository().create(stored);
        } catch (DuplicateCredentialsException e) {
            throw duplicate(request);
        }
        broker.refreshCredentials();
        ctx.status(201).json(view(stored));
    }

    private void update(Context ctx) {
        StoredCredentials existing = stored(ctx);
        CredentialsRequest request = Requests.body(ctx, json, CredentialsRequest.class);
        reject(CredentialsValidation.problems(request, false));
        StoredCredentials updated = toStored(existing.id(), request, existing, existing.createdAt(), System.currentTimeMillis());
        try {
            repository().update(updated);
        } catch (DuplicateCredentialsException e) {
            throw duplicate(request);
        }
        broker.refreshCredentials();
        ctx.json(view(updated));
    }

    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        if (!repository().delete(id)) {
            throw ApiProblem.notFound("no credentials with id '" + id + "'");
        }
        broker.refreshCredentials();
        ctx.status(204);
    }

    private void changePassword(Context ctx) {
        StoredCredentials existing = stored(ctx);
        PasswordChange change = Requests.body(ctx, json, PasswordChange.class);
        if (change.password() == null || change.password().isEmpty()) {
            throw ApiProblem.badRequest("password", "password: a new password is required");
        }
        CredentialsRequest current = request(existing);
        CredentialsType type = current.credentialsType();
        if (type == CredentialsType.X_509) {
            throw ApiProblem.badRequest("password", "password: X_509 credentials have no password");
        }
        CredentialsRequest withPassword = new CredentialsRequest(current.name(), type, current.clientType(), current.clientId(),
                current.userName(), change.password(), current.certCommonName(), current.certCnPattern(),
                current.scramAlgorithm(), current.pubAuthRulePatterns(), current.subAuthRulePatterns());
        StoredCredentials updated = toStored(existing.id(), withPassword, existing, existing.createdAt(), System.currentTimeMillis());
        repository().update(updated);
        broker.refreshCredentials();
        ctx.json(view(updated));
    }

    /** JSON (an array of credentials) or CSV ({@code Content-Type: text/csv}): all are created, or none. */
    private void importAll(Context ctx) {
        List<CredentialsCsv.Row> rows = new ArrayList<>();
        List<ImportResult.ImportProblem> problems = new ArrayList<>();
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (contentType.startsWith("text/csv")) {
            CredentialsCsv.Parsed parsed = CredentialsCsv.parse(ctx.body());
            rows.addAll(parsed.rows());
            problems.addAll(parsed.problems());
        } else {
            List<CredentialsRequest> requests;
            try {
                requests = json.readValue(ctx.body(), new TypeReference<List<CredentialsRequest>>() { });
            } catch (JsonProcessingException e) {
                throw ApiProblem.badRequest("body", "expected a JSON array of credentials (or Content-Type: text/csv): "
                        + e.getOriginalMessage());
            }
            if (requests == null) {
                throw ApiProblem.badRequest("body", "expected a JSON array of credentials, not null");
            }
            for (int i = 0; i < requests.size(); i++) {
                rows.add(new CredentialsCsv.Row(i, requests.get(i)));
            }
        }
        if (rows.size() > MAX_IMPORT) {
            throw ApiProblem.badRequest("body", "at most " + MAX_IMPORT + " credentials per import, not " + rows.size());
        }
        Map<String, Integer> lineByKey = new HashMap<>();
        List<StoredCredentials> toCreate = new ArrayList<>();
        for (CredentialsCsv.Row row : rows) {
            List<FieldProblem> rowProblems = CredentialsValidation.problems(row.request(), true);
            rowProblems.forEach(p -> problems.add(new ImportResult.ImportProblem(row.line(), p.field(), p.message())));
            if (!rowProblems.isEmpty() || !problems.isEmpty()) {
                continue; // no need to hash passwords for an import that will not happen
            }
            long now = System.currentTimeMillis();
            StoredCredentials stored = toStored(UUID.randomUUID().toString(), row.request(), null, now, now);
            Integer earlier = lineByKey.putIfAbsent(stored.credentialsId(), row.line());
            if (earlier != null) {
                problems.add(new ImportResult.ImportProblem(row.line(), keyField(row.request()),
                        "the same client as entry " + earlier + " of this import"));
            }
            toCreate.add(stored);
        }
        if (problems.isEmpty()) {
            try {
                repository().createAll(toCreate);
            } catch (DuplicateCredentialsException e) {
                int line = lineByKey.getOrDefault(e.credentialsId(), -1);
                CredentialsRequest request = rows.stream().filter(r -> r.line() == line).findFirst().map(CredentialsCsv.Row::request)
                        .orElse(null);
                problems.add(new ImportResult.ImportProblem(line, request == null ? null : keyField(request),
                        "credentials for the same client already exist"));
            }
        }
        if (!problems.isEmpty()) {
            ctx.status(problems.stream().allMatch(p -> p.message().contains("already exist")) ? 409 : 400)
                    .json(new ImportResult(0, problems));
            return;
        }
        broker.refreshCredentials();
        ctx.status(201).json(new ImportResult(toCreate.size(), List.of()));
    }

    private static void reject(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw ApiProblem.badRequest(problems.get(0));
        }
    }

    private static ApiProblem duplicate(CredentialsRequest request) {
        return ApiProblem.conflict(keyField(request), switch (request.credentialsType()) {
            case MQTT_BASIC -> "MQTT_BASIC credentials for this client id and user name already exist";
            case X_509 -> "X_509 credentials for the common name '" + request.certCommonName() + "' already exist";
            case SCRAM -> request.scramAlgorithm() + " SCRAM credentials for the user '" + request.userName() + "' already exist";
        });
    }

    /** The field that makes credentials unique, for a 409. */
    private static String keyField(CredentialsRequest request) {
        return switch (request.credentialsType()) {
            case MQTT_BASIC -> request.userName() != null ? "userName" : "clientId";
            case X_509 -> "certCommonName";
            case SCRAM -> "userName";
        };
    }

    // ---- between the API's form and the stored (TBMQ) form -----------------------------------

    /**
     * The stored form of {@code request}. A password left out on update keeps the stored hash or
     * keys of {@code existing}, where the type (and the SCRAM algorithm) stays the same.
     */
    private StoredCredentials toStored(String id, CredentialsRequest request, StoredCredentials existing, long createdAt,
                                       long updatedAt) {
        BasicCredentials.AuthRules rules = request.pubAuthRulePatterns() == null && request.subAuthRulePatterns() == null
                ? null : new BasicCredentials.AuthRules(request.pubAuthRulePatterns(), request.subAuthRulePatterns());
        ClientType clientType = request.clientType() == null ? ClientType.DEVICE : request.clientType();
        String key;
        Object value;
        switch (request.credentialsType()) {
            case MQTT_BASIC -> {
                String clientId = blankToNull(request.clientId());
                String userName = blankToNull(request.userName());
                String hash = request.password() != null ? CredentialsAuthenticator.hash(request.password())
                        : keptBasicHash(existing);
                key = BasicCredentials.matchingKey(clientId, userName);
                value = new BasicCredentials(clientId, userName, hash, rules);
            }
            case X_509 -> {
                key = X509Credentials.matchingKey(request.certCommonName());
                value = new X509Credentials(blankToNull(request.certCnPattern()), rules);
            }
            case SCRAM -> {
                ScramAlgorithm algorithm = ScramAlgorithm.valueOf(request.scramAlgorithm());
                key = ScramCredentials.matchingKey(algorithm, request.userName());
                value = request.password() != null
                        ? ScramCredentials.of(algorithm, request.userName(), request.password(), SCRAM_ITERATIONS, rules)
                        : keptScramKeys(existing, request, rules);
            }
            default -> throw new IllegalStateException("unknown type " + request.credentialsType());
        }
        try {
            return new StoredCredentials(id, request.name().trim(), request.credentialsType().name(), clientType.name(), key,
                    json.writeValueAsString(value), createdAt, updatedAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("credentials value cannot be written as JSON", e);
        }
    }

    private String keptBasicHash(StoredCredentials existing) {
        if (existing == null || !existing.credentialsType().equals(CredentialsType.MQTT_BASIC.name())) {
            return null; // new MQTT_BASIC credentials without a password: none is asked
        }
        return read(existing, BasicCredentials.class).password();
    }

    private ScramCredentials keptScramKeys(StoredCredentials existing, CredentialsRequest request, BasicCredentials.AuthRules rules) {
        ScramCredentials kept = existing != null && existing.credentialsType().equals(CredentialsType.SCRAM.name())
                ? read(existing, ScramCredentials.class) : null;
        if (kept == null || !kept.algorithm().equals(request.scramAlgorithm())) {
            throw ApiProblem.badRequest("password", "password: SCRAM keys are derived for one algorithm; give the password"
                    + " to change the type or the algorithm");
        }
        return new ScramCredentials(request.userName(), kept.algorithm(), kept.salt(), kept.iterations(), kept.storedKey(),
                kept.serverKey(), rules);
    }

    private <T> T read(StoredCredentials stored, Class<T> type) {
        try {
            return json.readValue(stored.credentialsValue(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored credentials " + stored.id() + " hold a value that is not " + type.getSimpleName()
                    + " JSON", e);
        }
    }

    /** The request that would store {@code stored} again (without any password). */
    private CredentialsRequest request(StoredCredentials stored) {
        Credentials view = view(stored);
        return new CredentialsRequest(view.name(), view.credentialsType(), view.clientType(), view.clientId(), view.userName(), null,
                view.certCommonName(), view.certCnPattern(), view.scramAlgorithm(), view.pubAuthRulePatterns(),
                view.subAuthRulePatterns());
    }

    /** What the API shows of stored credentials: never a hash or a key. */
    Credentials view(StoredCredentials stored) {
        CredentialsType type = CredentialsType.valueOf(stored.credentialsType());
        ClientType clientType = ClientType.valueOf(stored.clientType());
        return switch (type) {
            case MQTT_BASIC -> {
                BasicCredentials value = read(stored, BasicCredentials.class);
                yield new Credentials(stored.id(), stored.name(), type, clientType, value.clientId(), value.userName(),
                        value.password() != null, null, null, null, pub(value.authRules()), sub(value.authRules()),
                        stored.createdAt(), stored.updatedAt());
            }
            case X_509 -> {
                X509Credentials value = read(stored, X509Credentials.class);
                yield new Credentials(stored.id(), stored.name(), type, clientType, null, null, false,
                        stored.credentialsId().substring("cert:".length()), value.certCnPattern(), null,
                        pub(value.authRules()), sub(value.authRules()), stored.createdAt(), stored.updatedAt());
            }
            case SCRAM -> {
                ScramCredentials value = read(stored, ScramCredentials.class);
                yield new Credentials(stored.id(), stored.name(), type, clientType, null, value.userName(), value.storedKey() != null,
                        null, null, value.algorithm(), pub(value.authRules()), sub(value.authRules()), stored.createdAt(),
                        stored.updatedAt());
            }
        };
    }

    private static List<String> pub(BasicCredentials.AuthRules rules) {
        return rules == null ? null : rules.pubAuthRulePatterns();
    }

    private static List<String> sub(BasicCredentials.AuthRules rules) {
        return rules == null ? null : rules.subAuthRulePatterns();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
