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
}
