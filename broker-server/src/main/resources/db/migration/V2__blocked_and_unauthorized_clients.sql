-- Clients refused before their credentials are even looked at: by client id, user name, IP address,
-- or a regular expression over one of those; each block may expire (expires_at null: never).
CREATE TABLE blocked_clients (
    id           VARCHAR(36)   NOT NULL PRIMARY KEY,
    block_type   VARCHAR(16)   NOT NULL,
    pattern      VARCHAR(1024) NOT NULL,
    regex_target VARCHAR(16),
    description  VARCHAR(1024),
    expires_at   BIGINT,
    created_at   BIGINT        NOT NULL,
    CONSTRAINT blocked_clients_type_check CHECK (block_type IN ('CLIENT_ID', 'USERNAME', 'IP_ADDRESS', 'REGEX')),
    CONSTRAINT blocked_clients_target_check CHECK (regex_target IS NULL OR regex_target IN ('CLIENT_ID', 'USERNAME', 'IP_ADDRESS'))
);

-- The last refused CONNECT of each client id: who, from where, and why.
CREATE TABLE unauthorized_clients (
    client_id         VARCHAR(65535) NOT NULL PRIMARY KEY,
    remote_address    VARCHAR(255)   NOT NULL,
    username          VARCHAR(65535),
    password_provided BOOLEAN        NOT NULL,
    reason            VARCHAR(1024)  NOT NULL,
    attempted_at      BIGINT         NOT NULL
);
