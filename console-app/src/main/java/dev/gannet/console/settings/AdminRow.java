package dev.gannet.console.settings;

import dev.gannet.model.api.AdminUser;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One administrator as the table shows it.
 *
 * @param created local date and time
 */
public record AdminRow(String username, String created) {

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    static AdminRow of(AdminUser admin) {
        return new AdminRow(admin.username(), LOCAL_TIME.format(Instant.ofEpochMilli(admin.createdAt())));
    }
}
