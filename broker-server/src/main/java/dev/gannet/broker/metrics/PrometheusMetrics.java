package dev.gannet.broker.metrics;

import dev.gannet.broker.session.ClientType;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The broker's and the JVM's figures in Prometheus text format, through Micrometer. The broker's
 * counters are read when scraped, never copied on the hot path.
 */
public final class PrometheusMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /**
     * @param node the node id, a tag on every broker figure
     */
    public PrometheusMetrics(BrokerMetrics metrics, String node, IntSupplier sessions, IntSupplier subscriptions,
                             IntSupplier retained) {
        Tags tags = Tags.of("node", node);
        counter("gannet.messages.received", "PUBLISH packets received from clients", metrics, BrokerMetrics::publishesReceived, tags);
        counter("gannet.messages.sent", "PUBLISH packets sent to subscribers", metrics, BrokerMetrics::publishesSent, tags);
        counter("gannet.bytes.received", "payload bytes received from clients", metrics, BrokerMetrics::bytesReceived, tags);
        counter("gannet.bytes.sent", "payload bytes sent to subscribers", metrics, BrokerMetrics::bytesSent, tags);
        counter("gannet.messages.dropped", "messages dropped because a queue was full", metrics,
                m -> m.messagesDroppedQueueFull(ClientType.DEVICE), tags.and("reason", "queue-full", "client_type", "device"));
        counter("gannet.messages.dropped", "messages dropped because a queue was full", metrics,
                m -> m.messagesDroppedQueueFull(ClientType.APPLICATION),
                tags.and("reason", "queue-full", "client_type", "application"));
        counter("gannet.messages.dropped", "messages dropped", metrics, BrokerMetrics::messagesDroppedExpired,
                tags.and("reason", "expired", "client_type", "any"));
        counter("gannet.messages.dropped", "messages dropped", metrics, BrokerMetrics::messagesDroppedTooLarge,
                tags.and("reason", "too-large", "client_type", "any"));
        counter("gannet.messages.unrouted", "messages no subscription matched", metrics,
                BrokerMetrics::messagesDroppedNoSubscriber, tags);
        counter("gannet.messages.denied", "publishes refused by authorization rules", metrics, BrokerMetrics::publishesDenied, tags);
        counter("gannet.connections.accepted", "connections accepted", metrics, BrokerMetrics::connectionsAccepted, tags);
        counter("gannet.connections.refused", "CONNECTs refused", metrics, BrokerMetrics::connectionsRefused, tags);
        counter("gannet.protocol.errors", "connections closed for a protocol error", metrics, BrokerMetrics::protocolErrors, tags);
        counter("gannet.limits.exceeded", "clients that hit an abuse limit", metrics, BrokerMetrics::subscriptionQuotaExceededCount,
                tags.and("limit", "subscriptions"));
        counter("gannet.limits.exceeded", "clients that hit an abuse limit", metrics, BrokerMetrics::connectRateExceededCount,
                tags.and("limit", "connect-rate"));
        counter("gannet.limits.exceeded", "clients that hit an abuse limit", metrics, BrokerMetrics::publishRateExceededCount,
                tags.and("limit", "publish-rate"));
        Gauge.builder("gannet.connections", metrics, BrokerMetrics::connections).description("open MQTT connections")
                .tags(tags).register(registry);
        Gauge.builder("gannet.sessions", sessions, s -> s.getAsInt()).description("sessions, connected or not")
                .tags(tags).register(registry);
        Gauge.builder("gannet.subscriptions", subscriptions, s -> s.getAsInt()).description("subscriptions of all sessions")
                .tags(tags).register(registry);
        Gauge.builder("gannet.retained.messages", retained, s -> s.getAsInt()).description("retained messages")
                .tags(tags).register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    private void counter(String name, String description, BrokerMetrics metrics, ToDoubleFunction<BrokerMetrics> value, Tags tags) {
        FunctionCounter.builder(name, metrics, value).description(description).tags(tags).register(registry);
    }

    /** The text exposition format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
