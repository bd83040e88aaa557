package dev.gannet.broker.storage;

/**
 * When the store forces written data to the disk. Every policy survives the broker process being
 * killed (SIGKILL): acknowledged data has been handed to the operating system. They differ on a
 * power loss or kernel crash.
 */
public enum FsyncPolicy {
    /** fsync before acknowledging: nothing acknowledged is lost even on power loss. Slowest. */
    ALWAYS,
    /** fsync at most every {@code storage.fsync-interval-ms}: a power loss loses at most that window. */
    INTERVAL,
    /** Leave it to the operating system: a power loss may lose what it had not yet written back. */
    NEVER
}
