package dev.gannet.broker.cluster;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.message.PublishProperties;
import dev.gannet.broker.message.UserProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DownlinkCommandTest {

    private static DownlinkCommand roundTrip(DownlinkCommand command) throws IOException {
        return DownlinkCommand.decode(DownlinkCommand.encode(command));
    }

    @Test
    void a_delivery_crosses_the_downlink_with_every_detail_of_its_message() throws IOException {
        Message message = new Message("plant/line-1", new byte[] {1, 2, 3}, 2, true, "sensor-7", 1_000, 61_000,
                new PublishProperties(1, "text/plain", "replies/7", new byte[] {9}, List.of(new UserProperty("k", "v"))));
        DownlinkCommand.Deliver sent = new DownlinkCommand.Deliver("dashboard", 42, 1, true, List.of(5, 268_435_455), message);
        DownlinkCommand.Deliver received = (DownlinkCommand.Deliver) roundTrip(sent);
        assertThat(received).usingRecursiveComparison().isEqualTo(sent);
    }

    @Test
    void takeover_request_and_answer_cross_the_downlink() throws IOException {
        DownlinkCommand.TakeOver request = new DownlinkCommand.TakeOver("mover", "req-1", "node-b", true);
        assertThat(roundTrip(request)).isEqualTo(request);
        DownlinkCommand.TakenOver answer = new DownlinkCommand.TakenOver("mover", "req-1");
        assertThat(roundTrip(answer)).isEqualTo(answer);
    }

    @Test
    void an_unknown_command_is_refused_not_guessed() {
        assertThatThrownBy(() -> DownlinkCommand.decode(new byte[] {99})).isInstanceOf(IOException.class)
                .hasMessageContaining("unknown downlink command 99");
    }
}
