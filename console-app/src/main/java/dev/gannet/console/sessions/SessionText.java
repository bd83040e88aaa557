package dev.gannet.console.sessions;

import dev.gannet.model.api.SessionInfo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** How the sessions view writes a session's fields for an operator. */
final class SessionText {

    /** What the API sends as the expiry interval of a session that never expires. */
    static final long NEVER_EXPIRES = 4_294_967_295L;
    static final String NONE = "–";

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DAY_AND_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private SessionText() {
    }

    static String status(boolean connected) {
        return connected ? "connected" : "offline";
    }

    /** Epoch milliseconds as local date and time; a dash when unknown. */
    static String localTime(Long epochMillis) {
        return epochMillis == null ? NONE : LOCAL_TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Like {@link #localTime} but shorter, for the table: the time alone today, else the date and minute. */
    static String shortLocalTime(Long epochMillis) {
        if (epochMillis == null) {
            return NONE;
        }
        ZonedDateTime at = Instant.ofEpochMilli(epochMillis).atZone(ZoneId.systemDefault());
        return at.toLocalDate().equals(LocalDate.now(at.getZone())) ? TIME_OF_DAY.format(at) : DAY_AND_MINUTE.format(at);
    }

    static String orNone(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }

    /** "MQTT 5", "MQTT 3.1.1"; a dash when unknown (a session restored after a restart). */
    static String protocol(String version) {
        return version == null ? NONE : "MQTT " + version;
    }

    /** Whether the session outlives its connection, and for how long. */
    static String persistence(SessionInfo session) {
        if (!session.persistent()) {
            return "no: ends with its connection";
        }
        if (session.expiryIntervalSeconds() >= NEVER_EXPIRES) {
            return "yes, never expires";
        }
        return "yes, expires " + duration(session.expiryIntervalSeconds()) + " after disconnect";
    }

    /** A number of seconds the short way: "45 s", "5 min", "2 h 30 min", "3 d 4 h". */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            long s = seconds % 60;
            return seconds / 60 + " min" + (s == 0 ? "" : " " + s + " s");
        }
        if (seconds < 86_400) {
            long m = seconds % 3600 / 60;
            return seconds / 3600 + " h" + (m == 0 ? "" : " " + m + " min");
        }
        long h = seconds % 86_400 / 3600;
        return seconds / 86_400 + " d" + (h == 0 ? "" : " " + h + " h");
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    /** MQTT 5 retain handling, with what the number means. */
    static String retainHandling(int value) {
        return switch (value) {
            case 0 -> "0: send on subscribe";
            case 1 -> "1: send if new";
            case 2 -> "2: do not send";
            default -> Integer.toString(value);
        };
    }

    /** A subscription identifier; 0 means none. */
    static String subscriptionIdentifier(int value) {
        return value == 0 ? NONE : Integer.toString(value);
    }

    /** "1 session", "42 sessions". */
    static String sessions(long count) {
        return count + (count == 1 ? " session" : " sessions");
    }
}
