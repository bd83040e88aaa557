package dev.gannet.broker.transport;

import io.netty.buffer.ByteBuf;

/**
 * Well-formed UTF-8 as Unicode defines it (Table 3-7 of the standard): no overlong forms, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF. ASCII is checked in a fast loop.
 */
public final class Utf8Strict {

    private Utf8Strict() {
    }

    public static boolean isWellFormed(ByteBuf buf, int index, int length) {
        int i = index;
        int end = index + length;
        while (i < end) {
            int b = buf.getUnsignedByte(i);
            if (b < 0x80) {
                i++;
                continue;
            }
            int lo = 0x80;
            int hi = 0xBF;
            int continuation;
            if (b >= 0xC2 && b <= 0xDF) {
                continuation = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                continuation = 2;
                if (b == 0xE0) {
                    lo = 0xA0; // no overlong 3-byte forms
                } else if (b == 0xED) {
                    hi = 0x9F; // no surrogates
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                continuation = 3;
                if (b == 0xF0) {
                    lo = 0x90; // no overlong 4-byte forms
                } else if (b == 0xF4) {
                    hi = 0x8F; // nothing above U+10FFFF
                }
            } else {
                return false;
            }
            if (i + continuation >= end) { // the sequence runs past the string
                return false;
            }
            int second = buf.getUnsignedByte(i + 1);
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k <= continuation; k++) {
                int next = buf.getUnsignedByte(i + k);
                if (next < 0x80 || next > 0xBF) {
                    return false;
                }
            }
            i += continuation + 1;
        }
        return true;
    }
}
