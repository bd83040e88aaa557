package dev.gannet.console.access;

import dev.gannet.model.api.BlockedClient;

/**
 * One block as the table shows it.
 *
 * @param target    what a regular expression is matched against; empty for the other types
 * @param expiresAt local time, or "never"
 * @param expired   "expired" once the block no longer applies, else empty
 */
public record BlockRow(String type, String pattern, String target, String description, String expiresAt, String expired,
                       BlockedClient block) {

    static BlockRow of(BlockedClient b) {
        return new BlockRow(BlockTypes.label(b.blockType()), b.pattern(), BlockTypes.label(b.regexTarget()),
                b.description() == null ? "" : b.description(),
                b.expiresAt() == null ? "never" : LocalTimes.of(b.expiresAt()), b.expired() ? "expired" : "", b);
    }
}
