package dev.gannet.broker.mqtt;

/** A pipeline event: an administrator asked to close this connection (management "disconnect"). */
record AdministrativeDisconnect(String why) {
}
