package dev.vmlab.device;

import dev.vmlab.BadInputException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The storage behind a virtual disk: whole 512-byte sectors, addressed in bytes. The block device
 * front ends (full emulation, a para-virtual back end) check ranges before calling, so an
 * implementation only has to move bytes.
 */
public interface BlockBackend extends AutoCloseable {
    int SECTOR = 512;

    /** Capacity in 512-byte sectors. */
    long sectors();

    boolean readOnly();

    /** A short identification for VIRTIO_BLK_T_GET_ID, such as the image's file name. */
    String id();

    void read(long pos, byte[] b, int off, int len) throws IOException;

    void write(long pos, byte[] b, int off, int len) throws IOException;

    /** Makes earlier writes durable. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;

    /**
     * Opens a raw image file. A read-write image is locked for exclusive use, so two VMs (or two
     * processes) cannot corrupt one image together; a read-only one is shared freely.
     *
     * @throws BadInputException with a one-line {@code disk image <path>: ...} message when the
     *     image is missing, not a regular file, unreadable, not writable for a read-write
     *     attachment, in use, or not a whole number of sectors
     */
    static BlockBackend open(Path image, boolean readOnly) {
        String what = "disk image " + image;
        if (!Files.exists(image)) throw new BadInputException(what + ": no such file");
        if (!Files.isRegularFile(image)) throw new BadInputException(what + ": not a regular file");
        if (!Files.isReadable(image)) throw new BadInputException(what + ": not readable");
        if (!readOnly && !Files.isWritable(image)) {
            throw new BadInputException(what + ": not writable (attach it read-only)");
        }
        FileChannel channel;
        try {
            channel = readOnly ? FileChannel.open(image, StandardOpenOption.READ)
                    : FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new BadInputException(what + ": cannot open: " + e.getMessage(), e);
        }
        try {
            long size = channel.size();
            if (size % SECTOR != 0) {
                throw new BadInputException(what + ": size " + size + " is not a multiple of " + SECTOR);
            }
            if (!readOnly) ImageFile.lockExclusive(channel, what);
            Path name = image.getFileName();
            return new ImageFile(channel, size / SECTOR, readOnly, name == null ? "vmlab-disk" : name.toString());
        } catch (IOException e) {
            ImageFile.closeQuietly(channel);
            throw new BadInputException(what + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            ImageFile.closeQuietly(channel);
            throw e;
        }
    }

    /** A disk held in {@code image} itself, without a copy: writes land in the caller's array. */
    static BlockBackend ofArray(byte[] image, boolean readOnly) {
        if (image.length % SECTOR != 0) {
            throw new BadInputException("disk image (in memory): size " + image.length + " is not a multiple of "
                    + SECTOR);
        }
        return new ArrayImage(image, readOnly);
    }

    /** A raw image file read and written in place through positional channel I/O. */
    final class ImageFile implements BlockBackend {
        private final FileChannel channel;
        private final long sectors;
        private final boolean readOnly;
        private final String id;

        private ImageFile(FileChannel channel, long sectors, boolean readOnly, String id) {
            this.channel = channel;
            this.sectors = sectors;
            this.readOnly = readOnly;
            this.id = id;
        }

        @Override public long sectors() { return sectors; }

        @Override public boolean readOnly() { return readOnly; }

        @Override public String id() { return id; }

        @Override
        public void read(long pos, byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                if (channel.read(buf, pos + buf.position() - off) < 0) {
                    throw new EOFException("image shorter than its capacity (truncated while attached?)");
                }
            }
        }

        @Override
        public void write(long pos, byte[] b, int off, int len) throws IOException {
            if (readOnly) throw new IOException("image is attached read-only");
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) channel.write(buf, pos + buf.position() - off);
        }

        @Override public void flush() throws IOException { channel.force(false); }

        @Override public void close() throws IOException { channel.close(); }

        private static void lockExclusive(FileChannel channel, String what) {
            try {
                // The lock lives as long as the channel: closing the backend releases it.
                if (channel.tryLock() == null) throw new BadInputException(what + ": in use by another process");
            } catch (OverlappingFileLockException e) {
                throw new BadInputException(what + ": already attached read-write to another VM");
            } catch (IOException | UnsupportedOperationException e) {
                // Not every file system can lock; the image is then simply not protected.
            }
        }

        private static void closeQuietly(FileChannel channel) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the caller is already failing with a better message
            }
        }
    }

    /** A disk in a byte array, for tests and scratch disks. */
    final class ArrayImage implements BlockBackend {
        private final byte[] image;
        private final boolean readOnly;

        private ArrayImage(byte[] image, boolean readOnly) {
            this.image = image;
            this.readOnly = readOnly;
        }

        @Override public long sectors() { return image.length / SECTOR; }

        @Override public boolean readOnly() { return readOnly; }

        @Override public String id() { return "vmlab-ram-disk"; }

        @Override
        public void read(long pos, byte[] b, int off, int len) { System.arraycopy(image, (int) pos, b, off, len); }

        @Override
        public void write(long pos, byte[] b, int off, int len) throws IOException {
            if (readOnly) throw new IOException("image is attached read-only");
            System.arraycopy(b, off, image, (int) pos, len);
        }

        @Override public void flush() { }

        @Override public void close() { } // nothing to release: the array belongs to the caller
    }
}
