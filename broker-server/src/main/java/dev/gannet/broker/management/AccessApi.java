package dev.gannet.broker.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gannet.broker.metadata.BlockedClientsRepository;
import dev.gannet.model.api.BlockType;
import dev.gannet.model.api.BlockedClient;
import dev.gannet.model.api.BlockedClientRequest;
import dev.gannet.model.api.FieldProblem;
import dev.gannet.model.api.Page;
import dev.gannet.model.api.UnauthorizedClient;
import io.javalin.http.Context;

import java.util.List;
import java.util.UUID;

/** Blocked clients (list, add, remove) and the unauthorized-client log (browse). */
final class AccessApi {

    private final ManagedBroker broker;
    private final ObjectMapper json;

    AccessApi(ManagedBroker broker, ObjectMapper json) {
        this.broker = broker;
        this.json = json;
    }

    void register(Routes routes) {
        routes.get("/api/blocked-clients", ctx -> ctx.json(blocks().all().stream().map(AccessApi::view).toList()));
        routes.post("/api/blocked-clients", this::block);
        routes.delete("/api/blocked-clients/{id}", this::unblock);
        routes.get("/api/unauthorized-clients", this::unauthorized);
    }

    private BlockedClientsRepository blocks() {
        return broker.metadata().blockedClients();
    }

    private void block(Context ctx) {
        BlockedClientRequest request = Requests.body(ctx, json, BlockedClientRequest.class);
        List<FieldProblem> problems = request.problems();
        if (!problems.isEmpty()) {
            throw ApiProblem.badRequest(problems.get(0));
        }
        dev.gannet.broker.metadata.BlockedClient stored = new dev.gannet.broker.metadata.BlockedClient(UUID.randomUUID().toString(),
                request.blockType().name(), request.pattern(), request.regexTarget() == null ? null : request.regexTarget().name(),
                request.description(), request.expiresAt(), System.currentTimeMillis());
        blocks().add(stored);
        broker.refreshBlockedClients();
        ctx.status(201).json(view(stored));
    }

    private void unblock(Context ctx) {
        String id = ctx.pathParam("id");
        if (!blocks().remove(id)) {
            throw ApiProblem.notFound("no block with id '" + id + "'");
        }
        broker.refreshBlockedClients();
        ctx.status(204);
    }

    private void unauthorized(Context ctx) {
        Requests.Paging paging = Requests.paging(ctx);
        var repository = broker.metadata().unauthorizedClients();
        List<UnauthorizedClient> items = repository.page(paging.page() * paging.size(), paging.size()).stream()
                .map(u -> new UnauthorizedClient(u.clientId(), u.remoteAddress(), u.username(), u.passwordProvided(), u.reason(),
                        u.attemptedAt()))
                .toList();
        ctx.json(new Page<>(items, paging.page(), paging.size(), repository.count()));
    }

    private static BlockedClient view(dev.gannet.broker.metadata.BlockedClient b) {
        return new BlockedClient(b.id(), BlockType.valueOf(b.blockType()), b.pattern(),
                b.regexTarget() == null ? null : BlockType.valueOf(b.regexTarget()), b.description(), b.expiresAt(), b.createdAt(),
                b.expiresAt() != null && System.currentTimeMillis() >= b.expiresAt());
    }
}
