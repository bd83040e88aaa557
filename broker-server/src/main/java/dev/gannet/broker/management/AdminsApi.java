package dev.gannet.broker.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gannet.broker.auth.CredentialsAuthenticator;
import dev.gannet.broker.metadata.AdminUserRepository;
import dev.gannet.model.api.AdminUser;
import dev.gannet.model.api.AdminUserRequest;
import dev.gannet.model.api.LoginRequest;
import dev.gannet.model.api.PasswordChange;
import io.javalin.http.Context;

/** Logging in and out, and the administrators themselves. */
final class AdminsApi {

    static final int MIN_PASSWORD_LENGTH = 8;

    private final ManagedBroker broker;
    private final AdminSessions sessions;
    private final ObjectMapper json;

    AdminsApi(ManagedBroker broker, AdminSessions sessions, ObjectMapper json) {
        this.broker = broker;
        this.sessions = sessions;
        this.json = json;
    }

    void register(Routes routes) {
        routes.post("/api/auth/login", this::login);
        routes.post("/api/auth/logout", this::logout);
        routes.get("/api/admins", ctx -> ctx.json(admins().all().stream().map(a -> new AdminUser(a.username(), a.createdAt())).toList()));
        routes.post("/api/admins", this::create);
        routes.delete("/api/admins/{username}", this::delete);
        routes.put("/api/admins/{username}/password", this::changePassword);
    }

    private AdminUserRepository admins() {
        return broker.metadata().adminUsers();
    }

    private void login(Context ctx) {
        LoginRequest request = Requests.body(ctx, json, LoginRequest.class);
        if (request.username() == null || request.username().isEmpty()) {
            throw ApiProblem.badRequest("username", "username is required");
        }
        if (request.password() == null) {
            throw ApiProblem.badRequest("password", "password is required");
        }
        ctx.json(sessions.login(request.username(), request.password(), ctx.ip())
                .orElseThrow(() -> ApiProblem.unauthorized("wrong user name or password")));
    }

    private void logout(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            sessions.logout(header.substring(7).trim());
        }
        ctx.status(204);
    }

    private void create(Context ctx) {
        AdminUserRequest request = Requests.body(ctx, json, AdminUserRequest.class);
        if (request.username() == null || request.username().isBlank() || request.username().length() > 255) {
            throw ApiProblem.badRequest("username", "username: 1 to 255 characters are required");
        }
        if (request.username().contains("/")) {
            // every other call names the administrator in the path, where a '/' would split it
            throw ApiProblem.badRequest("username", "username: '/' is not allowed");
        }
        checkPassword(request.password());
        long now = System.currentTimeMillis();
        if (!admins().create(new dev.gannet.broker.metadata.AdminUser(request.username(), CredentialsAuthenticator.hash(request.password()), now))) {
            throw ApiProblem.conflict("username", "an administrator named '" + request.username() + "' already exists");
        }
        ctx.status(201).json(new AdminUser(request.username(), now));
    }

    private void delete(Context ctx) {
        String username = ctx.pathParam("username");
        if (username.equals(ManagementServer.administrator(ctx))) {
            throw ApiProblem.forbidden("an administrator cannot delete itself: log in as another one");
        }
        if (admins().find(username).isEmpty()) {
            throw ApiProblem.notFound("no administrator named '" + username + "'");
        }
        admins().delete(username);
        sessions.revoke(username);
        ctx.status(204);
    }

    private void changePassword(Context ctx) {
        String username = ctx.pathParam("username");
        PasswordChange change = Requests.body(ctx, json, PasswordChange.class);
        checkPassword(change.password());
        if (!admins().changePassword(username, CredentialsAuthenticator.hash(change.password()))) {
            throw ApiProblem.notFound("no administrator named '" + username + "'");
        }
        if (!username.equals(ManagementServer.administrator(ctx))) {
            sessions.revoke(username); // whoever was logged in with the old password is logged out
        }
        ctx.status(204);
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw ApiProblem.badRequest("password", "password: at least " + MIN_PASSWORD_LENGTH + " characters are required");
        }
    }
}
