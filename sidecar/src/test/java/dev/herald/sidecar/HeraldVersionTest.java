package dev.herald.sidecar;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeraldVersionTest {

    @Test
    void isThePomsVersion() {
        // herald.pom.version: ${project.version}, passed by surefire (sidecar/pom.xml).
        assertThat(HeraldVersion.current()).isEqualTo(System.getProperty("herald.pom.version"))
                .matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?");
    }
}
