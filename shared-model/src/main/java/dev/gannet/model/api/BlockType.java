package dev.gannet.model.api;

/** What a block matches: an exact client id, user name or IP address, or a regular expression over one of them. */
public enum BlockType {
    CLIENT_ID,
    USERNAME,
    IP_ADDRESS,
    REGEX
}
