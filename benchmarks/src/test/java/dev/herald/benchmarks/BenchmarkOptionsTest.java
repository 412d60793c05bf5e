package dev.herald.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ./herald bench}'s arguments as {@link BenchmarkOptions#parse} reads them. */
class BenchmarkOptionsTest {

    @Test
    void clusterIsARunOfItsOwnWithTheEventsGiven() {
        BenchmarkOptions o = BenchmarkOptions.parse(new String[]{"--cluster", "5000", "--keep"});
        assertThat(o.cluster()).isTrue();
        assertThat(o.events()).isEqualTo(5_000);
        assertThat(o.keep()).isTrue();
        assertThat(o.backlog()).isZero();
        assertThat(o.reconcile()).isZero();
        assertThat(o.jvm()).isEqualTo(BenchmarkOptions.DEFAULT_JVM);
        assertThat(BenchmarkOptions.parse(new String[]{"--cluster"}).events()).isEqualTo(20_000);
    }

    @Test
    void withoutClusterTheStandardFiguresRun() {
        BenchmarkOptions o = BenchmarkOptions.parse(new String[]{"400"});
        assertThat(o.cluster()).isFalse();
        assertThat(o.events()).isEqualTo(400);
    }

    @Test
    void clusterDoesNotCombineWithAnotherRun() {
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[]{"--cluster", "--backlog", "10"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--cluster");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[]{"--reconcile", "10", "--cluster"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runs of their own");
    }
}
