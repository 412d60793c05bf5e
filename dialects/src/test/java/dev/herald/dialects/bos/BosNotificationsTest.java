package dev.herald.dialects.bos;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BosNotificationsTest {
    private static final BosNotifications MINIMAL = new BosNotifications(List.of(new BosNotifications.Rule("r1", null, "a",
            "disabled", List.of("/"), List.of("DeleteObject"),
            List.of(new BosNotifications.App(null, "app:ImageOcr", null, "https://ocr.example.com/bos")), null)));

    @Test
    void theApiFormLeavesOutAbsentFieldsAndTheDeliveryUrl() {
        assertThat(MINIMAL.toApiJson()).isEqualTo("{\"notifications\":[{\"id\":\"r1\",\"appId\":\"a\",\"status\":\"disabled\","
                + "\"resources\":[\"/\"],\"events\":[\"DeleteObject\"],\"apps\":[{\"eventUrl\":\"app:ImageOcr\"}]}]}");
    }

    @Test
    void theStoredFormKeepsTheDeliveryUrlAndReadsBack() {
        String stored = MINIMAL.toStoredJson();
        assertThat(stored).isEqualTo("{\"notifications\":[{\"id\":\"r1\",\"appId\":\"a\",\"status\":\"disabled\","
                + "\"resources\":[\"/\"],\"events\":[\"DeleteObject\"],"
                + "\"apps\":[{\"eventUrl\":\"app:ImageOcr\",\"deliveryUrl\":\"https://ocr.example.com/bos\"}]}]}");
        assertThat(BosNotifications.fromStoredJson(stored)).isEqualTo(MINIMAL);
    }

    @Test
    void unreadableStoredRulesAreAnError() {
        assertThatThrownBy(() -> BosNotifications.fromStoredJson("{\"notifications\":"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("stored BOS rules are not readable: ");
    }
}
