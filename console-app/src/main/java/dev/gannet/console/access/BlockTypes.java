package dev.gannet.console.access;

import dev.gannet.model.api.BlockType;

/** The words an operator reads for each block type. */
final class BlockTypes {

    private BlockTypes() {
    }

    static String label(BlockType type) {
        if (type == null) {
            return "";
        }
        return switch (type) {
            case CLIENT_ID -> "Client id";
            case USERNAME -> "User name";
            case IP_ADDRESS -> "IP address";
            case REGEX -> "Regular expression";
        };
    }
}
