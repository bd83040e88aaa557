package dev.gannet.console.retained;

import java.util.Base64;

/** How a payload reads to an operator: a one-line preview for the table, and the whole of it as text or hex. */
final class PayloadText {

    /** Characters of a text payload shown in the table. */
    static final int PREVIEW_LENGTH = 80;
    /** Bytes of a binary payload shown as hex: a megabyte would make a text area crawl. */
    static final int HEX_LIMIT = 16 * 1024;
    /** Characters of a text payload shown in full, for the same reason. */
    static final int TEXT_LIMIT = 256 * 1024;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PayloadText() {
    }

    /** The first {@value #PREVIEW_LENGTH} characters on one line, or "binary" when the payload is not UTF-8. */
    static String preview(String text) {
        if (text == null) {
            return "binary";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= PREVIEW_LENGTH ? oneLine : oneLine.substring(0, PREVIEW_LENGTH) + "…";
    }

    /** The whole payload: its text when it has one, else a hex dump of its bytes. */
    static String full(String text, String base64) {
        if (text != null) {
            return text.length() <= TEXT_LIMIT ? text
                    : text.substring(0, TEXT_LIMIT) + "\n… (" + (text.length() - TEXT_LIMIT) + " more characters)";
        }
        return hexDump(Base64.getDecoder().decode(base64));
    }

    /** Sixteen bytes a line: offset, the bytes in hex, and the printable ASCII ones ("00000000  48 69 …  |Hi|"). */
    static String hexDump(byte[] bytes) {
        int shown = Math.min(bytes.length, HEX_LIMIT);
        StringBuilder out = new StringBuilder(shown * 4 + 64);
        for (int line = 0; line < shown; line += 16) {
            out.append(String.format("%08x  ", line));
            StringBuilder ascii = new StringBuilder(16);
            for (int i = line; i < line + 16; i++) {
                if (i < shown) {
                    int b = bytes[i] & 0xff;
                    out.append(HEX[b >> 4]).append(HEX[b & 0xf]).append(' ');
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    out.append("   ");
                }
                if (i == line + 7) {
                    out.append(' ');
                }
            }
            out.append(" |").append(ascii).append("|\n");
        }
        if (bytes.length > shown) {
            out.append("… (").append(bytes.length - shown).append(" more bytes)\n");
        }
        return out.toString();
    }
}
