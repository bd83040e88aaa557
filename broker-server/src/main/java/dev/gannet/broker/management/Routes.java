package dev.gannet.broker.management;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

import java.util.ArrayList;
import java.util.List;

/**
 * Registers the endpoint's routes with Javalin and remembers them, so that a test can hold the
 * OpenAPI document to exactly the routes that exist.
 */
final class Routes {

    /** One route; the path as in OpenAPI ({@code /api/credentials/{id}}). */
    record Route(String method, String path) {
    }

    private final RoutesConfig javalin;
    private final List<Route> registered = new ArrayList<>();

    Routes(RoutesConfig javalin) {
        this.javalin = javalin;
    }

    void get(String path, Handler handler) {
        javalin.get(path, handler);
        remember("get", path);
    }

    void post(String path, Handler handler) {
        javalin.post(path, handler);
        remember("post", path);
    }

    void put(String path, Handler handler) {
        javalin.put(path, handler);
        remember("put", path);
    }

    void delete(String path, Handler handler) {
        javalin.delete(path, handler);
        remember("delete", path);
    }

    /**
     * A server-sent events stream. Javalin answers a request that does not accept
     * {@code text/event-stream} with an empty 200; a 406 that says what to send is clearer for curl users.
     */
    void sse(String path, java.util.function.Consumer<io.javalin.http.sse.SseClient> client) {
        io.javalin.http.sse.SseHandler stream = new io.javalin.http.sse.SseHandler(client);
        javalin.get(path, ctx -> {
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw ApiProblem.notAcceptable("this is a stream of server-sent events: send Accept: text/event-stream");
            }
            stream.handle(ctx);
        });
        remember("get", path);
    }

    private void remember(String method, String path) {
        // Javalin's <name> takes the rest of the path (slashes included); OpenAPI writes every parameter as {name}.
        registered.add(new Route(method, path.replace('<', '{').replace('>', '}')));
    }

    List<Route> registered() {
        return List.copyOf(registered);
    }
}
