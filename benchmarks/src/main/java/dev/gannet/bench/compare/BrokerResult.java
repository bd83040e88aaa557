package dev.gannet.bench.compare;

import dev.gannet.bench.load.RunResult;

/**
 * One run's figures and the broker they belong to.
 *
 * @param run which of the repeated runs against one broker process this is, from 1
 */
record BrokerResult(String broker, int run, RunResult result) {

    BrokerResult(String broker, RunResult result) {
        this(broker, 1, result);
    }
}
