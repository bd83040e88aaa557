package dev.gannet.broker.transport;

import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.config.ConfigException;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Builds the server's TLS context from the configuration: PEM files or a PKCS#12 / JKS keystore,
 * TLS 1.2/1.3, client certificates.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    public static SslContext server(BrokerConfig.TlsConfig tls) {
        try {
            SslContextBuilder builder = tls.keystoreFile() != null ? fromKeystore(tls) : fromPem(tls);
            builder.sslProvider(SslProvider.JDK)
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
            if (tls.keystoreFile() != null) {
                throw new ConfigException("Cannot use the keystore " + tls.keystoreFile() + " named by tls.keystore-file: "
                        + e.getMessage(), e);
            }
            throw new ConfigException("Cannot use the TLS certificate and key (tls.cert-file " + tls.certFile()
                    + ", tls.key-file " + tls.keyFile() + "): " + e.getMessage()
                    + " (the key must be PEM PKCS#8: 'BEGIN PRIVATE KEY' or 'BEGIN ENCRYPTED PRIVATE KEY')", e);
        }
    }

    private static SslContextBuilder fromPem(BrokerConfig.TlsConfig tls) {
        return SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile(),
                tls.keyPassword().isEmpty() ? null : tls.keyPassword());
    }

    /** The keystore's type (PKCS#12 or JKS) is detected from its content; its one password also unlocks the key. */
    private static SslContextBuilder fromKeystore(BrokerConfig.TlsConfig tls) {
        char[] password = tls.keystorePassword().toCharArray();
        try {
            KeyStore store = KeyStore.getInstance(tls.keystoreFile().toFile(), password);
            boolean hasKey = false;
            for (String alias : java.util.Collections.list(store.aliases())) {
                hasKey |= store.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new ConfigException("The keystore " + tls.keystoreFile() + " named by tls.keystore-file holds no private key"
                        + " (it needs the server's certificate chain and key)");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return SslContextBuilder.forServer(keys);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("Cannot open the keystore " + tls.keystoreFile() + " named by tls.keystore-file"
                    + " with tls.keystore-password: " + e.getMessage()
                    + " (a PKCS#12 or JKS file is expected; check the password)", e);
        }
    }
}
