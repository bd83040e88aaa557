package dev.gannet.broker.transport;

import dev.gannet.broker.transport.Mqtt5PropertyChecks.Block;
import io.netty.buffer.ByteBuf;

/**
 * Checks on a complete packet's raw bytes that must happen before Netty's decoder, which replaces
 * ill-formed UTF-8 with U+FFFD, drops reserved subscription option bits and reads MQTT 5
 * properties leniently:
 * <ul>
 *   <li>every UTF-8 string in CONNECT, PUBLISH, SUBSCRIBE and UNSUBSCRIBE is well-formed
 *       (MQTT 3.1.1 section 1.5.3, MQTT 5 section 1.5.4: no ill-formed sequence, no surrogate);</li>
 *   <li>the reserved bits of each SUBSCRIBE option byte are zero (MQTT-3.8.3-4 / MQTT-3.8.3-5);</li>
 *   <li>on MQTT 5 connections, the property blocks of CONNECT (and its will properties), PUBLISH,
 *       PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, UNSUBSCRIBE, DISCONNECT and AUTH pass
 *       {@link Mqtt5PropertyChecks}.</li>
 * </ul>
 * A truncated packet (a length running past its end) is left to Netty's decoder, which reports it,
 * except inside a property block, which is reported here as malformed.
 */
final class RawPacketChecks {

    private static final int CONNECT = 1;
    private static final int PUBLISH = 3;
    private static final int PUBACK = 4;
    private static final int PUBREC = 5;
    private static final int PUBREL = 6;
    private static final int PUBCOMP = 7;
    private static final int SUBSCRIBE = 8;
    private static final int UNSUBSCRIBE = 10;
    private static final int DISCONNECT = 14;
    private static final int AUTH = 15;

    /** The protocol level from this connection's CONNECT (5 for MQTT 5), which decides whether packets carry properties. */
    private int protocolLevel = 4;

    /** Null when the packet passes, else an event naming the problem. */
    InvalidPacketEvent check(ByteBuf frame) {
        try {
            return checkOrThrow(new FrameReader(frame));
        } catch (IndexOutOfBoundsException e) {
            return null; // truncated: Netty's decoder reports it as malformed
        }
    }

    private InvalidPacketEvent checkOrThrow(FrameReader r) {
        int first = r.u8();
        int type = first >> 4;
        int remainingLength = r.variableByteInteger();
        if (type == CONNECT) {
            InvalidPacketEvent problem = connect(r);
            return protocolLevel == 5 ? inMqtt5Connect(problem) : problem;
        }
        boolean mqtt5 = protocolLevel == 5;
        return switch (type) {
            case PUBLISH -> {
                InvalidPacketEvent problem = malformed(r.utf8("topic name"));
                if (problem != null || !mqtt5) {
                    yield problem;
                }
                if ((first & 0x06) != 0) {
                    r.skip(2); // packet identifier, present for QoS 1 and 2
                }
                yield Mqtt5PropertyChecks.check(r, Block.PUBLISH);
            }
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> {
                if (!mqtt5 || remainingLength <= 3) {
                    yield null; // no properties: packet identifier and perhaps a reason code only
                }
                r.skip(3); // packet identifier, reason code
                yield Mqtt5PropertyChecks.check(r, acknowledgement(type));
            }
            case SUBSCRIBE -> subscribe(r, mqtt5);
            case UNSUBSCRIBE -> unsubscribe(r, mqtt5);
            case DISCONNECT, AUTH -> {
                if (!mqtt5 || remainingLength <= 1) {
                    yield null; // no properties: at most a reason code
                }
                r.skip(1); // reason code
                yield Mqtt5PropertyChecks.check(r, type == DISCONNECT ? Block.DISCONNECT : Block.AUTH);
            }
            default -> null;
        };
    }

    private InvalidPacketEvent connect(FrameReader r) {
        InvalidPacketEvent problem = malformed(r.utf8("protocol name"));
        if (problem != null) {
            return problem;
        }
        protocolLevel = r.u8();
        boolean mqtt5 = protocolLevel == 5;
        int flags = r.u8();
        r.skip(2); // keep alive
        if (mqtt5 && (problem = Mqtt5PropertyChecks.check(r, Block.CONNECT)) != null) {
            return problem;
        }
        if ((problem = malformed(r.utf8("client identifier"))) != null) {
            return problem;
        }
        if ((flags & 0x04) != 0) {
            if (mqtt5 && (problem = Mqtt5PropertyChecks.check(r, Block.WILL)) != null) {
                return problem;
            }
            if ((problem = malformed(r.utf8("will topic"))) != null) {
                return problem;
            }
            r.skip(r.u16()); // will payload
        }
        if ((flags & 0x80) != 0) {
            return malformed(r.utf8("user name"));
        }
        return null;
    }

    /** Marks a problem in an MQTT 5 CONNECT, which is answered with a CONNACK rather than a DISCONNECT. */
    private static InvalidPacketEvent inMqtt5Connect(InvalidPacketEvent problem) {
        return problem == null ? null : new InvalidPacketEvent(problem.problem(), problem.malformed(), true);
    }

    private InvalidPacketEvent subscribe(FrameReader r, boolean mqtt5) {
        r.skip(2); // packet identifier
        if (mqtt5) {
            InvalidPacketEvent problem = Mqtt5PropertyChecks.check(r, Block.SUBSCRIBE);
            if (problem != null) {
                return problem;
            }
        }
        // 3.1.1 reserves bits 2-7 of the option byte; MQTT 5 reserves bits 6-7.
        int reserved = mqtt5 ? 0xC0 : 0xFC;
        while (r.hasMore()) {
            InvalidPacketEvent problem = malformed(r.utf8("topic filter"));
            if (problem != null) {
                return problem;
            }
            int options = r.u8();
            if ((options & reserved) != 0) {
                return new InvalidPacketEvent(String.format(
                        "SUBSCRIBE option byte 0x%02x has reserved bits set", options), true);
            }
        }
        return null;
    }

    private InvalidPacketEvent unsubscribe(FrameReader r, boolean mqtt5) {
        r.skip(2); // packet identifier
        if (mqtt5) {
            InvalidPacketEvent problem = Mqtt5PropertyChecks.check(r, Block.UNSUBSCRIBE);
            if (problem != null) {
                return problem;
            }
        }
        while (r.hasMore()) {
            InvalidPacketEvent problem = malformed(r.utf8("topic filter"));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static Block acknowledgement(int type) {
        return switch (type) {
            case PUBACK -> Block.PUBACK;
            case PUBREC -> Block.PUBREC;
            case PUBREL -> Block.PUBREL;
            default -> Block.PUBCOMP;
        };
    }

    private static InvalidPacketEvent malformed(String problem) {
        return problem == null ? null : new InvalidPacketEvent(problem, true);
    }
}
