package dev.gannet.broker.transport;

import io.netty.buffer.ByteBuf;

/**
 * Checks on a complete packet's raw bytes that must happen before Netty's decoder, which replaces
 * ill-formed UTF-8 with U+FFFD and drops reserved subscription option bits:
 * <ul>
 *   <li>every UTF-8 string in CONNECT, PUBLISH, SUBSCRIBE and UNSUBSCRIBE is well-formed
 *       (MQTT 3.1.1 section 1.5.3, MQTT 5 section 1.5.4: no ill-formed sequence, no surrogate);</li>
 *   <li>the reserved bits of each SUBSCRIBE option byte are zero (MQTT-3.8.3-4 / MQTT-3.8.3-5).</li>
 * </ul>
 * Structural errors (a length running past the end) are left to Netty's decoder, which reports them.
 * MQTT 5 properties are skipped, not checked.
 */
final class RawPacketChecks {

    private static final int CONNECT = 1;
    private static final int PUBLISH = 3;
    private static final int SUBSCRIBE = 8;
    private static final int UNSUBSCRIBE = 10;

    /** The protocol level from this connection's CONNECT (5 for MQTT 5), needed to skip MQTT 5 properties. */
    private int protocolLevel = 4;

    /** Null when the packet passes, else an event naming the problem. */
    InvalidPacketEvent check(ByteBuf frame) {
        try {
            return checkOrThrow(new Reader(frame));
        } catch (IndexOutOfBoundsException e) {
            return null; // truncated: Netty's decoder reports it as malformed
        }
    }

    private InvalidPacketEvent checkOrThrow(Reader r) {
        int type = r.u8() >> 4;
        r.skipVariableByteInteger(); // remaining length
        switch (type) {
            case CONNECT -> {
                String problem = r.utf8("protocol name");
                protocolLevel = r.u8();
                int flags = r.u8();
                r.skip(2); // keep alive
                if (protocolLevel == 5) {
                    r.skip(r.variableByteInteger());
                }
                problem = first(problem, r.utf8("client identifier"));
                if ((flags & 0x04) != 0) {
                    if (protocolLevel == 5) {
                        r.skip(r.variableByteInteger());
                    }
                    problem = first(problem, r.utf8("will topic"));
                    r.skip(r.u16());
                }
                if ((flags & 0x80) != 0) {
                    problem = first(problem, r.utf8("user name"));
                }
                return problem == null ? null : new InvalidPacketEvent(problem, true);
            }
            case PUBLISH -> {
                String problem = r.utf8("topic name");
                return problem == null ? null : new InvalidPacketEvent(problem, true);
            }
            case SUBSCRIBE -> {
                r.skip(2);
                if (protocolLevel == 5) {
                    r.skip(r.variableByteInteger());
                }
                // 3.1.1 reserves bits 2-7 of the option byte; MQTT 5 reserves bits 6-7.
                int reserved = protocolLevel == 5 ? 0xC0 : 0xFC;
                while (r.hasMore()) {
                    String problem = r.utf8("topic filter");
                    if (problem != null) {
                        return new InvalidPacketEvent(problem, true);
                    }
                    int options = r.u8();
                    if ((options & reserved) != 0) {
                        return new InvalidPacketEvent(String.format(
                                "SUBSCRIBE option byte 0x%02x has reserved bits set", options), true);
                    }
                }
                return null;
            }
            case UNSUBSCRIBE -> {
                r.skip(2);
                if (protocolLevel == 5) {
                    r.skip(r.variableByteInteger());
                }
                while (r.hasMore()) {
                    String problem = r.utf8("topic filter");
                    if (problem != null) {
                        return new InvalidPacketEvent(problem, true);
                    }
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    /** Reads a frame from its start without moving its indices. */
    private static final class Reader {
        private final ByteBuf buf;
        private int index;
        private final int end;

        Reader(ByteBuf buf) {
            this.buf = buf;
            this.index = buf.readerIndex();
            this.end = buf.writerIndex();
        }

        int u8() {
            if (index >= end) {
                throw new IndexOutOfBoundsException();
            }
            return buf.getUnsignedByte(index++);
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        void skip(int n) {
            if (n < 0 || index + n > end) {
                throw new IndexOutOfBoundsException();
            }
            index += n;
        }

        boolean hasMore() {
            return index < end;
        }

        int variableByteInteger() {
            int value = 0;
            int multiplier = 1;
            for (int i = 0; i < 4; i++) {
                int b = u8();
                value += (b & 0x7F) * multiplier;
                if ((b & 0x80) == 0) {
                    return value;
                }
                multiplier *= 128;
            }
            throw new IndexOutOfBoundsException();
        }

        void skipVariableByteInteger() {
            variableByteInteger();
        }

        /** Skips a length-prefixed string; null when it is well-formed UTF-8, else the problem. */
        String utf8(String what) {
            int length = u16();
            int start = index;
            skip(length);
            return Utf8Strict.isWellFormed(buf, start, length) ? null : "ill-formed UTF-8 in the " + what;
        }
    }
}
