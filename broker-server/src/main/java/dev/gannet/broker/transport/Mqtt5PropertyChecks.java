package dev.gannet.broker.transport;

import java.util.EnumSet;
import java.util.Set;

import static dev.gannet.broker.transport.Mqtt5PropertyChecks.Block.AUTH;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.Block.CONNACK;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.Block.CONNECT;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.Block.DISCONNECT;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.Block.PUBACK;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.Block.PUBCOMP;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.Block.PUBLISH;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.Block.PUBREC;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.Block.PUBREL;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.Block.SUBACK;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.Block.SUBSCRIBE;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.Block.UNSUBACK;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.Block.UNSUBSCRIBE;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.Block.WILL;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.DataType.BINARY_DATA;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.DataType.BYTE;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.DataType.FOUR_BYTE_INTEGER;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.DataType.TWO_BYTE_INTEGER;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.DataType.UTF8_STRING;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.DataType.UTF8_STRING_PAIR;
import static dev.gannet.broker.transport.Mqtt5PropertyChecks.DataType.VARIABLE_BYTE_INTEGER;

/**
 * Checks an MQTT 5 property block from the raw bytes, which Netty's decoder reads leniently (a
 * repeated property replaces the first, any property is accepted in any packet, ill-formed UTF-8
 * becomes U+FFFD). Following the table of MQTT 5 section 2.2.2.2, each property must
 * <ul>
 *   <li>have a known identifier, else the packet is malformed;</li>
 *   <li>belong to the packet (or the will properties) it appears in, else it is a protocol error;</li>
 *   <li>appear at most once, except User Property, and Subscription Identifier in PUBLISH
 *       (protocol error);</li>
 *   <li>hold well-formed UTF-8 in its strings (section 1.5.4, malformed);</li>
 *   <li>hold a value in its range, where the specification restricts one: 0 or 1 for the
 *       indicators and requests, non-zero for the maxima and Topic Alias (protocol error).</li>
 * </ul>
 */
final class Mqtt5PropertyChecks {

    /** Where a property block sits: a packet type, or the will properties inside CONNECT. */
    enum Block {
        CONNECT("CONNECT"), WILL("CONNECT will properties"), CONNACK("CONNACK"), PUBLISH("PUBLISH"),
        PUBACK("PUBACK"), PUBREC("PUBREC"), PUBREL("PUBREL"), PUBCOMP("PUBCOMP"), SUBSCRIBE("SUBSCRIBE"),
        SUBACK("SUBACK"), UNSUBSCRIBE("UNSUBSCRIBE"), UNSUBACK("UNSUBACK"), DISCONNECT("DISCONNECT"), AUTH("AUTH");

        private final String label;

