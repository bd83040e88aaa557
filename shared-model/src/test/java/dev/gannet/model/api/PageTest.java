package dev.gannet.model.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PageTest {

    @Test
    void pages_cut_a_list_and_count_all_of_it() {
        List<Integer> all = List.of(1, 2, 3, 4, 5);
        assertThat(Page.of(all, 0, 2).items()).containsExactly(1, 2);
        assertThat(Page.of(all, 2, 2).items()).containsExactly(5);
        assertThat(Page.of(all, 7, 2).items()).isEmpty();
        assertThat(Page.of(all, 1, 2).total()).isEqualTo(5);
        assertThat(Page.of(all, 1, 2).totalPages()).isEqualTo(3);
        assertThat(Page.of(all, Integer.MAX_VALUE, 1000).items()).as("no overflow").isEmpty();
    }
}
