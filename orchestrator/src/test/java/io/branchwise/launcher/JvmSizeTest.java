package io.branchwise.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JvmSizeTest {
    @Test
    void readsSizesAsXmxDoes() {
        assertThat(JvmSize.bytes("96m")).isEqualTo(96L * 1024 * 1024);
        assertThat(JvmSize.bytes("2G")).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(JvmSize.bytes("512k")).isEqualTo(512L * 1024);
        assertThat(JvmSize.bytes("1t")).isEqualTo(1L << 40);
        assertThat(JvmSize.bytes("4096")).isEqualTo(4096);
    }

    @Test
    void refusesWhatTheJvmWouldRefuse() {
        for (String bad : new String[]{"", "m", "1.5g", "-1g", "+1g", " 1g", "1 g", "\u0661g", "0", "lots", "99999999999999999t"}) {
            assertThatThrownBy(() -> JvmSize.bytes(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a memory size is a positive number with k, m, g or t");
        }
        assertThatThrownBy(() -> LocalTrainerLauncher.Settings.defaults(java.util.List.of()).withHeap("1.5g"))
                .as("refused when the launcher is set up, not at its first check").hasMessageContaining("1.5g");
    }
}