        Block(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The data representations of MQTT 5 section 1.5. */
    enum DataType {
        BYTE, TWO_BYTE_INTEGER, FOUR_BYTE_INTEGER, VARIABLE_BYTE_INTEGER, UTF8_STRING, BINARY_DATA, UTF8_STRING_PAIR
    }

    /**
     * One row of the property table: the packets it may appear in, those where it may repeat, and
     * for integers the values allowed.
     */
    record Property(int id, String name, DataType type, Set<Block> allowedIn, Set<Block> repeatableIn, long min, long max) {

        Property range(long lowest, long highest) {
            return new Property(id, name, type, allowedIn, repeatableIn, lowest, highest);
        }

        Property repeatableIn(Block first, Block... rest) {
            return new Property(id, name, type, allowedIn, EnumSet.of(first, rest), min, max);
        }

        @Override
        public String toString() {
            return String.format("%s (0x%02X)", name, id);
        }
    }

    private static Property property(int id, String name, DataType type, Block first, Block... rest) {
        return new Property(id, name, type, EnumSet.of(first, rest), EnumSet.noneOf(Block.class), 0, Long.MAX_VALUE);
    }

    /** MQTT 5 section 2.2.2.2, Table 2-4, indexed by identifier. */
    private static final Property[] TABLE = table(
            property(0x01, "Payload Format Indicator", BYTE, PUBLISH, WILL).range(0, 1),
            property(0x02, "Message Expiry Interval", FOUR_BYTE_INTEGER, PUBLISH, WILL),
            property(0x03, "Content Type", UTF8_STRING, PUBLISH, WILL),
            property(0x08, "Response Topic", UTF8_STRING, PUBLISH, WILL),
            property(0x09, "Correlation Data", BINARY_DATA, PUBLISH, WILL),
            property(0x0B, "Subscription Identifier", VARIABLE_BYTE_INTEGER, PUBLISH, SUBSCRIBE)
                    .range(1, 268_435_455).repeatableIn(PUBLISH),
            property(0x11, "Session Expiry Interval", FOUR_BYTE_INTEGER, CONNECT, CONNACK, DISCONNECT),
            property(0x12, "Assigned Client Identifier", UTF8_STRING, CONNACK),
            property(0x13, "Server Keep Alive", TWO_BYTE_INTEGER, CONNACK),
            property(0x15, "Authentication Method", UTF8_STRING, CONNECT, CONNACK, AUTH),
            property(0x16, "Authentication Data", BINARY_DATA, CONNECT, CONNACK, AUTH),
            property(0x17, "Request Problem Information", BYTE, CONNECT).range(0, 1),
            property(0x18, "Will Delay Interval", FOUR_BYTE_INTEGER, WILL),
            property(0x19, "Request Response Information", BYTE, CONNECT).range(0, 1),
            property(0x1A, "Response Information", UTF8_STRING, CONNACK),
            property(0x1C, "Server Reference", UTF8_STRING, CONNACK, DISCONNECT),
            property(0x1F, "Reason String", UTF8_STRING, CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK,
                    DISCONNECT, AUTH),
            property(0x21, "Receive Maximum", TWO_BYTE_INTEGER, CONNECT, CONNACK).range(1, 65_535),
            property(0x22, "Topic Alias Maximum", TWO_BYTE_INTEGER, CONNECT, CONNACK),
            property(0x23, "Topic Alias", TWO_BYTE_INTEGER, PUBLISH).range(1, 65_535),
            property(0x24, "Maximum QoS", BYTE, CONNACK).range(0, 1),
            property(0x25, "Retain Available", BYTE, CONNACK).range(0, 1),
            property(0x26, "User Property", UTF8_STRING_PAIR, CONNECT, CONNACK, PUBLISH, WILL, PUBACK, PUBREC, PUBREL,
                    PUBCOMP, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, DISCONNECT, AUTH)
                    .repeatableIn(CONNECT, CONNACK, PUBLISH, WILL, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK,
                            UNSUBSCRIBE, UNSUBACK, DISCONNECT, AUTH),
            property(0x27, "Maximum Packet Size", FOUR_BYTE_INTEGER, CONNECT, CONNACK).range(1, 0xFFFF_FFFFL),
            property(0x28, "Wildcard Subscription Available", BYTE, CONNACK).range(0, 1),
            property(0x29, "Subscription Identifier Available", BYTE, CONNACK).range(0, 1),
            property(0x2A, "Shared Subscription Available", BYTE, CONNACK).range(0, 1));

    private static Property[] table(Property... rows) {
        Property[] byId = new Property[0x2B];
        for (Property row : rows) {
            byId[row.id()] = row;
        }
        return byId;
    }

    private Mqtt5PropertyChecks() {
    }

    /**
     * Reads the property length and the properties after it; null when all pass, else the first
     * problem. The property length itself running past the packet throws
     * {@link IndexOutOfBoundsException}, as any other truncation does.
     */
    static InvalidPacketEvent check(FrameReader packet, Block block) {
        int length = packet.variableByteInteger();
        if (length > packet.remaining()) {
            return new InvalidPacketEvent(String.format("property length %d runs past the end of the %s", length, block), true);
        }
        FrameReader properties = packet.split(length);
        long seen = 0; // bit n: property n seen; every identifier in the table is below 64
        try {
            while (properties.hasMore()) {
                int id = properties.variableByteInteger();
                Property property = id < TABLE.length ? TABLE[id] : null;
                if (property == null) {
                    return new InvalidPacketEvent(String.format("unknown property identifier 0x%02X in %s", id, block), true);
                }
                if (!property.allowedIn().contains(block)) {
                    return new InvalidPacketEvent(String.format("property %s is not allowed in %s", property, block), false);
                }
                long bit = 1L << id;
                if ((seen & bit) != 0 && !property.repeatableIn().contains(block)) {
                    return new InvalidPacketEvent(String.format("duplicate property %s in %s", property, block), false);
                }
                seen |= bit;
                InvalidPacketEvent problem = checkValue(properties, property, block);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        } catch (IndexOutOfBoundsException e) {
            return new InvalidPacketEvent(String.format("a property runs past the end of the property block of %s", block), true);
        }
    }

    private static InvalidPacketEvent checkValue(FrameReader r, Property property, Block block) {
        long value;
        switch (property.type()) {
            case BYTE -> value = r.u8();
            case TWO_BYTE_INTEGER -> value = r.u16();
            case FOUR_BYTE_INTEGER -> value = r.u32();
            case VARIABLE_BYTE_INTEGER -> value = r.variableByteInteger();
            case BINARY_DATA -> {
                r.skip(r.u16());
                return null;
            }
            case UTF8_STRING -> {
                return utf8(r.utf8("property " + property + " in " + block));
            }
            case UTF8_STRING_PAIR -> {
                String name = r.utf8("name of property " + property + " in " + block);
                String pairValue = r.utf8("value of property " + property + " in " + block);
                return utf8(name != null ? name : pairValue);
            }
            default -> throw new IllegalStateException(property.type().name());
        }
        if (value < property.min() || value > property.max()) {
            return new InvalidPacketEvent(String.format("property %s in %s is %d, outside %d..%d",
                    property, block, value, property.min(), property.max()), false);
        }
        return null;
    }

    private static InvalidPacketEvent utf8(String problem) {
        return problem == null ? null : new InvalidPacketEvent(problem, true);
    }
}
