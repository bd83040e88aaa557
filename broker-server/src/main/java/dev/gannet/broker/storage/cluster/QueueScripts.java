package dev.gannet.broker.storage.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The Lua scripts that change a client's queue. Redis runs a script alone, so each change is atomic
 * per client; each script receives all of one client's keys ({@link ClientKeys}, one hash slot) and
 * touches nothing else, as Redis Cluster requires.
 *
 * <p>Every writing script takes the key TTL as {@code ARGV[1]} and ends by refreshing the expiry of
 * all the client's keys ({@code 0}: they never expire, and an expiry left by an earlier setting is
 * removed), so a client's keys always expire together.
 *
 * <p>Replies never hold a Lua {@code false}: over RESP3 (which Lettuce speaks) Redis would send it as a
 * boolean, not as nil. An absent value is an empty string instead.
 */
final class QueueScripts {

    /** A script with its SHA-1, the name {@code EVALSHA} knows it by. */
    record Script(String name, byte[] source, String sha) {

        static Script of(String name, String body) {
            byte[] source = (PRELUDE + body).getBytes(StandardCharsets.UTF_8);
            try {
                return new Script(name, source, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-1", e);
            }
        }
    }

    private static final String PRELUDE = """
            local Q, SEQ, M, S, IN, OWNER = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
            local AMARKS, ADONE, ACOMMITTED = KEYS[7], KEYS[8], KEYS[9]
            local function touch()
              local ttl = tonumber(ARGV[1])
              for i = 1, #KEYS do
                if ttl > 0 then redis.call('EXPIRE', KEYS[i], ttl) else redis.call('PERSIST', KEYS[i]) end
              end
            end
            """;

    private QueueScripts() {
    }

    /**
     * ARGV: ttl, entry id, entry, cap. Appends the entry with the client's next sequence number as its
     * score (so order is append order, whichever node made the id), applies the cap, and returns the
     * owner ('' for none) read in the same step. An id already queued is left as it is: a retried
     * append changes nothing. The cap counts waiting entries (those without a delivery mark in S, as
     * the session's own limit does) and drops the oldest of them; in-flight entries are never dropped.
     * Every mark belongs to a queued entry (marking checks, removal and the cap keep it so), so
     * ZCARD(Q) - HLEN(S) is the number waiting.
     */
    static final Script ENQUEUE = Script.of("enqueue", """
            local id = ARGV[2]
            if not redis.call('ZSCORE', Q, id) then
              redis.call('ZADD', Q, redis.call('INCR', SEQ), id)
              redis.call('HSET', M, id, ARGV[3])
              local excess = redis.call('ZCARD', Q) - redis.call('HLEN', S) - tonumber(ARGV[4])
              local victims = {}
              local rank = 0
              while #victims < excess do
                local batch = redis.call('ZRANGE', Q, rank, rank + 99)
                if #batch == 0 then break end
                for _, old in ipairs(batch) do
                  if #victims < excess and redis.call('HEXISTS', S, old) == 0 then victims[#victims + 1] = old end
                end
                rank = rank + #batch
              end
              for _, old in ipairs(victims) do
                redis.call('ZREM', Q, old)
                redis.call('HDEL', M, old)
              end
            end
            touch()
            return redis.call('GET', OWNER) or ''
            """);

    /** ARGV: ttl, entry id, packet id. Sets the packet id, keeping the released flag; nothing for an entry not queued. */
    static final Script IN_FLIGHT = Script.of("in-flight", """
            if redis.call('ZSCORE', Q, ARGV[2]) then
              local old = redis.call('HGET', S, ARGV[2])
              local released = old and string.sub(old, -1) or '0'
              redis.call('HSET', S, ARGV[2], ARGV[3] .. ':' .. released)
            end
            touch()
            return 1
            """);

    /** ARGV: ttl, entry id. Sets the released flag, keeping the packet id; nothing for an entry not queued. */
    static final Script RELEASED = Script.of("released", """
            if redis.call('ZSCORE', Q, ARGV[2]) then
              local old = redis.call('HGET', S, ARGV[2])
              local packet = old and string.match(old, '^%d+') or '0'
              redis.call('HSET', S, ARGV[2], packet .. ':1')
            end
            touch()
            return 1
            """);

    /** ARGV: ttl, entry id. */
    static final Script REMOVE = Script.of("remove", """
            redis.call('ZREM', Q, ARGV[2])
            redis.call('HDEL', M, ARGV[2])
            redis.call('HDEL', S, ARGV[2])
            touch()
            return 1
            """);

    /** ARGV: ttl, packet id. */
    static final Script REMEMBER_INBOUND = Script.of("remember-inbound", """
            redis.call('SADD', IN, ARGV[2])
            touch()
            return 1
            """);

    /** ARGV: ttl, packet id. */
    static final Script FORGET_INBOUND = Script.of("forget-inbound", """
            redis.call('SREM', IN, ARGV[2])
            touch()
            return 1
            """);

    /** ARGV: ttl, node id. Returns the previous owner ('' for none). */
    static final Script CLAIM_OWNER = Script.of("claim-owner", """
            local previous = redis.call('GET', OWNER) or ''
            redis.call('SET', OWNER, ARGV[2])
            touch()
            return previous
            """);

