package dev.herald.dialects.qingstor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class QingStorImageProcessorTest {
    private static final int RED = 0xff0000;
    private static final int BLUE = 0x0000ff;
    private static final int GREEN = 0x00ff00;

    /** 40×20: left half red, right half blue, a 10×10 green square in the top-left corner. */
    private static BufferedImage marked() {
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(RED));
        g.fillRect(0, 0, 20, 20);
        g.setColor(new Color(BLUE));
        g.fillRect(20, 0, 20, 20);
        g.setColor(new Color(GREEN));
        g.fillRect(0, 0, 10, 10);
        g.dispose();
        return image;
    }

    private static BufferedImage filled(int width, int height, int type, Color color) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String type) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(ImageIO.write(image, type, out)).as("ImageIO writes " + type).isTrue();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static QingStorImageResult process(BufferedImage source, String sourceType, String action) throws QingStorImageException {
        return QingStorImageProcessor.process(encode(source, sourceType), QingStorImageAction.parse(action));
    }

    private static BufferedImage decode(QingStorImageResult result) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(result.bytes()));
        assertThat(image).as("the result decodes").isNotNull();
        assertThat(image.getWidth()).isEqualTo(result.width());
        assertThat(image.getHeight()).isEqualTo(result.height());
        return image;
    }

    /** The type ImageIO detects in the bytes themselves, not the one the result claims. */
    private static String detectedType(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            return reader.getFormatName().toLowerCase(Locale.ROOT);
        }
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }

    // --- crop ---

    @ParameterizedTest(name = "{0}: {1}x{2}, top row from {3} to {4}")
    @CsvSource({
            "'crop:w_10,h_10,g_5', 10, 10, 00ff00, 00ff00",   // north-west: the green square
            "'crop:w_10,h_10,g_6', 10, 10, 0000ff, 0000ff",   // north-east: blue
            "'crop:w_10,h_10,g_7', 10, 10, ff0000, ff0000",   // south-west: red under the square
            "'crop:w_10,h_10', 10, 10, ff0000, 0000ff",       // center (x 15..24, y 5..14): red then blue
            "'crop:w_10,h_10,g_9', 10, 10, ff0000, 0000ff",   // auto: Herald crops around the center
            "'crop:w_10,h_10,g_4', 10, 10, 00ff00, 00ff00",   // west (x 0..9, y 5..14): starts in the square
            "'crop:l_30,t_0', 10, 20, 0000ff, 0000ff",        // corner: to the end of the image
            "'crop:w_5,h_5,l_18,t_10', 5, 5, ff0000, 0000ff", // corner and size
            "'crop:w_100,h_100', 40, 20, 00ff00, 0000ff",     // larger than the image: cut at its edge
            "'crop:w_100,l_35', 5, 20, 0000ff, 0000ff"})
    void crop(String action, int width, int height, String topLeft, String topRight) throws Exception {
        QingStorImageResult result = process(marked(), "png", action);
        BufferedImage image = decode(result);
        assertThat(result.width()).isEqualTo(width);
        assertThat(result.height()).isEqualTo(height);
        assertThat(rgb(image, 0, 0)).isEqualTo(Integer.parseInt(topLeft, 16));
        assertThat(rgb(image, width - 1, 0)).isEqualTo(Integer.parseInt(topRight, 16));
    }

    @Test
    void cropCornerOutsideTheImageFails() {
        assertThatThrownBy(() -> process(marked(), "png", "crop:l_40"))
                .isInstanceOf(QingStorImageException.class)
                .hasMessage("crop: the corner l_40,t_0 lies outside the 40x20 image");
    }

    // --- rotate ---

    @ParameterizedTest(name = "rotate {0}")
    @CsvSource({
            // The green square's center (5,5) goes where a clockwise turn takes it.
            "0,   40, 20, 5,  5",
            "90,  20, 40, 14, 5",
            "180, 40, 20, 34, 14",
            "270, 20, 40, 5,  34"})
    void rotateClockwise(int angle, int width, int height, int greenX, int greenY) throws Exception {
        QingStorImageResult result = process(marked(), "png", "rotate:a_" + angle);
        BufferedImage image = decode(result);
        assertThat(result.width()).isEqualTo(width);
        assertThat(result.height()).isEqualTo(height);
        assertThat(rgb(image, greenX, greenY)).isEqualTo(GREEN);
        // Exact quarter turns: the pure colours survive, no blending.
        assertThat(Arrays.stream(image.getRGB(0, 0, width, height, null, 0, width)).map(p -> p & 0xffffff).distinct())
                .containsOnly(RED, BLUE, GREEN);
    }

    // --- resize ---

    @ParameterizedTest(name = "{0} → {1}x{2}")
    @CsvSource({
            "'resize:w_20',            20, 10",
            "'resize:h_40',            80, 40",
            "'resize:w_20,m_1',        20, 10",
            "'resize:w_20,h_20',       20, 20",
            "'resize:w_20,h_20,m_0',   20, 20",
            "'resize:w_20,h_20,m_1',   20, 10",
            "'resize:w_20,h_20,m_2',   40, 20",
            "'resize:w_100,h_10,m_1',  20, 10",
            "'resize:w_100,h_10,m_2',  100, 50",
            "'resize:w_1',             1,  1"})
    void resize(String action, int width, int height) throws Exception {
        QingStorImageResult result = process(marked(), "png", action);
        decode(result);
        assertThat(result.width()).isEqualTo(width);
        assertThat(result.height()).isEqualTo(height);
    }

    @Test
    void resizeTooLargeFails() {
        assertThatThrownBy(() -> process(marked(), "png", "resize:w_16384,h_16384"))
                .isInstanceOf(QingStorImageException.class)
                .hasMessage("resize: the result would be 16384x16384 pixels; at most 50000000 pixels are processed");
    }

    @Test
    void chainedOperationsRunInOrder() throws Exception {
        QingStorImageResult result = process(marked(), "png", "crop:w_20,h_20,g_4|rotate:a_90|resize:w_10");
        BufferedImage image = decode(result);
        assertThat(result.width()).isEqualTo(10);
        assertThat(result.height()).isEqualTo(10);
        // The red half with its green corner, turned: green is now top-right.
        assertThat(rgb(image, 8, 1)).isEqualTo(GREEN);
        assertThat(rgb(image, 1, 8)).isEqualTo(RED);
    }

    // --- watermark ---

    @Test
    void watermarkDrawsTheTextBottomRight() throws Exception {
        String text = Base64.getEncoder().withoutPadding().encodeToString("Herald".getBytes(StandardCharsets.UTF_8));
        QingStorImageResult result = process(filled(200, 100, BufferedImage.TYPE_INT_RGB, Color.WHITE), "png",
                "watermark:t_" + text + ",p_1,c_I2ZmMDAwMA");
        BufferedImage image = decode(result);
        assertThat(result.width()).isEqualTo(200);
        assertThat(result.height()).isEqualTo(100);
        long reddish = 0;
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 200; x++) {
                int p = rgb(image, x, y);
                if (p != 0xffffff) {
                    assertThat(x).as("text pixel x").isGreaterThan(100);
                    assertThat(y).as("text pixel y").isGreaterThan(50);
                    if ((p & 0xff) < 0x80 && (p >> 16) > 0xc0) {
                        reddish++;
                    }
                }
            }
        }
        assertThat(reddish).as("red text pixels").isGreaterThan(20);
    }

    @Test
    void watermarkOpacityBlends() throws Exception {
        String text = Base64.getEncoder().withoutPadding().encodeToString("WWWW".getBytes(StandardCharsets.UTF_8));
        QingStorImageResult faint = process(filled(200, 100, BufferedImage.TYPE_INT_RGB, Color.WHITE), "png",
                "watermark:t_" + text + ",p_0.25,d_600");
        BufferedImage image = decode(faint);
        int darkest = 0xff;
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 200; x++) {
                darkest = Math.min(darkest, rgb(image, x, y) & 0xff);
            }
        }
        // Black at a quarter opacity on white: never darker than three quarters white.
        assertThat(darkest).isBetween(0xbf - 2, 0xfe);
    }

    // --- format ---

    @ParameterizedTest(name = "{0} source, {1} → {2}")
    @CsvSource({
            "png,  'rotate:a_0',             png,  image/png",
            "jpeg, 'rotate:a_0',             jpeg, image/jpeg",
            "gif,  'rotate:a_0',             gif,  image/gif",
            "bmp,  'rotate:a_0',             bmp,  image/bmp",
            "png,  'format:t_jpeg',          jpeg, image/jpeg",
            "jpeg, 'format:t_png',           png,  image/png",
            "png,  'format:t_tiff',          tiff, image/tiff",
            "png,  'format:t_jpeg|format:t_png', png, image/png"})
    void outputType(String sourceType, String action, String type, String contentType) throws Exception {
        QingStorImageResult result = process(marked(), sourceType, action);
        assertThat(result.format()).isEqualTo(type);
        assertThat(result.contentType()).isEqualTo(contentType);
        assertThat(detectedType(result.bytes())).isIn(type, type.equals("tiff") ? "tif" : type);
        decode(result);
        assertThat(result.size()).isEqualTo(result.bytes().length);
    }

    @Test
    void jpegOutputFlattensTransparencyOntoWhite() throws Exception {
        BufferedImage transparent = filled(20, 20, BufferedImage.TYPE_INT_ARGB, new Color(0, 0, 0, 0));
        BufferedImage image = decode(process(transparent, "png", "format:t_jpeg"));
        assertThat(rgb(image, 10, 10) & 0xff).isGreaterThan(0xf0);
    }

    @Test
    void webpFailsClearlyWithoutAWriter() {
        assumeThat(QingStorImageProcessor.canWrite("webp")).as("this runtime has no WebP writer").isFalse();
        assertThatThrownBy(() -> process(marked(), "png", "format:t_webp"))
                .isInstanceOf(QingStorImageException.class)
                .hasMessage("this Herald cannot write webp images: its Java runtime has no ImageIO writer for webp; "
                        + "use format:t_jpeg or format:t_png");
    }

    // --- info ---

    @Test
    void infoDescribesTheImageInQingStorsFieldNames() throws Exception {
        QingStorImageResult info = process(marked(), "png", "info");
        assertThat(info.format()).isEqualTo("json");
        assertThat(info.contentType()).isEqualTo("application/json");
        assertThat(new String(info.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"width\":40,\"height\":20,\"alpha\":false,\"type\":\"png\",\"space\":\"srgb\"}");
        assertThat(info.width()).isEqualTo(40);
        assertThat(info.height()).isEqualTo(20);
    }

    @Test
    void infoAfterOtherOperationsDescribesTheirResult() throws Exception {
        QingStorImageResult info = process(filled(30, 10, BufferedImage.TYPE_INT_ARGB, Color.RED), "png",
                "rotate:a_90|format:t_tiff|info");
        assertThat(new String(info.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"width\":10,\"height\":30,\"alpha\":true,\"type\":\"tiff\",\"space\":\"srgb\"}");
    }

    @Test
    void infoOfAGreyJpeg() throws Exception {
        QingStorImageResult info = process(filled(16, 8, BufferedImage.TYPE_BYTE_GRAY, Color.GRAY), "jpeg", "info");
        assertThat(new String(info.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"width\":16,\"height\":8,\"alpha\":false,\"type\":\"jpeg\",\"space\":\"b-w\"}");
    }

    // --- refusals ---

    @Test
    void sourcesOverTenMegabytesAreRefusedUnread() {
        byte[] large = new byte[QingStorImageProcessor.MAX_SOURCE_BYTES + 1];
        assertThatThrownBy(() -> QingStorImageProcessor.process(large, QingStorImageAction.parse("info")))
                .isInstanceOf(QingStorImageException.class)
                .hasMessage("the object is 10485761 bytes; image processing takes at most 10485760 bytes (10 MB)");
    }

    @Test
    void exactlyTenMegabytesIsStillRead() {
        byte[] limit = new byte[QingStorImageProcessor.MAX_SOURCE_BYTES];
        assertThatThrownBy(() -> QingStorImageProcessor.process(limit, QingStorImageAction.parse("info")))
                .hasMessageStartingWith("the object is not an image");
    }

    @Test
    void nonImagesAreRefused() {
        assertThatThrownBy(() -> QingStorImageProcessor.process("hello, not an image".getBytes(StandardCharsets.UTF_8),
                QingStorImageAction.parse("info")))
                .isInstanceOf(QingStorImageException.class)
                .hasMessage("the object is not an image Herald can read (jpeg, png, gif, bmp, tiff)");
    }

    @Test
    void truncatedImagesAreRefused() {
        byte[] png = encode(marked(), "png");
        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> QingStorImageProcessor.process(truncated, QingStorImageAction.parse("rotate:a_90")))
                .isInstanceOf(QingStorImageException.class)
                .hasMessageStartingWith("the object could not be decoded as an image: ");
    }

    @Test
    void hugeCanvasesAreRefusedBeforeDecoding() {
        assertThatThrownBy(() -> QingStorImageProcessor.process(pngHeader(20_000, 20_000), QingStorImageAction.parse("info")))
                .isInstanceOf(QingStorImageException.class)
                .hasMessage("the image would be 20000x20000 pixels; at most 50000000 pixels are processed");
    }

    /** A PNG signature and IHDR chunk declaring a {@code width}×{@code height} RGB image, and nothing else. */
    private static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4)
                .put(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue())
                .array();
    }
}
