package dev.gannet.broker.metadata;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * The tables of {@code db/migration} as typed jOOQ references, declared by hand: the schema is
 * small, and declaring it beats running a database during the build to generate code. Columns are
 * qualified by their table, which jOOQ's MERGE emulation of upserts on H2 needs.
 */
final class MetadataTables {

    private MetadataTables() {
    }

    static final class Credentials {
        static final Table<Record> TABLE = table(name("mqtt_credentials"));
        static final Field<String> ID = field(name("mqtt_credentials", "id"), SQLDataType.VARCHAR(36));
        static final Field<String> NAME = field(name("mqtt_credentials", "name"), SQLDataType.VARCHAR(255));
        static final Field<String> CREDENTIALS_TYPE = field(name("mqtt_credentials", "credentials_type"), SQLDataType.VARCHAR(16));
        static final Field<String> CLIENT_TYPE = field(name("mqtt_credentials", "client_type"), SQLDataType.VARCHAR(16));
        static final Field<String> CREDENTIALS_ID = field(name("mqtt_credentials", "credentials_id"), SQLDataType.VARCHAR(1024));
        static final Field<String> CREDENTIALS_VALUE = field(name("mqtt_credentials", "credentials_value"), SQLDataType.CLOB);
        static final Field<Long> CREATED_AT = field(name("mqtt_credentials", "created_at"), SQLDataType.BIGINT);
        static final Field<Long> UPDATED_AT = field(name("mqtt_credentials", "updated_at"), SQLDataType.BIGINT);

        private Credentials() {
        }
    }

    static final class ClientDetails {
        static final Table<Record> TABLE = table(name("client_details"));
        static final Field<String> CLIENT_ID = field(name("client_details", "client_id"), SQLDataType.VARCHAR);
        static final Field<String> CLIENT_TYPE = field(name("client_details", "client_type"), SQLDataType.VARCHAR(16));
        static final Field<String> USERNAME = field(name("client_details", "username"), SQLDataType.VARCHAR);
        static final Field<String> PROTOCOL_VERSION = field(name("client_details", "protocol_version"), SQLDataType.VARCHAR(16));
        static final Field<String> REMOTE_ADDRESS = field(name("client_details", "remote_address"), SQLDataType.VARCHAR(255));
        static final Field<String> NODE_ID = field(name("client_details", "node_id"), SQLDataType.VARCHAR(255));
        static final Field<Boolean> CONNECTED = field(name("client_details", "connected"), SQLDataType.BOOLEAN);
        static final Field<Long> LAST_CONNECTED_AT = field(name("client_details", "last_connected_at"), SQLDataType.BIGINT);
        static final Field<Long> LAST_DISCONNECTED_AT = field(name("client_details", "last_disconnected_at"), SQLDataType.BIGINT);

        private ClientDetails() {
        }
    }

    static final class AdminUsers {
        static final Table<Record> TABLE = table(name("admin_users"));
        static final Field<String> USERNAME = field(name("admin_users", "username"), SQLDataType.VARCHAR(255));
        static final Field<String> PASSWORD_HASH = field(name("admin_users", "password_hash"), SQLDataType.VARCHAR(255));
        static final Field<Long> CREATED_AT = field(name("admin_users", "created_at"), SQLDataType.BIGINT);

        private AdminUsers() {
        }
    }

    static final class Statistics {
        static final Table<Record> TABLE = table(name("broker_statistics"));
        static final Field<String> NODE_ID = field(name("broker_statistics", "node_id"), SQLDataType.VARCHAR(255));
        static final Field<String> NAME = field(name("broker_statistics", "name"), SQLDataType.VARCHAR(128));
        static final Field<Long> SAMPLED_AT = field(name("broker_statistics", "sampled_at"), SQLDataType.BIGINT);
        static final Field<Long> READING = field(name("broker_statistics", "reading"), SQLDataType.BIGINT);

        private Statistics() {
        }
    }

    static final class Blocked {
        static final Table<Record> TABLE = table(name("blocked_clients"));
        static final Field<String> ID = field(name("blocked_clients", "id"), SQLDataType.VARCHAR(36));
        static final Field<String> BLOCK_TYPE = field(name("blocked_clients", "block_type"), SQLDataType.VARCHAR(16));
        static final Field<String> PATTERN = field(name("blocked_clients", "pattern"), SQLDataType.VARCHAR(1024));
        static final Field<String> REGEX_TARGET = field(name("blocked_clients", "regex_target"), SQLDataType.VARCHAR(16));
        static final Field<String> DESCRIPTION = field(name("blocked_clients", "description"), SQLDataType.VARCHAR(1024));
        static final Field<Long> EXPIRES_AT = field(name("blocked_clients", "expires_at"), SQLDataType.BIGINT);
        static final Field<Long> CREATED_AT = field(name("blocked_clients", "created_at"), SQLDataType.BIGINT);

        private Blocked() {
        }
    }

    static final class Unauthorized {
        static final Table<Record> TABLE = table(name("unauthorized_clients"));
        static final Field<String> CLIENT_ID = field(name("unauthorized_clients", "client_id"), SQLDataType.VARCHAR);
        static final Field<String> REMOTE_ADDRESS = field(name("unauthorized_clients", "remote_address"), SQLDataType.VARCHAR(255));
        static final Field<String> USERNAME = field(name("unauthorized_clients", "username"), SQLDataType.VARCHAR);
        static final Field<Boolean> PASSWORD_PROVIDED = field(name("unauthorized_clients", "password_provided"), SQLDataType.BOOLEAN);
        static final Field<String> REASON = field(name("unauthorized_clients", "reason"), SQLDataType.VARCHAR(1024));
        static final Field<Long> ATTEMPTED_AT = field(name("unauthorized_clients", "attempted_at"), SQLDataType.BIGINT);

        private Unauthorized() {
        }
    }
}
