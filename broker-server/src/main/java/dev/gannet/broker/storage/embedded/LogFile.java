package dev.gannet.broker.storage.embedded;

import dev.gannet.broker.storage.StorageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The framing of the store's files: a file is a magic header followed by frames of
 * {@code [int length][int crc32c][length bytes]}. A frame whose length runs past the end of the
 * file, or whose checksum does not match, ends the readable part of the file.
 */
final class LogFile {

    static final byte[] MAGIC = {'G', 'N', 'T', 'L', 'O', 'G', '0', '1'};
    static final int FRAME_HEADER = 8;
    /** A frame is one record; anything bigger than this is damage, not data. */
    static final int MAX_FRAME = 512 * 1024 * 1024;

    private LogFile() {
    }

    /**
     * What reading a file found: its intact records, and where (and why) reading stopped early.
     * {@code tornTail} is true when the damage is confined to the last frame, as an interrupted
     * write leaves it; damage followed by more data is corruption.
     */
    record ReadResult(List<byte[]> records, long validLength, long fileLength, String damage, boolean tornTail) {

        boolean isDamaged() {
            return damage != null;
        }
    }

    static ByteBuffer frame(byte[] record) {
        CRC32C crc = new CRC32C();
        crc.update(record);
        ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER + record.length).order(ByteOrder.BIG_ENDIAN);
        frame.putInt(record.length).putInt((int) crc.getValue()).put(record).flip();
        return frame;
    }

    static void writeHeader(FileChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.wrap(MAGIC);
        while (header.hasRemaining()) {
            channel.write(header);
        }
    }

    /** Reads every intact frame of {@code file}; never throws for damage, reports it instead. */
    static ReadResult read(Path file, FileChannel channel) {
        try {
            long size = channel.size();
            List<byte[]> records = new ArrayList<>();
            if (size < MAGIC.length) {
                return new ReadResult(records, 0, size, size == 0 ? null : "file shorter than its header", true);
            }
            ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
            channel.read(magic, 0);
            if (!java.util.Arrays.equals(magic.array(), MAGIC)) {
                return new ReadResult(records, 0, size, "not a Gannet store file (bad header)", false);
            }
            long position = MAGIC.length;
            ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
            while (position < size) {
                if (size - position < FRAME_HEADER) {
                    return new ReadResult(records, position, size, "incomplete frame header at byte " + position, true);
                }
                header.clear();
                readFully(channel, header, position);
                header.flip();
                int length = header.getInt();
                int expectedCrc = header.getInt();
                if (length < 0 || length > MAX_FRAME || position + FRAME_HEADER + length > size) {
                    return new ReadResult(records, position, size, "frame at byte " + position + " runs past the end of the file", true);
                }
                ByteBuffer body = ByteBuffer.allocate(length);
                readFully(channel, body, position + FRAME_HEADER);
                CRC32C crc = new CRC32C();
                crc.update(body.array());
                if ((int) crc.getValue() != expectedCrc) {
                    boolean last = position + FRAME_HEADER + length == size;
                    return new ReadResult(records, position, size, "checksum mismatch in the frame at byte " + position, last);
                }
                records.add(body.array());
                position += FRAME_HEADER + length;
            }
            return new ReadResult(records, position, size, null, false);
        } catch (IOException e) {
            throw new StorageException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }
}