    /** ARGV: ttl, node id. Clears the owner only if it is still that node. */
    static final Script RELEASE_OWNER = Script.of("release-owner", """
            if redis.call('GET', OWNER) == ARGV[2] then
              redis.call('DEL', OWNER)
            end
            touch()
            return 1
            """);

    /**
     * No ARGV; reads only. Returns id, entry, mark ('' for none) for each entry in queue order, as one
     * consistent picture (a script sees no other command half done).
     */
    static final Script READ = Script.of("read", """
            local out = {}
            for _, id in ipairs(redis.call('ZRANGE', Q, 0, -1)) do
              local entry = redis.call('HGET', M, id)
              if entry then
                out[#out + 1] = id
                out[#out + 1] = entry
                out[#out + 1] = redis.call('HGET', S, id) or ''
              end
            end
            return out
            """);

    // ---- application clients (KafkaApplicationQueueStore) -----------------------------------------
    //
    // Their entries live in a Kafka topic; Redis keeps what a log cannot: AMARKS, entry id to delivery
    // state in the form of S; ADONE, the offsets of entries done at or above the committed offset
    // (member and score: the offset); ACOMMITTED, the committed offset, below which every entry is done
    // (absent: 0, the first offset of a new topic).

    /**
     * Advances the committed offset over the done offsets that follow it without a gap, forgets done
     * offsets below it, stores it and returns it. Relies on a topic written without transactions
     * having one record at every offset; where it has not (a gap left by retention), the reader
     * moves the committed offset over the gap ({@link #APP_ADVANCE}).
     */
    private static final String APP_ADVANCE_FUNCTION = """
            local function advance(committed)
              while true do
                local first = redis.call('ZRANGE', ADONE, 0, 0, 'WITHSCORES')
                if #first == 0 then break end
                local offset = tonumber(first[2])
                if offset > committed then break end
                redis.call('ZREM', ADONE, first[1])
                if offset == committed then committed = committed + 1 end
              end
              local text = string.format('%d', committed)
              redis.call('SET', ACOMMITTED, text)
              return text
            end
            local function stored_committed()
              return tonumber(redis.call('GET', ACOMMITTED) or '0')
            end
            """;

    /** ARGV: ttl, entry id, packet id. Sets the packet id, keeping the released flag. */
    static final Script APP_IN_FLIGHT = Script.of("app-in-flight", """
            local old = redis.call('HGET', AMARKS, ARGV[2])
            local released = old and string.sub(old, -1) or '0'
            redis.call('HSET', AMARKS, ARGV[2], ARGV[3] .. ':' .. released)
            touch()
            return 1
            """);

    /** ARGV: ttl, entry id. Sets the released flag, keeping the packet id. */
    static final Script APP_RELEASED = Script.of("app-released", """
            local old = redis.call('HGET', AMARKS, ARGV[2])
            local packet = old and string.match(old, '^%d+') or '0'
            redis.call('HSET', AMARKS, ARGV[2], packet .. ':1')
            touch()
            return 1
            """);

    /**
     * ARGV: ttl, entry id, then the offsets of its records (none when the entry is unknown). Drops the
     * entry's mark, marks its offsets done and advances the committed offset; returns it (a string).
     */
    static final Script APP_REMOVE = Script.of("app-remove", APP_ADVANCE_FUNCTION + """
            redis.call('HDEL', AMARKS, ARGV[2])
            local from = stored_committed()
            for i = 3, #ARGV do
              if tonumber(ARGV[i]) >= from then redis.call('ZADD', ADONE, ARGV[i], ARGV[i]) end
            end
            local result = advance(from)
            touch()
            return result
            """);

    /**
     * ARGV: ttl, offset. A reader found no entry left to deliver below {@code offset} (all done, or
     * gone with retention): the committed offset moves up to it, never down. Returns it (a string).
     */
    static final Script APP_ADVANCE = Script.of("app-advance", APP_ADVANCE_FUNCTION + """
            local result = advance(math.max(stored_committed(), tonumber(ARGV[2])))
            touch()
            return result
            """);

    /**
     * No ARGV; reads only. Returns, as strings in one consistent picture: the committed offset, the
     * number of done offsets, the done offsets, then entry id and mark for each mark.
     */
    static final Script APP_READ = Script.of("app-read", """
            local out = {redis.call('GET', ACOMMITTED) or '0'}
            local done = redis.call('ZRANGE', ADONE, 0, -1)
            out[2] = tostring(#done)
            for _, offset in ipairs(done) do out[#out + 1] = offset end
            for _, value in ipairs(redis.call('HGETALL', AMARKS)) do out[#out + 1] = value end
            return out
            """);

    static final List<Script> ALL = List.of(ENQUEUE, IN_FLIGHT, RELEASED, REMOVE, REMEMBER_INBOUND, FORGET_INBOUND,
            CLAIM_OWNER, RELEASE_OWNER, READ, APP_IN_FLIGHT, APP_RELEASED, APP_REMOVE, APP_ADVANCE, APP_READ);
}
