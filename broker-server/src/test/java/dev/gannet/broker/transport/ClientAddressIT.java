package dev.gannet.broker.transport;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import dev.gannet.broker.metadata.ClientDetails;
import dev.gannet.broker.metadata.ClientDetailsRepository;
import dev.gannet.broker.testing.CodecClient;
import dev.gannet.broker.testing.TestBroker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Behind a load balancer or WebSocket proxy, the broker records the client's address, not the proxy's. */
class ClientAddressIT {

    private static ClientDetails detailsOf(TestBroker broker, String clientId) {
        ClientDetailsRepository details = broker.server().metadata().clientDetails();
        await().atMost(Duration.ofSeconds(5)).until(() -> details.find(clientId).isPresent());
        return details.find(clientId).orElseThrow();
    }

    @Test
    void with_the_proxy_protocol_the_address_comes_from_the_header_and_a_connection_without_one_is_closed() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.proxy-protocol", "true"))) {
            try (CodecClient client = CodecClient.connectTo(broker.port())) {
                client.sendRaw("PROXY TCP4 203.0.113.7 10.0.0.1 51234 1883\r\n".getBytes(StandardCharsets.US_ASCII));
                client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId("behind-lb")
                        .keepAlive(30).build());
                client.expect(MqttMessageType.CONNACK);
                assertThat(detailsOf(broker, "behind-lb").remoteAddress()).isEqualTo("203.0.113.7:51234");
            }
            try (CodecClient direct = CodecClient.connectTo(broker.port())) {
                direct.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId("no-header")
                        .keepAlive(30).build());
                assertThat(direct.awaitClosed(5)).as("a connection that skips the balancer is refused").isTrue();
            }
        }
    }

    @Test
    void a_binary_v2_header_with_an_ipv6_client_works_too() throws Exception {
        EmbeddedChannel encoder = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
        encoder.writeOutbound(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY,
                HAProxyProxiedProtocol.TCP6, "2001:db8::5", "2001:db8::1", 40_000, 1883));
        ByteBuf header = encoder.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(header);
        header.release();
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.proxy-protocol", "true"));
             CodecClient client = CodecClient.connectTo(broker.port())) {
            client.sendRaw(bytes);
            client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("v6-behind-lb")
                    .keepAlive(30).build());
            client.expect(MqttMessageType.CONNACK);
            assertThat(detailsOf(broker, "v6-behind-lb").remoteAddress()).isEqualTo("2001:db8:0:0:0:0:0:5:40000"); // written as the JDK writes socket peers
        }
    }

    @Test
    void a_trusted_websocket_proxy_names_the_client_in_x_forwarded_for_and_an_untrusted_one_is_ignored() throws Exception {
        Map<String, String> forwarded = Map.of("X-Forwarded-For", "198.51.100.1, 2001:db8::9");
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.ws.enabled", "true", "mqtt.ws.port", "0",
                "mqtt.ws.trust-forwarded-for", "true"))) {
            connectOverWebSocket(broker, "trusted-proxy", forwarded);
            // the last hop is the one the proxy appended; the first could be forged by the client
            assertThat(detailsOf(broker, "trusted-proxy").remoteAddress()).isEqualTo("2001:db8:0:0:0:0:0:9:0");
        }
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.ws.enabled", "true", "mqtt.ws.port", "0"))) {
            connectOverWebSocket(broker, "untrusted", forwarded);
            assertThat(detailsOf(broker, "untrusted").remoteAddress()).startsWith("127.0.0.1:");
        }
    }

    private static void connectOverWebSocket(TestBroker broker, String clientId, Map<String, String> headers) {
        Mqtt3BlockingClient client = Mqtt3Client.builder().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(broker.server().port(Transport.WS))
                .webSocketConfig().serverPath("mqtt").httpHeaders(headers).applyWebSocketConfig()
                .buildBlocking();
        client.connect();
        client.disconnect();
    }
}
