package dev.gannet.broker.subscription;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The members of one shared subscription ({@code $share/{name}/{filter}}): each matching message
 * goes to one member, chosen round-robin.
 *
 * <p>The member list is an immutable snapshot replaced by the topic tree under its write lock,
 * so picking needs no lock.
 */
public final class SharedGroup<S> {

    private final String name;
    private final String filter;
    private volatile List<Subscription<S>> members = List.of();
    private final AtomicInteger next = new AtomicInteger();

    SharedGroup(String name, String filter) {
        this.name = name;
        this.filter = filter;
    }

    public String name() {
        return name;
    }

    public String filter() {
        return filter;
    }

    public List<Subscription<S>> members() {
        return members;
    }

    void members(List<Subscription<S>> members) {
        this.members = List.copyOf(members);
    }

    /**
     * The next member in round-robin order that satisfies {@code preferred} (say, "is connected");
     * when none does, the next member that satisfies {@code acceptable} (say, "keeps a queue while
     * offline"); null when neither finds one.
     */
    public Subscription<S> pick(Predicate<S> preferred, Predicate<S> acceptable) {
        List<Subscription<S>> snapshot = members;
        int size = snapshot.size();
        if (size == 0) {
            return null;
        }
        int start = Math.floorMod(next.getAndIncrement(), size);
        for (int i = 0; i < size; i++) {
            Subscription<S> candidate = snapshot.get((start + i) % size);
            if (preferred.test(candidate.subscriber())) {
                return candidate;
            }
        }
        for (int i = 0; i < size; i++) {
            Subscription<S> candidate = snapshot.get((start + i) % size);
            if (acceptable.test(candidate.subscriber())) {
                return candidate;
            }
        }
        return null;
    }
}
