package dev.gannet.broker.management;

import dev.gannet.broker.testing.TestBroker;
import dev.gannet.broker.testing.TestCertificates;
import dev.gannet.model.client.GannetClient;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The management endpoint over HTTPS, with the certificate of the MQTT TLS listener. */
class ManagementTlsIT {

    @Test
    void a_client_that_trusts_the_ca_logs_in_over_https_and_one_that_does_not_is_refused() throws Exception {
        TestCertificates pki = TestCertificates.create();
        try (TestBroker broker = TestBroker.start(Map.of(
                "security.admin-password", "tls-admin-pw",
                "http.tls.enabled", "true",
                "tls.cert-file", pki.file("server.pem").toString(),
                "tls.key-file", pki.file("server.key").toString(),
                // MQTT clients must show certificates; the console needs none to reach the endpoint
                "tls.trust-file", pki.file("ca.pem").toString(),
                "tls.client-auth", "required"))) {
            URI url = URI.create("https://localhost:" + broker.server().managementPort());
            SSLContext trustingCa = SSLContext.getInstance("TLS");
            trustingCa.init(null, pki.trustCa().getTrustManagers(), null);

            GannetClient console = GannetClient.of(url, trustingCa);
            console.login("admin", "tls-admin-pw");
            assertThat(console.topology().nodes()).hasSize(1);

            assertThatThrownBy(() -> GannetClient.of(url, null).health()).as("the JDK does not trust the test CA")
                    .isInstanceOf(UncheckedIOException.class);
            assertThatThrownBy(() -> GannetClient.of("http://localhost:" + broker.server().managementPort()).health())
                    .as("no plain HTTP on a TLS endpoint").isInstanceOf(RuntimeException.class);
        } finally {
            pki.dir.toFile().deleteOnExit();
        }
    }
}
