package dev.gannet.model.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gannet.model.api.AdminUser;
import dev.gannet.model.api.AdminUserRequest;
import dev.gannet.model.api.ApiError;
import dev.gannet.model.api.BlockedClient;
import dev.gannet.model.api.BlockedClientRequest;
import dev.gannet.model.api.ConfigEntry;
import dev.gannet.model.api.Credentials;
import dev.gannet.model.api.CredentialsRequest;
import dev.gannet.model.api.CredentialsType;
import dev.gannet.model.api.Health;
import dev.gannet.model.api.ImportResult;
import dev.gannet.model.api.LoginRequest;
import dev.gannet.model.api.LoginResponse;
import dev.gannet.model.api.Page;
import dev.gannet.model.api.PasswordChange;
import dev.gannet.model.api.RetainedMessageInfo;
import dev.gannet.model.api.SessionDetails;
import dev.gannet.model.api.SessionInfo;
import dev.gannet.model.api.SessionQuery;
import dev.gannet.model.api.StatsHistory;
import dev.gannet.model.api.StatsSnapshot;
import dev.gannet.model.api.SubscriptionInfo;
import dev.gannet.model.api.Topology;
import dev.gannet.model.api.UnauthorizedClient;

import javax.net.ssl.SSLContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * A Java client for the broker's management endpoint, on the JDK's HttpClient: what the console
 * and the tests use. Log in first ({@link #login}); every other call but {@link #health()} sends
 * the token. Calls block; a refusal is an {@link ApiException} carrying the broker's
 * {@link ApiError}; an unreachable broker is an {@link UncheckedIOException}.
 *
 * <p>Thread-safe: one client may serve many threads.
 */
public final class GannetClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private volatile String token;

    private GannetClient(URI base, HttpClient http) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.http = http;
    }

    /** A client for the endpoint at {@code baseUrl} ("http://host:8083"), trusting the JDK's CAs for https. */
    public static GannetClient of(String baseUrl) {
        return of(URI.create(baseUrl), null);
    }

    /** A client for an https endpoint whose certificate {@code tls} trusts (null: the JDK's default trust). */
    public static GannetClient of(URI baseUrl, SSLContext tls) {
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("a broker URL looks like http://host:8083 or https://host:8083, not '"
                    + baseUrl + "'");
        }
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (tls != null) {
            builder.sslContext(tls);
        }
        return new GannetClient(baseUrl, builder.build());
    }

    public URI baseUrl() {
        return base;
    }

    // ---- login -------------------------------------------------------------------------------

    /** Logs in and keeps the token for later calls. */
    public LoginResponse login(String username, String password) {
        LoginResponse response = send("POST", "/api/auth/login", new LoginRequest(username, password), LoginResponse.class);
        token = response.token();
        return response;
    }

    /** Ends the token's session on the broker. */
    public void logout() {
        send("POST", "/api/auth/logout", null, Void.class);
        token = null;
    }

    /** The token in use, or null before login. */
    public String token() {
        return token;
    }

    /** Uses a token obtained earlier. */
    public void token(String value) {
        token = value;
    }

    public Health health() {
        return send("GET", "/api/health", null, Health.class);
    }

    // ---- nodes and figures -------------------------------------------------------------------

    /** Every node of the broker (one for an embedded broker). */
    public List<dev.gannet.model.api.NodeInfo> nodes() {
        return send("GET", "/api/nodes", null, new TypeReference<List<dev.gannet.model.api.NodeInfo>>() { });
    }

    public Topology topology() {
        return send("GET", "/api/topology", null, Topology.class);
    }

    public StatsSnapshot stats() {
        return send("GET", "/api/stats", null, StatsSnapshot.class);
    }

    /**
     * The figures of the last {@code seconds}, a point every {@code stepSeconds}.
     *
     * @param node a node id, or null for all nodes together
     */
    public StatsHistory statsHistory(int seconds, int stepSeconds, String node) {
        return send("GET", "/api/stats/history" + query(Map.of("seconds", seconds, "step", stepSeconds),
                node == null ? Map.of() : Map.of("node", node)), null, StatsHistory.class);
    }

    /** Prometheus text exposition of the broker's and the JVM's figures. */
    public String prometheusMetrics() {
        return sendForText("/metrics");
    }

    /** The OpenAPI document of this API (YAML). */
    public String openApi() {
        return sendForText("/api/openapi.yaml");
    }

    // ---- sessions and subscriptions ----------------------------------------------------------

    public Page<SessionInfo> sessions(SessionQuery q) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("page", q.page());
        params.put("size", q.size());
        putIfSet(params, "connected", q.connected());
        putIfSet(params, "clientType", q.clientType());
        putIfSet(params, "nodeId", q.nodeId());
        putIfSet(params, "clientId", q.clientId());
        putIfSet(params, "address", q.address());
        putIfSet(params, "sort", q.sort());
        if (q.descending()) {
            params.put("order", "desc");
        }
        return send("GET", "/api/sessions" + query(params, Map.of()), null, new TypeReference<Page<SessionInfo>>() { });
    }

    public SessionDetails session(String clientId) {
        return send("GET", "/api/sessions/" + pathOf(clientId), null, SessionDetails.class);
    }

    /** Closes the client's connection (MQTT 5: DISCONNECT 0x98); a persistent session stays. */
    public void disconnect(String clientId) {
        send("POST", "/api/sessions/" + pathOf(clientId) + "/disconnect", null, Void.class);
    }

    /** Ends the session and everything it holds, closing its connection if it has one. */
    public void removeSession(String clientId) {
        send("DELETE", "/api/sessions/" + pathOf(clientId), null, Void.class);
    }

    /**
     * Subscriptions, by client id then filter.
     *
     * @param clientId a part of the client id, or null
     * @param filter   a part of the topic filter, or null
     */
    public Page<SubscriptionInfo> subscriptions(String clientId, String filter, int page, int size) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("page", page);
        params.put("size", size);
        putIfSet(params, "clientId", clientId);
        putIfSet(params, "filter", filter);
        return send("GET", "/api/subscriptions" + query(params, Map.of()), null,
                new TypeReference<Page<SubscriptionInfo>>() { });
    }

    // ---- credentials -------------------------------------------------------------------------

    /**
     * @param type   only credentials of this type, or null
     * @param search a part of the name, client id or user name, or null
     */
    public Page<Credentials> credentials(CredentialsType type, String search, int page, int size) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("page", page);
        params.put("size", size);
        putIfSet(params, "type", type);
        putIfSet(params, "search", search);
        return send("GET", "/api/credentials" + query(params, Map.of()), null, new TypeReference<Page<Credentials>>() { });
    }

    public Credentials credentials(String id) {
        return send("GET", "/api/credentials/" + pathOf(id), null, Credentials.class);
    }

    public Credentials createCredentials(CredentialsRequest request) {
        return send("POST", "/api/credentials", request, Credentials.class);
    }

    public Credentials updateCredentials(String id, CredentialsRequest request) {
        return send("PUT", "/api/credentials/" + pathOf(id), request, Credentials.class);
    }

    public void deleteCredentials(String id) {
        send("DELETE", "/api/credentials/" + pathOf(id), null, Void.class);
    }

    public Credentials changeCredentialsPassword(String id, String password) {
        return send("POST", "/api/credentials/" + pathOf(id) + "/password", new PasswordChange(password), Credentials.class);
    }

    /**
     * Creates all of them or none. A refused import is not an exception: the result then has
     * created 0 and the problems by position (from 0).
     */
    public ImportResult importCredentials(List<CredentialsRequest> requests) {
        return sendImport(builder("POST", "/api/credentials/import", requests));
    }

    /**
     * Creates every line of a CSV file ({@link dev.gannet.model.api.CredentialsCsv}), or none; a
     * refused import has created 0 and the problems by line.
     */
    public ImportResult importCredentialsCsv(String csv) {
        return sendImport(request("/api/credentials/import").header("Content-Type", "text/csv; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)));
    }

    /** The broker answers a refused import with 400 or 409 and an {@link ImportResult} naming the problems. */
    private ImportResult sendImport(HttpRequest.Builder builder) {
        try {
            return send(builder, ImportResult.class);
        } catch (ApiException e) {
            if (e.body() != null && (e.status() == 400 || e.status() == 409)) {
                try {
                    ImportResult refused = json.readValue(e.body(), ImportResult.class);
                    if (refused != null && refused.problems() != null && !refused.problems().isEmpty()) {
                        return refused;
                    }
                } catch (JsonProcessingException | RuntimeException notAnImportResult) {
                    // an ordinary error (a body that is not JSON at all, say): thrown as it is
                }
            }
            throw e;
        }
    }

    // ---- retained messages, blocked and unauthorized clients, configuration, administrators ---

    /** Retained messages whose topic matches {@code filter} ("#" for all), by topic. */
    public Page<RetainedMessageInfo> retained(String filter, int page, int size) {
        return send("GET", "/api/retained" + query(Map.of("filter", filter, "page", page, "size", size), Map.of()), null,
                new TypeReference<Page<RetainedMessageInfo>>() { });
    }

    public void deleteRetained(String topic) {
        send("DELETE", "/api/retained" + query(Map.of("topic", topic), Map.of()), null, Void.class);
    }

    public List<BlockedClient> blockedClients() {
        return send("GET", "/api/blocked-clients", null, new TypeReference<List<BlockedClient>>() { });
    }

    public BlockedClient block(BlockedClientRequest request) {
        return send("POST", "/api/blocked-clients", request, BlockedClient.class);
    }

    public void unblock(String id) {
        send("DELETE", "/api/blocked-clients/" + pathOf(id), null, Void.class);
    }

    /** Refused CONNECTs, the most recent first. */
    public Page<UnauthorizedClient> unauthorizedClients(int page, int size) {
        return send("GET", "/api/unauthorized-clients" + query(Map.of("page", page, "size", size), Map.of()), null,
                new TypeReference<Page<UnauthorizedClient>>() { });
    }

    /** Every configuration key the broker runs with, secrets masked. */
    public List<ConfigEntry> configuration() {
        return send("GET", "/api/config", null, new TypeReference<List<ConfigEntry>>() { });
    }

    public List<AdminUser> admins() {
        return send("GET", "/api/admins", null, new TypeReference<List<AdminUser>>() { });
    }

    public AdminUser createAdmin(String username, String password) {
        return send("POST", "/api/admins", new AdminUserRequest(username, password), AdminUser.class);
    }

    public void deleteAdmin(String username) {
        send("DELETE", "/api/admins/" + pathOf(username), null, Void.class);
    }

    public void changeAdminPassword(String username, String password) {
        send("PUT", "/api/admins/" + pathOf(username) + "/password", new PasswordChange(password), Void.class);
    }

    // ---- live stream -------------------------------------------------------------------------

    /**
     * Follows the live stream (server-sent events): {@code onStats} gets the figures every second,
     * {@code onTopology} the nodes at the start and whenever they change. Callbacks run on the
     * stream's own thread; {@code onError} hears once why a stream ended, unless it was closed.
     */
    public LiveStream stream(Consumer<StatsSnapshot> onStats, Consumer<Topology> onTopology, Consumer<Throwable> onError) {
        HttpRequest request = request("/api/stream").header("Accept", "text/event-stream").timeout(Duration.ofDays(365))
                .GET().build();
        StreamReader reader = new StreamReader(request, onStats, onTopology, onError);
        Thread thread = new Thread(reader, "gannet-live-stream");
        thread.setDaemon(true);
        thread.start();
        return reader;
    }

    private final class StreamReader implements Runnable, LiveStream {
        private final HttpRequest request;
        private final Consumer<StatsSnapshot> onStats;
        private final Consumer<Topology> onTopology;
        private final Consumer<Throwable> onError;
        private volatile boolean closed;
        private volatile InputStream body;

        StreamReader(HttpRequest request, Consumer<StatsSnapshot> onStats, Consumer<Topology> onTopology,
                     Consumer<Throwable> onError) {
            this.request = request;
            this.onStats = onStats;
            this.onTopology = onTopology;
            this.onError = onError;
        }

        @Override
        public void run() {
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                body = response.body();
                if (response.statusCode() != 200) {
                    String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                    throw errorOf(response.statusCode(), text);
                }
                if (closed) {
                    body.close();
                    return;
                }
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                String event = "message";
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isEmpty()) {
                        dispatch(event, data.toString());
                        event = "message";
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).stripLeading());
                    }
                }
                if (!closed) {
                    onError.accept(new IOException("the broker ended the live stream"));
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    onError.accept(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void dispatch(String event, String data) throws JsonProcessingException {
            if (data.isEmpty()) {
                return;
            }
            switch (event) {
                case "stats" -> onStats.accept(json.readValue(data, StatsSnapshot.class));
                case "topology" -> onTopology.accept(json.readValue(data, Topology.class));
                default -> { } // events added later are not for this client
            }
        }

        @Override
        public void close() {
            closed = true;
            InputStream stream = body;
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT);
        String current = token;
        if (current != null) {
            builder.header("Authorization", "Bearer " + current);
        }
        return builder;
    }

    private <T> T send(String method, String pathAndQuery, Object body, Class<T> type) {
        return send(builder(method, pathAndQuery, body), type);
    }

    private <T> T send(String method, String pathAndQuery, Object body, TypeReference<T> type) {
        String text = sendForBody(builder(method, pathAndQuery, body));
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("unexpected answer from " + pathAndQuery + ": " + e.getOriginalMessage(), e);
        }
    }

    private <T> T send(HttpRequest.Builder builder, Class<T> type) {
        String text = sendForBody(builder);
        if (type == Void.class) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("unexpected answer from the broker: " + e.getOriginalMessage(), e);
        }
    }

    private HttpRequest.Builder builder(String method, String pathAndQuery, Object body) {
        HttpRequest.Builder builder = request(pathAndQuery);
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private String sendForText(String path) {
        return sendForBody(request(path).GET());
    }

    private String sendForBody(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new UncheckedIOException("cannot reach the broker at " + base + ": connection refused", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the broker at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() >= 400) {
            throw errorOf(response.statusCode(), response.body());
        }
        return response.body();
    }

    private ApiException errorOf(int status, String body) {
        try {
            ApiError error = json.readValue(body, ApiError.class);
            if (error != null && error.message() != null) {
                return new ApiException(error, body);
            }
        } catch (JsonProcessingException ignored) {
            // not one of ours: a proxy or another server answered
        }
        return new ApiException(new ApiError(status, "http-" + status,
                body == null || body.isBlank() ? "HTTP " + status : body.strip(), null), body);
    }

    private static void putIfSet(Map<String, Object> params, String name, Object value) {
        if (value != null) {
            params.put(name, value);
        }
    }

    private static String query(Map<String, ?> params, Map<String, ?> more) {
        StringJoiner joiner = new StringJoiner("&", "?", "");
        joiner.setEmptyValue("");
        Map<String, Object> all = new LinkedHashMap<>(params);
        all.putAll(more);
        all.forEach((name, value) -> joiner.add(name + "=" + encode(String.valueOf(value))));
        return joiner.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A path segment; '/' stays as it is, since client ids may hold slashes and the endpoint takes the rest of the path. */
    static String pathOf(String value) {
        StringJoiner joiner = new StringJoiner("/");
        for (String part : value.split("/", -1)) {
            joiner.add(encode(part));
        }
        return joiner.toString();
    }
}
