package dev.gannet.broker.mqtt;

/**
 * A pipeline event: close this connection from outside its own flow, because an administrator
 * asked (management "disconnect") or because its session moved to another node of the cluster.
 */
record AdministrativeDisconnect(String why, boolean takenOver) {

    AdministrativeDisconnect(String why) {
        this(why, false);
    }
}
