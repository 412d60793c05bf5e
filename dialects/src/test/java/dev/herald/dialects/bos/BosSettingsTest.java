package dev.herald.dialects.bos;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BosSettingsTest {
    @Test
    void mapsPlatformEventUrlsToHttpUrls() {
        BosSettings s = new BosSettings("bj.bcebos.com", Map.of("app:ImageOcr", "https://ocr.example.com/bos",
                "brn:bce:cfc:bj:1:function:f:$LATEST", "http://cfc.example.com/f"), "bos.example.com");
        assertThat(s.appUrls()).hasSize(2);
        assertThat(new BosSettings(null, null, null).appUrls()).isEmpty();
    }

    @Test
    void refusesAMappingOfAnHttpEventUrl() {
        assertThatThrownBy(() -> new BosSettings(null, Map.of("http://a.example/", "http://b.example/"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dialects.bos.appUrls['http://a.example/']: only brn: and app: eventUrls need a mapping");
    }

    @Test
    void refusesATargetThatIsNotAnHttpUrl() {
        assertThatThrownBy(() -> new BosSettings(null, Map.of("app:ImageOcr", "ftp://ocr.example.com/"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dialects.bos.appUrls['app:ImageOcr'] maps to 'ftp://ocr.example.com/', which is not an "
                        + "absolute http(s) URL with a host");
    }
}
