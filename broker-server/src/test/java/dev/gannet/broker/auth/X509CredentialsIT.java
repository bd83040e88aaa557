package dev.gannet.broker.auth;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import dev.gannet.broker.session.ClientType;
import dev.gannet.broker.testing.BrokerWithCredentials;
import dev.gannet.broker.testing.TestCertificates;
import dev.gannet.broker.transport.Transport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** X_509 credentials: a client certificate from a trusted CA admits the client without a password. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class X509CredentialsIT {

    private TestCertificates pki;

    @BeforeAll
    void pki() throws Exception {
        pki = TestCertificates.create();
    }

    private BrokerWithCredentials mutualTlsBroker() throws Exception {
        return mutualTlsBroker(Map.of());
    }

    private BrokerWithCredentials mutualTlsBroker(Map<String, String> extra) throws Exception {
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "mqtt.tls.enabled", "true", "mqtt.tls.port", "0",
                "tls.cert-file", pki.file("server.pem").toString(), "tls.key-file", pki.file("server.key").toString(),
                "tls.trust-file", pki.file("ca.pem").toString(), "tls.client-auth", "required",
                "security.allow-anonymous", "false"));
        config.putAll(extra);
        return new BrokerWithCredentials(config);
    }

    private Mqtt3BlockingClient device(BrokerWithCredentials broker, String id) throws Exception {
        return Mqtt3Client.builder().identifier(id).serverHost("localhost").serverPort(broker.server().port(Transport.TLS))
                .sslConfig().trustManagerFactory(pki.trustCa()).keyManagerFactory(pki.clientKey("client")).applySslConfig()
                .buildBlocking();
    }

    @Test
    void a_certificate_issued_by_the_credentials_ca_whose_name_fits_gets_in_with_their_type() throws Exception {
        try (BrokerWithCredentials broker = mutualTlsBroker()) {
            broker.addX509("our devices", "Gannet Test CA", "device-.*", "APPLICATION", "[\"devices/.*\"]", "[\".*\"]");
            Mqtt3BlockingClient client = device(broker, "cert-client");
            client.connect();
            assertThat(broker.server().sessions().get("cert-client").clientType()).isEqualTo(ClientType.APPLICATION);
            client.disconnect();
        }
    }

    @Test
    void a_certificate_whose_name_does_not_fit_the_pattern_falls_through_and_is_refused() throws Exception {
        try (BrokerWithCredentials broker = mutualTlsBroker()) {
            broker.addX509("sensors only", "Gannet Test CA", "sensor-.*", "DEVICE", null, null);
            Mqtt3BlockingClient client = device(broker, "cert-client-2");
            assertThatThrownBy(client::connect).isInstanceOfSatisfying(Mqtt3ConnAckException.class,
                    e -> assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
        }
    }

    @Test
    void the_provider_order_decides_which_credentials_admit_a_client_that_matches_both() throws Exception {
        for (String order : new String[] {"x509,basic", "basic,x509", "basic"}) {
            try (BrokerWithCredentials broker = mutualTlsBroker(Map.of("security.auth-providers", order))) {
                broker.addX509("our devices", "Gannet Test CA", "device-.*", "APPLICATION", null, null);
                broker.addBasic("meter", null, "meter", "pw", "DEVICE", null, null);
                String suffix = order.replace(',', '-');
                Mqtt3BlockingClient both = device(broker, "both-" + suffix);
                both.connectWith().simpleAuth().username("meter").password("pw".getBytes(StandardCharsets.UTF_8))
                        .applySimpleAuth().send();
                assertThat(broker.server().sessions().get("both-" + suffix).clientType()).as(order)
                        .isEqualTo(order.startsWith("x509") ? ClientType.APPLICATION : ClientType.DEVICE);
                both.disconnect();

                Mqtt3BlockingClient certificateOnly = device(broker, "cert-only-" + suffix);
                if (order.contains("x509")) {
                    certificateOnly.connect();
                    certificateOnly.disconnect();
                } else {
                    assertThatThrownBy(certificateOnly::connect).as("x509 is not in the chain").isInstanceOf(Mqtt3ConnAckException.class);
                }
            }
        }
    }
}
