package dev.herald.dialects.qingstor;

import dev.herald.dialects.qingstor.QingStorImageAction.Crop;
import dev.herald.dialects.qingstor.QingStorImageAction.Format;
import dev.herald.dialects.qingstor.QingStorImageAction.Gravity;
import dev.herald.dialects.qingstor.QingStorImageAction.Info;
import dev.herald.dialects.qingstor.QingStorImageAction.Resize;
import dev.herald.dialects.qingstor.QingStorImageAction.ResizeMode;
import dev.herald.dialects.qingstor.QingStorImageAction.Rotate;
import dev.herald.dialects.qingstor.QingStorImageAction.Watermark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QingStorImageActionTest {

    @Test
    void qingStorsOwnExamplesParse() {
        // image_process/_index.md, crop.md, resize.md, rotate.md, watermark.md, format.md, info.md
        assertThat(QingStorImageAction.parse("resize:w_300,h_400|rotate:a_90").operations())
                .containsExactly(new Resize(300, 400, ResizeMode.FIXED), new Rotate(90));
        assertThat(QingStorImageAction.parse("crop:w_300,h_400,g_0").operations())
                .containsExactly(new Crop(300, 400, Gravity.CENTER, false, 0, 0));
        assertThat(QingStorImageAction.parse("crop:w_300,h_400,l_0,t_0").operations())
                .containsExactly(new Crop(300, 400, Gravity.CENTER, true, 0, 0));
        assertThat(QingStorImageAction.parse("resize:w_300,h_400,m_0").operations())
                .containsExactly(new Resize(300, 400, ResizeMode.FIXED));
        assertThat(QingStorImageAction.parse("watermark:t_5rC05Y2w5paH5a2X,p_0.5").operations())
                .containsExactly(new Watermark("水印文字", 150, 0.5f, 0x000000));
        assertThat(QingStorImageAction.parse("format:t_webp").operations()).containsExactly(new Format("webp"));
        assertThat(QingStorImageAction.parse("info").operations()).containsExactly(new Info());
    }

    @Test
    void defaultsAndAllParameters() {
        assertThat(QingStorImageAction.parse("crop:w_10").operations())
                .containsExactly(new Crop(10, null, Gravity.CENTER, false, 0, 0));
        assertThat(QingStorImageAction.parse("crop:h_5,g_8").operations())
                .containsExactly(new Crop(null, 5, Gravity.SOUTH_EAST, false, 0, 0));
        assertThat(QingStorImageAction.parse("crop:t_7").operations())
                .containsExactly(new Crop(null, null, Gravity.CENTER, true, 0, 7));
        assertThat(QingStorImageAction.parse("resize:h_50,m_2").operations())
                .containsExactly(new Resize(null, 50, ResizeMode.COVER));
        // "#ff0000" is I2ZmMDAwMA in base64 without '='; "Hi" is SGk (standard) — URL-safe works too.
        assertThat(QingStorImageAction.parse("watermark:d_300,p_1,t_SGk,c_I2ZmMDAwMA").operations())
                .containsExactly(new Watermark("Hi", 300, 1f, 0xff0000));
        assertThat(QingStorImageAction.parse("watermark:t_5rC05Y2w5paH5a2X==").operations())
                .containsExactly(new Watermark("水印文字", 150, 0.25f, 0x000000));
        assertThat(QingStorImageAction.parse("watermark:t_Pz8_").operations())
                .containsExactly(new Watermark("???", 150, 0.25f, 0x000000));
    }

    @Test
    void chainsRunInOrderAndKnowTheirOutput() {
        QingStorImageAction action = QingStorImageAction.parse("format:t_png|crop:w_10|format:t_jpeg");
        assertThat(action.operations()).hasSize(3);
        assertThat(action.outputFormat()).contains("jpeg");
        assertThat(action.isInfo()).isFalse();
        assertThat(action.text()).isEqualTo("format:t_png|crop:w_10|format:t_jpeg");

        QingStorImageAction info = QingStorImageAction.parse("resize:w_10 ｜ info");
        assertThat(info.operations()).containsExactly(new Resize(10, null, ResizeMode.FIXED), new Info());
        assertThat(info.isInfo()).isTrue();
        assertThat(info.outputFormat()).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
            "\"\" => is empty",
            "blur:r_3 => operation 1 (blur) is not an image operation; allowed: info, crop, rotate, resize, watermark, format",
            "resize:w_1| => operation 2 (empty) is not an image operation",
            "info|rotate:a_90 => operation 1 (info) must be the last one",
            "info:w_1 => operation 1 (info): takes no parameters, but has w",
            "crop:w_10,g_1,l_5 => operation 1 (crop): g cannot be combined with l or t",
            "crop:w_0 => operation 1 (crop): w_0 is not allowed; w must be a whole number from 1 to 16384",
            "crop:w_16385 => w must be a whole number from 1 to 16384",
            "crop:g_10 => g_10 is not allowed; g must be a whole number from 0 to 9",
            "crop:l_-1 => l_-1 is not allowed",
            "crop:x_1 => operation 1 (crop): has no parameter x; allowed: g, h, l, t, w",
            "crop:w_1,w_2 => operation 1 (crop): gives w twice",
            "crop:w1 => operation 1 (crop): 'w1' is not a parameter like w_300",
            "rotate => operation 1 (rotate): a (the clockwise angle: 0, 90, 180 or 270) is required",
            "rotate:a_45 => operation 1 (rotate): a_45 is not allowed; a must be 0, 90, 180 or 270",
            "rotate:a_360 => a_360 is not allowed; a must be a whole number from 0 to 270",
            "rotate:a_ninety => a_ninety is not allowed",
            "resize:m_1 => operation 1 (resize): needs w, h or both",
            "resize:w_10,m_3 => m_3 is not allowed; m must be a whole number from 0 to 2",
            "resize:w_1.5 => w_1.5 is not allowed",
            "watermark:p_0.5 => operation 1 (watermark): t (the text, base64 encoded without trailing '=') is required",
            "watermark:t_!!! => operation 1 (watermark): t is not base64",
            "watermark:t_IA => t must decode to 1 to 256 characters of text",
            "watermark:t_SGk,p_0 => p_0 is not allowed; the opacity p must be a number in (0, 1]",
            "watermark:t_SGk,p_1.5 => p_1.5 is not allowed",
            "watermark:t_SGk,d_0 => d_0 is not allowed; d must be a whole number from 1 to 1200",
            "watermark:t_SGk,c_cmVk => c must be the base64 of a colour like #ff0000, but decodes to 'red'",
            "format:t_gif => operation 1 (format): t must be one of jpeg, png, webp, tiff, not 'gif'",
            "format => t must be one of jpeg, png, webp, tiff",
            "watermark_image:u_aHR0cA => operation 1 (watermark_image) is not supported by Herald: it would download",
            "save:b_x,k_y => operation 1 (save) is not needed: the rule's cloudfunc_args save_bucket",
            "rotate:a_90|rotate:a_90|rotate:a_90|rotate:a_90|rotate:a_90|rotate:a_90|rotate:a_90|rotate:a_90|rotate:a_90|rotate:a_90|rotate:a_90"
                    + " => has 11 operations; at most 10 are allowed"})
    void refusesWithAClearReason(String action, String reason) {
        assertThatThrownBy(() -> QingStorImageAction.parse(action))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}
