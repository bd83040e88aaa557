-- Gannet metadata: the same migrations run on the embedded H2 database (PostgreSQL mode) and on
-- PostgreSQL in cluster mode, so only SQL both accept belongs here. Times are epoch milliseconds.

-- MQTT client credentials, TBMQ's model: the matching key (credentials_id) is derived from the type
-- (user name and/or client id for MQTT_BASIC, certificate CN for X_509, user name for SCRAM); the
-- secrets and authorization rules are a JSON document in credentials_value.
CREATE TABLE mqtt_credentials (
    id                VARCHAR(36)   NOT NULL PRIMARY KEY,
    name              VARCHAR(255)  NOT NULL,
    credentials_type  VARCHAR(16)   NOT NULL,
    client_type       VARCHAR(16)   NOT NULL,
    credentials_id    VARCHAR(1024) NOT NULL,
    credentials_value TEXT          NOT NULL,
    created_at        BIGINT        NOT NULL,
    updated_at        BIGINT        NOT NULL,
    CONSTRAINT mqtt_credentials_credentials_id_unique UNIQUE (credentials_id),
    CONSTRAINT mqtt_credentials_type_check CHECK (credentials_type IN ('MQTT_BASIC', 'X_509', 'SCRAM')),
    CONSTRAINT mqtt_credentials_client_type_check CHECK (client_type IN ('DEVICE', 'APPLICATION'))
);

-- Administrators of the management endpoint and the console.
CREATE TABLE admin_users (
    username      VARCHAR(255) NOT NULL PRIMARY KEY,
    password_hash VARCHAR(255) NOT NULL,
    created_at    BIGINT       NOT NULL
);

-- The last known facts about each client, connected or not.
CREATE TABLE client_details (
    client_id            VARCHAR(65535) NOT NULL PRIMARY KEY,
    client_type          VARCHAR(16)    NOT NULL,
    username             VARCHAR(65535),
    protocol_version     VARCHAR(16)    NOT NULL,
    remote_address       VARCHAR(255)   NOT NULL,
    node_id              VARCHAR(255)   NOT NULL,
    connected            BOOLEAN        NOT NULL,
    last_connected_at    BIGINT         NOT NULL,
    last_disconnected_at BIGINT
);

-- Broker figures sampled over time (throughput, sessions...), per node, for the management history.
CREATE TABLE broker_statistics (
    node_id VARCHAR(255) NOT NULL,
    name    VARCHAR(128) NOT NULL,
    sampled_at BIGINT    NOT NULL,
    reading BIGINT       NOT NULL,
    PRIMARY KEY (node_id, name, sampled_at)
);
