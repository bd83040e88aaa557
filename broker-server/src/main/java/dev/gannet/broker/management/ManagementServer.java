package dev.gannet.broker.management;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.config.ConfigException;
import dev.gannet.broker.metrics.PrometheusMetrics;
import dev.gannet.broker.transport.TlsContexts;
import dev.gannet.model.api.ApiError;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.netty.handler.ssl.JdkSslContext;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The management endpoint: a REST API under {@code /api}, a live stream of figures
 * ({@code /api/stream}, server-sent events), Prometheus text at {@code /metrics} and the OpenAPI
 * document ({@code /api/openapi.yaml}), served by Javalin on Jetty, optionally over TLS.
 *
 * <p>Every call but {@code /api/health} and {@code /api/auth/login} needs an administrator: a
 * token from login ({@code Authorization: Bearer}), or HTTP Basic credentials. Errors are
 * {@link ApiError} bodies with the right status, never a stack trace.
 */
public final class ManagementServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);
    private static final String ADMIN_ATTRIBUTE = "gannet.admin";
    private static final Set<String> PUBLIC_PATHS = Set.of("/api/health", "/api/auth/login");

    private final ManagedBroker broker;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private final AdminSessions admins;
    private final StatsSampler stats;
    private final StatsArchive archive;
    private final PrometheusMetrics prometheus;
    private final LiveStreamHub live;
    private final NodesApi nodes;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gannet-management-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final String openApi;
    private Javalin app;
    private List<Routes.Route> routes = List.of();

    public ManagementServer(ManagedBroker broker) {
        this.broker = broker;
        this.admins = new AdminSessions(broker.metadata().adminUsers(), broker.config().http().tokenTtlMinutes() * 60_000L,
                System::currentTimeMillis);
        this.stats = new StatsSampler(broker, System::currentTimeMillis);
        this.archive = new StatsArchive(broker.metadata().statistics(), broker.nodeId());
        this.prometheus = new PrometheusMetrics(broker.metrics(), broker.nodeId(), () -> broker.sessions().size(),
                () -> broker.sessions().subscriptionCount(), () -> broker.retained().size());
        this.live = new LiveStreamHub(json);
        this.nodes = new NodesApi(broker, stats, archive, prometheus);
        this.openApi = resource("openapi.yaml");
    }

    /** Binds the endpoint; fails with a {@link ConfigException} naming the key when it cannot. */
    public ManagementServer start() {
        BrokerConfig.HttpConfig http = broker.config().http();
        SSLContext tls = http.tls() ? ((JdkSslContext) TlsContexts.server(broker.config().tls())).context() : null;
        try {
            app = Javalin.create(config -> configure(config, http, tls)).start();
        } catch (RuntimeException e) {
            close();
            throw new ConfigException("Cannot serve the management endpoint on " + http.host() + ":" + http.port()
                    + " (http.host / http.port): " + e.getMessage(), e);
        }
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        timer.scheduleAtFixedRate(admins::prune, 1, 1, TimeUnit.MINUTES);
        timer.scheduleAtFixedRate(this::archive, StatsArchive.SAMPLE_MILLIS, StatsArchive.SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("Management endpoint on {}://{}:{}", http.tls() ? "https" : "http", http.host(), port());
        return this;
    }

    private void configure(JavalinConfig config, BrokerConfig.HttpConfig http, SSLContext tls) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = 16L * 1024 * 1024; // a bulk import of credentials
        config.http.prefer405over404 = true; // a known path with the wrong method says so
        config.jsonMapper(new JavalinJackson(json, false));
        if (tls == null) {
            config.jetty.host = http.host();
            config.jetty.port = http.port();
        } else {
            config.jetty.addConnector((server, httpConfiguration) -> {
                SslContextFactory.Server factory = new SslContextFactory.Server();
                factory.setSslContext(tls);
                // The certificate may name another host than the one a console uses (an IP, localhost).
                httpConfiguration.addCustomizer(new SecureRequestCustomizer(false));
                ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(factory, "http/1.1"),
                        new HttpConnectionFactory(httpConfiguration));
                connector.setHost(http.host());
                connector.setPort(http.port());
                return connector;
            });
        }
        config.routes.beforeMatched(this::authenticate);
        config.routes.exception(ApiProblem.class, (e, ctx) -> error(ctx, e.error()));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, new ApiError(e.getStatus(),
                switch (e.getStatus()) {
                    case 404 -> "not-found";
                    case 405 -> "method-not-allowed";
                    case 413 -> "payload-too-large";
                    default -> "http-" + e.getStatus();
                },
                e.getMessage(), null)));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.warn("Management call {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, new ApiError(500, "internal-error", "the broker could not complete this call: " + e.getClass().getSimpleName()
                    + " (details in the broker's log)", null));
        });
        Routes table = new Routes(config.routes);
        new AdminsApi(broker, admins, json).register(table);
        nodes.register(table);
        new SessionsApi(broker).register(table);
        new CredentialsApi(broker, json).register(table);
        new RetainedApi(broker).register(table);
        new AccessApi(broker, json).register(table);
        table.get("/api/openapi.yaml", ctx -> ctx.contentType("application/yaml; charset=utf-8").result(openApi));
        table.sse("/api/stream", client -> live.join(client, stats.snapshot(), nodes.topology()));
        routes = table.registered();
    }

    private void authenticate(Context ctx) {
        if (PUBLIC_PATHS.contains(ctx.path())) {
            return;
        }
        // Browsers' EventSource cannot send headers: the live stream also takes the token as a query parameter.
        String fromQuery = ctx.path().equals("/api/stream") ? ctx.queryParam("access_token") : null;
        String admin = admins.authenticate(ctx.header("Authorization"), fromQuery).orElse(null);
        if (admin == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"gannet\"");
            throw ApiProblem.unauthorized(ctx.header("Authorization") == null && fromQuery == null
                    ? "log in first: POST /api/auth/login, then send Authorization: Bearer TOKEN"
                    : "the token has expired or is not known (log in again)");
        }
        ctx.attribute(ADMIN_ATTRIBUTE, admin);
    }

    /** The administrator making this call. */
    static String administrator(Context ctx) {
        return ctx.attribute(ADMIN_ATTRIBUTE);
    }

    private static void error(Context ctx, ApiError error) {
        ctx.status(error.status()).json(error);
    }

    /** Samples the figures and pushes them to the live stream: once a second. */
    private void tick() {
        try {
            stats.sample();
            live.publish(stats.snapshot(), nodes.topology());
        } catch (RuntimeException e) {
            LOG.warn("Could not sample the broker's figures: {}", e.toString());
        }
    }

    /** Keeps the latest figures for the longer history, and forgets those past their retention: once a minute. */
    private void archive() {
        try {
            archive.record(stats.latest());
            long retention = broker.config().http().statisticsRetentionDays() * 86_400_000L;
            archive.prune(System.currentTimeMillis() - retention);
        } catch (RuntimeException e) {
            LOG.warn("Could not keep the broker's figures in the metadata database: {}", e.toString());
        }
    }

    /** The port the endpoint is bound to (the real one when configured with 0). */
    public int port() {
        return app.port();
    }

    /** The routes served, as OpenAPI writes them. */
    List<Routes.Route> routes() {
        return routes;
    }

    String openApiDocument() {
        return openApi;
    }

    private static String resource(String name) {
        try (InputStream in = ManagementServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the broker's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        live.close();
        if (app != null) {
            app.stop();
            app = null;
        }
        prometheus.close();
    }
}
