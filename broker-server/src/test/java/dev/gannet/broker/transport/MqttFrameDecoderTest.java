package dev.gannet.broker.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MqttFrameDecoderTest {

    private final List<Object> events = new ArrayList<>();
    private EmbeddedChannel channel;

    private EmbeddedChannel guarded(int maxPacketSize) {
        channel = new EmbeddedChannel(new MqttFrameDecoder(maxPacketSize), new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
        return channel;
    }

    @AfterEach
    void releaseEverything() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    /** A packet of type byte 0x30 with {@code bodyLength} body bytes, remaining length encoded as MQTT does. */
    private static byte[] packet(int firstByte, int bodyLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int remaining = bodyLength;
        do {
            int digit = remaining % 128;
            remaining /= 128;
            out.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        for (int i = 0; i < bodyLength; i++) {
            out.write(i & 0xFF);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Everything the guard passed on, concatenated, with each buffer released. */
    private String passedHex() {
        StringBuilder hex = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readInbound()) != null) {
            try {
                hex.append(ByteBufUtil.hexDump(buf));
            } finally {
                buf.release();
            }
        }
        return hex.toString();
    }

    @Test
    void packets_under_the_limit_pass_unchanged() {
        guarded(100);
        byte[] bytes = concat(packet(0xC0, 0), packet(0x30, 10), packet(0x82, 98));

        channel.writeInbound(Unpooled.wrappedBuffer(bytes));

        assertThat(passedHex()).isEqualTo(ByteBufUtil.hexDump(bytes));
        assertThat(events).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void packets_under_the_limit_pass_unchanged_when_split_byte_by_byte() {
        guarded(200);
        byte[] bytes = concat(packet(0x30, 5), packet(0x30, 150), packet(0xC0, 0), packet(0x30, 197));

        for (byte b : bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[]{b}));
        }

        assertThat(passedHex()).isEqualTo(ByteBufUtil.hexDump(bytes));
        assertThat(events).isEmpty();
    }

    @Test
    void a_packet_of_exactly_the_limit_passes() {
        guarded(131);
        byte[] exact = packet(0x30, 128); // 1 + 2 length bytes + 128

        channel.writeInbound(Unpooled.wrappedBuffer(exact));

        assertThat(exact).hasSize(131);
        assertThat(passedHex()).isEqualTo(ByteBufUtil.hexDump(exact));
        assertThat(events).isEmpty();
    }

    @Test
    void a_packet_one_byte_over_the_limit_fires_packet_too_large() {
        guarded(131);

        channel.writeInbound(Unpooled.wrappedBuffer(packet(0x30, 129)));

        assertThat(passedHex()).isEmpty();
        assertThat(events).containsExactly(new PacketTooLargeEvent(132, 131));
    }

    @Test
    void an_oversized_packet_is_rejected_from_its_header_alone() {
        guarded(1_000);
        // Announces 2,097,152 body bytes (remaining length 80 80 80 01) but sends only the header.
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[]{0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01}));

        assertThat(passedHex()).isEmpty();
        assertThat(events).containsExactly(new PacketTooLargeEvent(5 + 2_097_152L, 1_000));
    }

    @Test
    void complete_packets_before_an_oversized_one_in_the_same_buffer_are_still_passed() {
        guarded(100);
        byte[] small1 = packet(0x30, 10);
        byte[] small2 = packet(0xC0, 0);
        byte[] big = packet(0x30, 500);

        channel.writeInbound(Unpooled.wrappedBuffer(concat(small1, small2, big)));

        assertThat(passedHex()).isEqualTo(ByteBufUtil.hexDump(concat(small1, small2)));
        assertThat(events).containsExactly(new PacketTooLargeEvent(503, 100));
    }

    @Test
    void an_oversized_header_split_across_reads_passes_only_the_earlier_packets() {
        guarded(100);
        byte[] small = packet(0x30, 3);
        byte[] big = packet(0x30, 300); // header 30 ac 02

        // The big packet's first two header bytes arrive with the small packet, the last in the next read.
        channel.writeInbound(Unpooled.wrappedBuffer(concat(small, new byte[]{big[0], big[1]})));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[]{big[2], big[3], big[4]}));

        String passed = passedHex();
        assertThat(events).containsExactly(new PacketTooLargeEvent(303, 100));
        // The small packet reaches the decoder; no byte of the oversized packet's body does.
        assertThat(passed).startsWith(ByteBufUtil.hexDump(small));
        assertThat(passed.length() / 2).isLessThanOrEqualTo(small.length + 2);
    }

    @Test
    void bytes_after_a_rejection_are_discarded() {
        guarded(100);
        channel.writeInbound(Unpooled.wrappedBuffer(packet(0x30, 200)));

        channel.writeInbound(Unpooled.wrappedBuffer(packet(0xC0, 0)));

        assertThat(passedHex()).isEmpty();
        assertThat(events).hasSize(1);
    }

    @Test
    void multi_byte_remaining_lengths_are_tracked_across_packets() {
        guarded(20_000);
        // Two- and three-byte remaining lengths, boundaries 127/128 and 16383/16384.
        byte[] bytes = concat(packet(0x30, 127), packet(0x30, 128), packet(0x30, 16_383 - 10), packet(0x30, 16_384),
                packet(0xE0, 0));

        int[] chunks = {1, 2, 3, 7, 64, 1000, 4096};
        int offset = 0;
        int i = 0;
        while (offset < bytes.length) {
            int length = Math.min(chunks[i++ % chunks.length], bytes.length - offset);
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, offset, length));
            offset += length;
        }

        assertThat(passedHex()).isEqualTo(ByteBufUtil.hexDump(bytes));
        assertThat(events).isEmpty();
    }

    @Test
    void a_packet_after_many_small_ones_is_measured_from_its_own_header() {
        guarded(64);
        byte[] smalls = new byte[0];
        for (int i = 0; i < 20; i++) {
            smalls = concat(smalls, packet(0x30, 60)); // 62 bytes each, under the limit
        }
        byte[] big = packet(0x30, 63); // 65 bytes

        channel.writeInbound(Unpooled.wrappedBuffer(concat(smalls, big)));

        assertThat(passedHex()).isEqualTo(ByteBufUtil.hexDump(smalls));
        assertThat(events).containsExactly(new PacketTooLargeEvent(65, 64));
    }

    @Test
    void non_buffer_messages_are_passed_through() {
        guarded(64);
        Object message = "not a buffer";

        channel.writeInbound(message);

        Object passed = channel.readInbound();
        assertThat(passed).isSameAs(message);
    }

    // ---- raw checks that Netty's decoder cannot make --------------------------------------

    private InvalidPacketEvent invalidAfter(String hex) {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        events.clear();
        guarded(1024).writeInbound(Unpooled.wrappedBuffer(java.util.HexFormat.of().parseHex(hex.replace(" ", ""))));
        passedHex();
        return events.stream().filter(InvalidPacketEvent.class::isInstance).map(InvalidPacketEvent.class::cast)
                .findFirst().orElse(null);
    }

    @Test
    void a_publish_topic_with_well_formed_multi_byte_utf8_passes() {
        // topic "ü/☃" (c3bc 2f e29883), payload "x"
        assertThat(invalidAfter("30 09 0006 c3bc2fe29883 78")).isNull();
    }

    @Test
    void a_publish_topic_with_ill_formed_utf8_is_refused() {
        assertThat(invalidAfter("30 05 0002 c328 78").problem()).contains("ill-formed UTF-8 in the topic name");
    }

    @Test
    void an_encoded_surrogate_is_ill_formed() {
        // ED A0 80 would be U+D800, a surrogate: not allowed in UTF-8.
        assertThat(invalidAfter("30 06 0003 eda080 78")).isNotNull();
    }

    @Test
    void an_overlong_encoding_is_ill_formed() {
        // C0 AF is an overlong '/', a classic way to sneak separators past checks.
        assertThat(invalidAfter("30 05 0002 c0af 78")).isNotNull();
    }

    @Test
    void a_client_id_with_ill_formed_utf8_is_refused() {
        // CONNECT 3.1.1, client id bytes ff fe
        assertThat(invalidAfter("10 0e 0004 4d515454 04 02 003c 0002 fffe").problem()).contains("client identifier");
    }

    @Test
    void reserved_subscribe_option_bits_are_refused_for_311_and_bits_6_and_7_for_mqtt5() {
        assertThat(invalidAfter("10 0e 0004 4d515454 04 02 003c 0002 6331" + "82 06 0001 0001 61 81").problem())
                .contains("reserved bits");
        assertThat(invalidAfter("10 0f 0004 4d515454 05 02 003c 00 0002 6331" + "82 07 0001 00 0001 61 04"))
                .as("no local is a real option in MQTT 5").isNull();
        assertThat(invalidAfter("10 0f 0004 4d515454 05 02 003c 00 0002 6331" + "82 07 0001 00 0001 61 40"))
                .isNotNull();
    }

    // ---- MQTT 5 properties ------------------------------------------------------------------

    /** An MQTT 5 CONNECT with client id "c1" and no properties: later packets carry properties. */
    private static final String CONNECT5 = "10 0f 0004 4d515454 05 02 003c 00 0002 6331";
    /** The same as MQTT 3.1.1: later packets carry no properties. */
    private static final String CONNECT311 = "10 0e 0004 4d515454 04 02 003c 0002 6331";

    /** A packet as hex: first byte, remaining length as MQTT encodes it, then the body. */
    private static String hexPacket(int firstByte, String bodyHex) {
        String body = bodyHex.replace(" ", "");
        StringBuilder hex = new StringBuilder(String.format("%02x", firstByte));
        int remaining = body.length() / 2;
        do {
            int digit = remaining % 128;
            remaining /= 128;
            hex.append(String.format("%02x", remaining > 0 ? digit | 0x80 : digit));
        } while (remaining > 0);
        return hex.append(body).toString();
    }

    /** A property block as hex: its length, then the properties. */
    private static String properties(String propertiesHex) {
        String properties = propertiesHex.replace(" ", "");
        int length = properties.length() / 2;
        assertThat(length).isLessThan(128);
        return String.format("%02x", length) + properties;
    }

    /** A length-prefixed UTF-8 string as hex. */
    private static String utf8(String s) {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return String.format("%04x", bytes.length) + java.util.HexFormat.of().formatHex(bytes);
    }

    /** An MQTT 5 QoS 0 PUBLISH to "a" with these properties and payload "x", after an MQTT 5 CONNECT. */
    private InvalidPacketEvent publish5With(String propertiesHex) {
        return invalidAfter(CONNECT5 + hexPacket(0x30, utf8("a") + properties(propertiesHex) + "78"));
    }

    private InvalidPacketEvent connect5With(String propertiesHex) {
        return invalidAfter(hexPacket(0x10, utf8("MQTT") + "05 02 003c" + properties(propertiesHex) + utf8("c1")));
    }

    @Test
    void a_duplicated_content_type_in_publish_is_a_protocol_error() {
        InvalidPacketEvent invalid = publish5With("03" + utf8("text") + "03" + utf8("json"));

        assertThat(invalid).isEqualTo(new InvalidPacketEvent("duplicate property Content Type (0x03) in PUBLISH", false));
    }

    @Test
    void a_user_property_may_appear_more_than_once() {
        String pair = "26" + utf8("k") + utf8("v");

        assertThat(publish5With(pair + pair + pair)).isNull();
    }

    @Test
    void a_subscription_identifier_twice_in_subscribe_is_a_protocol_error() {
        InvalidPacketEvent invalid = invalidAfter(CONNECT5 + hexPacket(0x82, "0001" + properties("0b 01 0b 02") + utf8("a") + "00"));

        assertThat(invalid.problem()).isEqualTo("duplicate property Subscription Identifier (0x0B) in SUBSCRIBE");
        assertThat(invalid.malformed()).isFalse();
    }

    @Test
    void a_subscription_identifier_of_zero_in_subscribe_is_a_protocol_error() {
        InvalidPacketEvent invalid = invalidAfter(CONNECT5 + hexPacket(0x82, "0001" + properties("0b 00") + utf8("a") + "00"));

        assertThat(invalid.problem()).contains("Subscription Identifier (0x0B) in SUBSCRIBE is 0");
        assertThat(invalid.malformed()).isFalse();
    }

    @Test
    void a_connect_only_property_in_publish_is_a_protocol_error() {
        InvalidPacketEvent invalid = publish5With("11 0000003c");

        assertThat(invalid).isEqualTo(new InvalidPacketEvent("property Session Expiry Interval (0x11) is not allowed in PUBLISH", false));
    }

    @Test
    void a_will_property_among_the_connect_properties_is_a_protocol_error() {
        InvalidPacketEvent invalid = connect5With("18 0000000a");

        assertThat(invalid).isEqualTo(new InvalidPacketEvent(
                "property Will Delay Interval (0x18) is not allowed in CONNECT", false, true));
    }

    @Test
    void a_subscription_identifier_in_unsubscribe_is_a_protocol_error() {
        InvalidPacketEvent invalid = invalidAfter(CONNECT5 + hexPacket(0xA2, "0001" + properties("0b 01") + utf8("a")));

        assertThat(invalid.problem()).isEqualTo("property Subscription Identifier (0x0B) is not allowed in UNSUBSCRIBE");
        assertThat(invalid.malformed()).isFalse();
    }

    @Test
    void an_unknown_property_identifier_is_malformed() {
        InvalidPacketEvent invalid = publish5With("7f 00");

        assertThat(invalid).isEqualTo(new InvalidPacketEvent("unknown property identifier 0x7F in PUBLISH", true));
    }

    @Test
    void ill_formed_utf8_in_a_user_property_value_is_malformed() {
        InvalidPacketEvent invalid = publish5With("26" + utf8("k") + "0002 c328");

        assertThat(invalid.problem()).isEqualTo("ill-formed UTF-8 in the value of property User Property (0x26) in PUBLISH");
        assertThat(invalid.malformed()).isTrue();
    }

    @Test
    void ill_formed_utf8_in_a_user_property_name_or_a_response_topic_is_malformed() {
        assertThat(publish5With("26 0003 eda080" + utf8("v")).malformed()).isTrue();
        assertThat(publish5With("08 0002 c0af").problem()).contains("Response Topic (0x08)");
    }

    @Test
    void a_payload_format_indicator_of_2_is_a_protocol_error() {
        InvalidPacketEvent invalid = publish5With("01 02");

        assertThat(invalid.problem()).isEqualTo("property Payload Format Indicator (0x01) in PUBLISH is 2, outside 0..1");
        assertThat(invalid.malformed()).isFalse();
    }

    @Test
    void a_topic_alias_of_zero_is_a_protocol_error() {
        assertThat(publish5With("23 0000").malformed()).isFalse();
    }

    @Test
    void a_receive_maximum_of_zero_in_connect_is_a_protocol_error_answered_with_connack() {
        InvalidPacketEvent invalid = connect5With("21 0000");

        assertThat(invalid).isEqualTo(new InvalidPacketEvent(
                "property Receive Maximum (0x21) in CONNECT is 0, outside 1..65535", false, true));
    }

    @Test
    void a_maximum_packet_size_of_zero_or_a_request_of_2_in_connect_is_a_protocol_error() {
        assertThat(connect5With("27 00000000").problem()).contains("Maximum Packet Size (0x27)");
        assertThat(connect5With("17 02").problem()).contains("Request Problem Information (0x17)");
        assertThat(connect5With("19 02").problem()).contains("Request Response Information (0x19)");
    }

    @Test
    void a_publish_with_every_publish_property_passes() {
        String all = "01 01" + "02 0000003c" + "03" + utf8("text/plain") + "08" + utf8("replies/ü") + "09 0003 00ff10"
                + "0b 81 01" + "23 0007" + "26" + utf8("k") + utf8("v") + "26" + utf8("k") + utf8("w");

        // QoS 1: the properties follow the packet identifier.
        assertThat(invalidAfter(CONNECT5 + hexPacket(0x32, utf8("a/b") + "0007" + properties(all) + "78"))).isNull();
    }

    @Test
    void a_qos_1_publish_reads_its_properties_after_the_packet_identifier() {
        // Packet id 0x0303 would read as a property length and a Content Type if it were not skipped.
        InvalidPacketEvent invalid = invalidAfter(CONNECT5 + hexPacket(0x32, utf8("a") + "0303" + properties("01 02") + "78"));

        assertThat(invalid.problem()).contains("Payload Format Indicator");
    }

    @Test
    void a_connect_with_will_properties_passes() {
        String connectProperties = "11 0000003c" + "21 0010" + "22 000a" + "27 00010000" + "17 00" + "19 01"
                + "15" + utf8("SCRAM") + "16 0002 0102" + "26" + utf8("a") + utf8("b");
        String willProperties = "18 0000000a" + "01 01" + "02 00000e10" + "03" + utf8("text/plain")
                + "08" + utf8("replies") + "09 0001 2a" + "26" + utf8("why") + utf8("gone") + "26" + utf8("why") + utf8("lost");
        String connect = hexPacket(0x10, utf8("MQTT") + "05 06 003c" + properties(connectProperties) + utf8("c1")
                + properties(willProperties) + utf8("wills/c1") + "0007" + "6f66666c696e65");

        assertThat(invalidAfter(connect)).isNull();
        assertThat(events).isEmpty();
    }

    @Test
    void a_problem_in_the_will_properties_is_reported_as_in_an_mqtt5_connect() {
        String connect = hexPacket(0x10, utf8("MQTT") + "05 06 003c" + properties("") + utf8("c1")
                + properties("03 0001 ff") + utf8("wills/c1") + "0001 78");

        assertThat(invalidAfter(connect)).isEqualTo(new InvalidPacketEvent(
                "ill-formed UTF-8 in the property Content Type (0x03) in CONNECT will properties", true, true));
    }

    @Test
    void acknowledgements_disconnect_and_auth_are_checked_when_they_carry_properties() {
        String reason = "1f" + utf8("because");
        assertThat(invalidAfter(CONNECT5 + hexPacket(0x40, "0001 10" + properties(reason)))).as("PUBACK").isNull();
        assertThat(invalidAfter(CONNECT5 + hexPacket(0x50, "0001 10" + properties(reason + reason))).problem())
                .isEqualTo("duplicate property Reason String (0x1F) in PUBREC");
        assertThat(invalidAfter(CONNECT5 + hexPacket(0x62, "0001 00" + properties("23 0001"))).problem())
                .isEqualTo("property Topic Alias (0x23) is not allowed in PUBREL");
        assertThat(invalidAfter(CONNECT5 + hexPacket(0x70, "0001 00" + properties("7f 00"))).malformed()).as("PUBCOMP").isTrue();
        assertThat(invalidAfter(CONNECT5 + hexPacket(0x40, "0001 10"))).as("no properties").isNull();
        assertThat(invalidAfter(CONNECT5 + hexPacket(0x40, "0001"))).as("no reason code").isNull();

        assertThat(invalidAfter(CONNECT5 + hexPacket(0xE0, "04" + properties("11 00000000" + reason)))).isNull();
        assertThat(invalidAfter(CONNECT5 + hexPacket(0xE0, "00" + properties("03" + utf8("x")))).problem())
                .isEqualTo("property Content Type (0x03) is not allowed in DISCONNECT");
        assertThat(invalidAfter(CONNECT5 + hexPacket(0xE0, "00"))).as("reason code only").isNull();

        assertThat(invalidAfter(CONNECT5 + hexPacket(0xF0, "18" + properties("15" + utf8("SCRAM") + "16 0001 00")))).isNull();
        assertThat(invalidAfter(CONNECT5 + hexPacket(0xF0, "18" + properties("15" + utf8("A") + "15" + utf8("B")))).problem())
                .isEqualTo("duplicate property Authentication Method (0x15) in AUTH");
    }

    @Test
    void a_property_running_past_its_block_or_a_block_running_past_the_packet_is_malformed() {
        // Property length 3 holds "03 0001" but the Content Type claims one byte more.
        InvalidPacketEvent pastBlock = invalidAfter(CONNECT5 + hexPacket(0x30, utf8("a") + "03 030001" + "78"));
        assertThat(pastBlock.malformed()).isTrue();
        assertThat(pastBlock.problem()).contains("runs past the end of the property block of PUBLISH");

        InvalidPacketEvent pastPacket = invalidAfter(CONNECT5 + hexPacket(0x30, utf8("a") + "09 0101"));
        assertThat(pastPacket).isEqualTo(new InvalidPacketEvent("property length 9 runs past the end of the PUBLISH", true));
    }

    @Test
    void mqtt_311_packets_are_not_read_for_properties() {
        // As MQTT 5 these would hold an unknown property 0x7F; in 3.1.1 the bytes are payload.
        assertThat(invalidAfter(CONNECT311 + hexPacket(0x30, utf8("a") + "02 7f 00"))).isNull();
        assertThat(invalidAfter(CONNECT311 + hexPacket(0x40, "0001"))).isNull();
        assertThat(invalidAfter(CONNECT311 + hexPacket(0xE0, ""))).isNull();
        assertThat(invalidAfter(CONNECT311 + hexPacket(0x82, "0001" + utf8("a") + "01"))).isNull();
        assertThat(events).isEmpty();
    }
}
