package dev.gannet.bench.compare;

import dev.gannet.bench.load.RunResult;

/** One run's figures and the broker they belong to. */
record BrokerResult(String broker, RunResult result) {
}
