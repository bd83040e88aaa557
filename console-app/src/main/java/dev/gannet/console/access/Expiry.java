package dev.gannet.console.access;

/** When a new block ends. */
public enum Expiry {
    /** Until removed. */
    NEVER("never"),
    /** A number of hours after it is added ("after [24] hours"). */
    HOURS("after"),
    /** At the end of a chosen day, local time ("at the end of [date]"). */
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
