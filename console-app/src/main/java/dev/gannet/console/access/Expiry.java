package dev.gannet.console.access;

/** When a new block ends. */
public enum Expiry {
    /** Until removed. */
    NEVER("never"),
    /** A number of hours from when it is added. */
    HOURS("in … hours"),
    /** At the end of a chosen day, local time. */
    DATE("at the end of");

    private final String label;

    Expiry(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
