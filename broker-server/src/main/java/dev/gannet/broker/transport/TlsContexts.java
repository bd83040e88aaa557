package dev.gannet.broker.transport;

import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.config.ConfigException;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;

/** Builds the server's TLS context from the configuration: PEM files, TLS 1.2/1.3, client certificates. */
public final class TlsContexts {

    private TlsContexts() {
    }

    public static SslContext server(BrokerConfig.TlsConfig tls) {
        try {
            SslContextBuilder builder = SslContextBuilder
                    .forServer(tls.certFile().toFile(), tls.keyFile().toFile(),
                            tls.keyPassword().isEmpty() ? null : tls.keyPassword())
                    .sslProvider(SslProvider.JDK)
                    .protocols(tls.protocols())
                    .clientAuth(switch (tls.clientAuth()) {
                        case NONE -> ClientAuth.NONE;
                        case REQUESTED -> ClientAuth.OPTIONAL;
                        case REQUIRED -> ClientAuth.REQUIRE;
                    });
            if (!tls.ciphers().isEmpty()) {
                builder.ciphers(tls.ciphers());
            }
            if (tls.trustFile() != null) {
                builder.trustManager(tls.trustFile().toFile());
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("Cannot use the TLS certificate and key (tls.cert-file " + tls.certFile()
                    + ", tls.key-file " + tls.keyFile() + "): " + e.getMessage()
                    + " (the key must be PEM PKCS#8: 'BEGIN PRIVATE KEY' or 'BEGIN ENCRYPTED PRIVATE KEY')", e);
        }
    }
}
