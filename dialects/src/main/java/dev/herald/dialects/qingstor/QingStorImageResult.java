package dev.herald.dialects.qingstor;

/**
 * What an image action produced.
 *
 * @param bytes       the encoded image, or the JSON document of an {@code info} action
 * @param format      {@code jpeg}, {@code png}, {@code tiff}, {@code gif}, {@code bmp}, or {@code json} for {@code info}
 * @param contentType the MIME type to store the result with
 * @param width       width of the result image (of the described image for {@code info})
 * @param height      height likewise
 */
public record QingStorImageResult(byte[] bytes, String format, String contentType, int width, int height) {

    /** Size of the result in bytes. */
    public int size() {
        return bytes.length;
    }
}
