package dev.gannet.broker.mqtt;

import dev.gannet.broker.auth.Authenticator;
import dev.gannet.broker.auth.Authorizer;
import dev.gannet.broker.auth.BlockList;
import dev.gannet.broker.auth.EnhancedAuthenticator;
import dev.gannet.broker.auth.RateLimit;
import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.metadata.ClientDetailsRecorder;
import dev.gannet.broker.metrics.BrokerMetrics;
import dev.gannet.broker.retain.RetainedMessages;
import dev.gannet.broker.routing.PublishRouter;
import dev.gannet.broker.session.SessionRegistry;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/** What the MQTT protocol handling needs from the rest of the broker, wired by the composition root. */
public record BrokerContext(
        BrokerConfig config,
        SessionRegistry sessions,
        RetainedMessages retained,
        PublishRouter router,
        Authenticator authenticator,
        Authorizer authorizer,
        BrokerMetrics metrics,
        BooleanSupplier shuttingDown,
        Map<String, EnhancedAuthenticator> enhancedAuthenticators,
        ClientDetailsRecorder clientDetails,
        Executor authExecutor,
        RateLimit connectRate,
        BlockList blockList) {

    public BrokerContext {
        enhancedAuthenticators = Map.copyOf(enhancedAuthenticators);
    }

    /** A context without MQTT 5 enhanced authentication methods. */
    public BrokerContext(BrokerConfig config, SessionRegistry sessions, RetainedMessages retained, PublishRouter router,
                         Authenticator authenticator, Authorizer authorizer, BrokerMetrics metrics,
                         BooleanSupplier shuttingDown) {
        this(config, sessions, retained, router, authenticator, authorizer, metrics, shuttingDown, Map.of(),
                ClientDetailsRecorder.NONE, Runnable::run, RateLimit.perSecond(config.security().maxConnectsPerSecond()),
                BlockList.NONE);
    }
}
