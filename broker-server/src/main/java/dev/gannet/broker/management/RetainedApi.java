package dev.gannet.broker.management;

import dev.gannet.broker.message.Message;
import dev.gannet.model.api.Page;
import dev.gannet.model.api.RetainedMessageInfo;
import dev.gannet.model.topic.InvalidTopicException;
import dev.gannet.model.topic.TopicFilter;
import dev.gannet.model.topic.TopicName;
import io.javalin.http.Context;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/** Retained messages: browse by topic filter, delete one. */
final class RetainedApi {

    private final ManagedBroker broker;

    RetainedApi(ManagedBroker broker) {
        this.broker = broker;
    }

    void register(Routes routes) {
        routes.get("/api/retained", this::list);
        routes.delete("/api/retained", this::delete);
    }

    private void list(Context ctx) {
        Requests.Paging paging = Requests.paging(ctx);
        String text = ctx.queryParam("filter") == null ? "#" : ctx.queryParam("filter");
        TopicFilter filter;
        try {
            filter = TopicFilter.parse(text);
        } catch (InvalidTopicException e) {
            throw ApiProblem.badRequest("filter", "query parameter filter is not a valid topic filter: " + e.getMessage());
        }
        long now = System.currentTimeMillis();
        List<Message> matching = new ArrayList<>(broker.retained().matching(filter));
        matching.removeIf(m -> m.isExpired(now));
        matching.sort(Comparator.comparing(Message::topic));
        Page<Message> page = Page.of(matching, paging.page(), paging.size());
        ctx.json(new Page<>(page.items().stream().map(RetainedApi::info).toList(), page.page(), page.size(), page.total()));
    }

    private void delete(Context ctx) {
        String topic = Requests.requiredParam(ctx, "topic");
        String problem = TopicName.problemWith(topic);
        if (problem != null) {
            throw ApiProblem.badRequest("topic", "query parameter topic is not a valid topic name: " + problem);
        }
        if (!broker.removeRetained(topic)) {
            throw ApiProblem.notFound("no retained message on topic '" + topic + "'");
        }
        ctx.status(204);
    }

    private static RetainedMessageInfo info(Message m) {
        return new RetainedMessageInfo(m.topic(), m.qos(), m.payload().length, Base64.getEncoder().encodeToString(m.payload()),
                textOrNull(m.payload()), m.properties().contentType(), m.publisherId(), m.receivedAtMillis(),
                m.expiresAtMillis() == 0 ? null : m.expiresAtMillis());
    }

    private static String textOrNull(byte[] payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
