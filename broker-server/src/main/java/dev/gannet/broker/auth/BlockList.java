package dev.gannet.broker.auth;

import dev.gannet.broker.metadata.BlockedClient;
import dev.gannet.broker.metadata.BlockedClientsRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The blocked clients, held in memory (read on every CONNECT) and reloaded by {@link #refresh()}
 * when blocks are added or removed. An expired block no longer applies.
 */
public final class BlockList {

    /** Blocks nobody: for brokers without a metadata database. */
    public static final BlockList NONE = new BlockList(null);

    private static final Logger LOG = LoggerFactory.getLogger(BlockList.class);

    private record Rule(BlockedClient block, Pattern regex) {

        boolean matches(ClientIdentity identity, String ip, long now) {
            if (block.expiresAt() != null && now >= block.expiresAt()) {
                return false;
            }
            return switch (block.blockType()) {
                case "CLIENT_ID" -> block.pattern().equals(identity.clientId());
                case "USERNAME" -> block.pattern().equals(identity.username());
                case "IP_ADDRESS" -> block.pattern().equals(ip);
                default -> {
                    String target = switch (block.regexTarget() == null ? "CLIENT_ID" : block.regexTarget()) {
                        case "USERNAME" -> identity.username();
                        case "IP_ADDRESS" -> ip;
                        default -> identity.clientId();
                    };
                    yield target != null && regex.matcher(target).matches();
                }
            };
        }
    }

    private final BlockedClientsRepository repository;
    private volatile List<Rule> rules = List.of();

    public BlockList(BlockedClientsRepository repository) {
        this.repository = repository;
        if (repository != null) {
            refresh();
        }
    }

    public void refresh() {
        List<Rule> loaded = new ArrayList<>();
        for (BlockedClient block : repository.all()) {
            try {
                loaded.add(new Rule(block, block.blockType().equals("REGEX") ? Pattern.compile(block.pattern()) : null));
            } catch (IllegalArgumentException e) {
                LOG.warn("Block {} has an invalid regular expression and is ignored: {}", block.id(), e.getMessage());
            }
        }
        rules = List.copyOf(loaded);
    }

    /** Why {@code identity} is blocked, or empty when it is not. */
    public Optional<String> blocked(ClientIdentity identity, long now) {
        String ip = ipOf(identity.remoteAddress());
        for (Rule rule : rules) {
            if (rule.matches(identity, ip, now)) {
                BlockedClient b = rule.block();
                return Optional.of("blocked by " + b.blockType().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + (b.regexTarget() != null ? " on " + b.regexTarget().toLowerCase(java.util.Locale.ROOT) : "")
                        + " '" + b.pattern() + "'");
            }
        }
        return Optional.empty();
    }

    private static String ipOf(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }
}
