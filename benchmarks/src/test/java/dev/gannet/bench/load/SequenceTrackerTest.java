package dev.gannet.bench.load;

import org.junit.jupiter.api.Test;

import static dev.gannet.bench.load.SequenceTracker.Outcome.AFTER_GAP;
import static dev.gannet.bench.load.SequenceTracker.Outcome.DUPLICATE;
import static dev.gannet.bench.load.SequenceTracker.Outcome.IN_ORDER;
import static dev.gannet.bench.load.SequenceTracker.Outcome.LATE;
import static org.assertj.core.api.Assertions.assertThat;

class SequenceTrackerTest {

    @Test
    void aStreamInOrderLosesNothing() {
        SequenceTracker t = new SequenceTracker();
        for (long s = 0; s < 1000; s++) {
            assertThat(t.accept(s)).isEqualTo(IN_ORDER);
        }
        assertThat(t.received()).isEqualTo(1000);
        assertThat(t.lost(1000)).isZero();
        assertThat(t.duplicates()).isZero();
        assertThat(t.outOfOrder()).isZero();
    }

    @Test
    void aGapThatNeverFillsIsLost() {
        SequenceTracker t = new SequenceTracker();
        t.accept(0);
        assertThat(t.accept(5)).isEqualTo(AFTER_GAP);
        t.accept(6);
        assertThat(t.lost(7)).isEqualTo(4);
        assertThat(t.outOfOrder()).isZero();
    }

    @Test
    void aLateArrivalIsOutOfOrderNotLost() {
        SequenceTracker t = new SequenceTracker();
        t.accept(0);
        t.accept(3);
        assertThat(t.accept(2)).isEqualTo(LATE);
        assertThat(t.accept(1)).isEqualTo(LATE);
        assertThat(t.lost(4)).isZero();
        assertThat(t.outOfOrder()).isEqualTo(2);
        assertThat(t.received()).isEqualTo(4);
    }

    @Test
    void aLateArrivalInTheMiddleOfAGapSplitsIt() {
        SequenceTracker t = new SequenceTracker();
        t.accept(10);
        t.accept(4);
        assertThat(t.lost(11)).isEqualTo(9);
        assertThat(t.accept(4)).isEqualTo(DUPLICATE);
        assertThat(t.accept(0)).isEqualTo(LATE);
        assertThat(t.accept(9)).isEqualTo(LATE);
        assertThat(t.lost(11)).isEqualTo(7);
    }

    @Test
    void aRepeatIsADuplicate() {
        SequenceTracker t = new SequenceTracker();
        t.accept(0);
        t.accept(1);
        assertThat(t.accept(1)).isEqualTo(DUPLICATE);
        assertThat(t.accept(0)).isEqualTo(DUPLICATE);
        assertThat(t.duplicates()).isEqualTo(2);
        assertThat(t.received()).isEqualTo(2);
        assertThat(t.lost(2)).isZero();
    }

    @Test
    void messagesAfterTheLastReceivedAreLost() {
        SequenceTracker t = new SequenceTracker();
        t.accept(0);
        assertThat(t.lost(10)).isEqualTo(9);
        assertThat(new SequenceTracker().lost(3)).isEqualTo(3);
        assertThat(t.beyond(0)).isTrue();
        assertThat(t.beyond(1)).isFalse();
    }

    @Test
    void lossesAreSplitAtTheEndOfTheWarmUp() {
        SequenceTracker t = new SequenceTracker();
        t.accept(0);
        t.accept(3); // 1 and 2 lost, in the warm-up
        t.accept(4);
        t.accept(8); // 5, 6 and 7 lost: 5 in the warm-up, 6 and 7 after it
        // sent 12: 9, 10 and 11 never arrived
        assertThat(t.lost(12)).isEqualTo(8);
        assertThat(t.lostBelow(12, 6)).isEqualTo(3);
        assertThat(t.lostBelow(12, 0)).isZero();
        assertThat(t.lostBelow(12, 10)).isEqualTo(6);
        assertThat(t.lostBelow(12, 12)).isEqualTo(8);
    }
}
