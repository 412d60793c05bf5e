package dev.herald.dialects.qingstor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.dialects.qingstor.QingStorImageAction.Crop;
import dev.herald.dialects.qingstor.QingStorImageAction.Format;
import dev.herald.dialects.qingstor.QingStorImageAction.Info;
import dev.herald.dialects.qingstor.QingStorImageAction.Resize;
import dev.herald.dialects.qingstor.QingStorImageAction.Rotate;
import dev.herald.dialects.qingstor.QingStorImageAction.Watermark;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs an {@link QingStorImageAction} on image bytes with {@code javax.imageio} and
 * {@code java.awt} only. A pure function: bytes in, bytes out, no files (ImageIO's disk cache is
 * bypassed) and no network.
 *
 * <p>Limits: sources over {@value #MAX_SOURCE_BYTES} bytes are refused (QingStor's 10 MB); so are
 * sources, and results, of more than {@value #MAX_PIXELS} pixels, which would take hundreds of
 * megabytes of memory to decode or draw (a small PNG can declare a huge canvas).
 *
 * <p>Herald's choices where QingStor is silent:
 * <ul>
 *   <li>Without a {@code format} operation the result has the source's type if Herald can write
 *       it (jpeg, png, tiff, gif, bmp), otherwise png.</li>
 *   <li>JPEG has no transparency: transparent pixels are flattened onto white. Of an animated GIF
 *       only the first frame is processed.</li>
 *   <li>{@code webp} is written only if the runtime has an ImageIO WebP writer, which the JDK does
 *       not; otherwise the action fails with a message saying so ({@link #canWrite}).</li>
 *   <li>A crop region reaching past the image is cut at its edge; a corner outside the image fails.</li>
 *   <li>Text watermarks are drawn in the bottom-right corner, half a text height from the edges, in
 *       a 12-point sans-serif font at {@code d} dots per inch (the default 150 gives 25-pixel text).
 *       QingStor's table calls {@code d} a size in twips while naming it dpi; read as twips the
 *       default would be 7.5-point text, which is why Herald reads it as the resolution.</li>
 *   <li>{@code info} answers {@code {"width","height","alpha","type","space"}} in QingStor's field
 *       names; the EXIF fields (orientation, camera, GPS) are left out, as ImageIO does not read EXIF.</li>
 * </ul>
 */
public final class QingStorImageProcessor {
    public static final int MAX_SOURCE_BYTES = 10 * 1024 * 1024;
    public static final long MAX_PIXELS = 50_000_000L;
    /** Types a result is written in when no {@code format} operation names one; others become png. */
    private static final List<String> KEPT_SOURCE_TYPES = List.of("jpeg", "png", "tiff", "gif", "bmp");
    private static final Map<String, String> CONTENT_TYPES = Map.of("jpeg", "image/jpeg", "png", "image/png",
            "webp", "image/webp", "tiff", "image/tiff", "gif", "image/gif", "bmp", "image/bmp");
    private static final ObjectMapper JSON = new ObjectMapper();

    private QingStorImageProcessor() {
    }

    /**
     * Applies {@code action} to the image {@code source}.
     *
     * @throws QingStorImageException when the source is too large or not a readable image, a step
     *                                cannot be done, or the output type cannot be written
     */
    public static QingStorImageResult process(byte[] source, QingStorImageAction action) throws QingStorImageException {
        if (source.length > MAX_SOURCE_BYTES) {
            throw new QingStorImageException("the object is " + source.length + " bytes; image processing takes at most "
                    + MAX_SOURCE_BYTES + " bytes (10 MB)");
        }
        Decoded decoded = decode(source);
        BufferedImage image = decoded.image();
        for (QingStorImageAction.Operation operation : action.operations()) {
            image = switch (operation) {
                case Crop crop -> crop(image, crop);
                case Rotate rotate -> rotate(image, rotate.angle());
                case Resize resize -> resize(image, resize);
                case Watermark watermark -> watermark(image, watermark);
                case Info info -> image;
                case Format format -> image;
            };
        }
        if (action.isInfo()) {
            return info(image, action.outputFormat().orElse(decoded.type()), decoded.space());
        }
        String type = action.outputFormat()
                .orElse(KEPT_SOURCE_TYPES.contains(decoded.type()) ? decoded.type() : "png");
        byte[] bytes = encode(image, type);
        return new QingStorImageResult(bytes, type, CONTENT_TYPES.get(type), image.getWidth(), image.getHeight());
    }

    /** Whether this runtime can write images of {@code type} ({@code jpeg}, {@code webp}, ...). */
    public static boolean canWrite(String type) {
        return ImageIO.getImageWritersByFormatName(type).hasNext();
    }

    private record Decoded(BufferedImage image, String type, String space) {
    }

    private static Decoded decode(byte[] source) throws QingStorImageException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(source))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new QingStorImageException("the object is not an image Herald can read (jpeg, png, gif, bmp, tiff)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                checkPixels(width, height, "the image");
                BufferedImage read = reader.read(0);
                return new Decoded(standardize(read), typeName(reader.getFormatName()), space(read));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new QingStorImageException("the object could not be decoded as an image: " + e.getMessage(), e);
        }
    }

    /** ImageIO's reader names ({@code JPEG}, {@code tif}, ...) as QingStor names types. */
    private static String typeName(String readerFormat) {
        String name = readerFormat.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "jpg" -> "jpeg";
            case "tif" -> "tiff";
            default -> name;
        };
    }

    /** QingStor's (libvips') names for the colour spaces ImageIO reports. */
    private static String space(BufferedImage image) {
        return switch (image.getColorModel().getColorSpace().getType()) {
            case ColorSpace.TYPE_GRAY -> "b-w";
            case ColorSpace.TYPE_CMYK -> "cmyk";
            default -> "srgb";
        };
    }

    private static void checkPixels(long width, long height, String what) throws QingStorImageException {
        if (width * height > MAX_PIXELS) {
            throw new QingStorImageException(what + " would be " + width + "x" + height + " pixels; at most "
                    + MAX_PIXELS + " pixels are processed");
        }
    }

    /** Every step works on 8-bit (A)RGB, whatever the source's layout (palette, grey, 16-bit). */
    private static BufferedImage standardize(BufferedImage image) {
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (image.getType() == type) {
            return image;
        }
        return drawn(image, image.getWidth(), image.getHeight(), type, new AffineTransform());
    }

    /** A new image of the given size and type with {@code source} drawn through {@code transform}. */
    private static BufferedImage drawn(BufferedImage source, int width, int height, int type, AffineTransform transform) {
        BufferedImage out = new BufferedImage(width, height, type);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, transform, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage crop(BufferedImage image, Crop crop) throws QingStorImageException {
        int imageWidth = image.getWidth();
        int imageHeight = image.getHeight();
        int x;
        int y;
        int width;
        int height;
        if (crop.byCorner()) {
            if (crop.left() >= imageWidth || crop.top() >= imageHeight) {
                throw new QingStorImageException("crop: the corner l_" + crop.left() + ",t_" + crop.top()
                        + " lies outside the " + imageWidth + "x" + imageHeight + " image");
            }
            x = crop.left();
            y = crop.top();
            width = Math.min(crop.width() == null ? imageWidth : crop.width(), imageWidth - x);
            height = Math.min(crop.height() == null ? imageHeight : crop.height(), imageHeight - y);
        } else {
            width = Math.min(crop.width() == null ? imageWidth : crop.width(), imageWidth);
            height = Math.min(crop.height() == null ? imageHeight : crop.height(), imageHeight);
            int spareX = imageWidth - width;
            int spareY = imageHeight - height;
            x = switch (crop.gravity()) {
                case WEST, NORTH_WEST, SOUTH_WEST -> 0;
                case EAST, NORTH_EAST, SOUTH_EAST -> spareX;
                default -> spareX / 2;
            };
            y = switch (crop.gravity()) {
                case NORTH, NORTH_WEST, NORTH_EAST -> 0;
                case SOUTH, SOUTH_WEST, SOUTH_EAST -> spareY;
                default -> spareY / 2;
            };
        }
        return drawn(image, width, height, image.getType(), AffineTransform.getTranslateInstance(-x, -y));
    }

    private static BufferedImage rotate(BufferedImage image, int angle) {
        int width = image.getWidth();
        int height = image.getHeight();
        // Exact quarter turns (clockwise on screen, where y points down): no resampling blur.
        AffineTransform turn = switch (angle) {
            case 90 -> AffineTransform.getTranslateInstance(height, 0);
            case 180 -> AffineTransform.getTranslateInstance(width, height);
            case 270 -> AffineTransform.getTranslateInstance(0, width);
            default -> null;
        };
        if (turn == null) {
            return image;
        }
        turn.quadrantRotate(angle / 90);
        boolean sideways = angle != 180;
        return drawn(image, sideways ? height : width, sideways ? width : height, image.getType(), turn);
    }

    private static BufferedImage resize(BufferedImage image, Resize resize) throws QingStorImageException {
        double sourceWidth = image.getWidth();
        double sourceHeight = image.getHeight();
        double scaleX;
        double scaleY;
        if (resize.width() == null || resize.height() == null) {
            // One side given: the other follows the aspect ratio, whatever the mode.
            double scale = resize.width() != null ? resize.width() / sourceWidth : resize.height() / sourceHeight;
            scaleX = scale;
            scaleY = scale;
        } else {
            scaleX = resize.width() / sourceWidth;
            scaleY = resize.height() / sourceHeight;
            switch (resize.mode()) {
                case FIT -> scaleX = scaleY = Math.min(scaleX, scaleY);
                case COVER -> scaleX = scaleY = Math.max(scaleX, scaleY);
                case FIXED -> {
                }
            }
        }
        long width = Math.max(1, Math.round(sourceWidth * scaleX));
        long height = Math.max(1, Math.round(sourceHeight * scaleY));
        checkPixels(width, height, "resize: the result");
        return drawn(image, (int) width, (int) height, image.getType(),
                AffineTransform.getScaleInstance(width / sourceWidth, height / sourceHeight));
    }

    private static BufferedImage watermark(BufferedImage image, Watermark watermark) {
        BufferedImage out = drawn(image, image.getWidth(), image.getHeight(), image.getType(), new AffineTransform());
        Graphics2D g = out.createGraphics();
        try {
            float size = 12f * watermark.dpi() / 72f;
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12).deriveFont(size));
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, watermark.opacity()));
            g.setColor(new Color(watermark.rgb()));
            FontMetrics metrics = g.getFontMetrics();
            int margin = Math.max(1, Math.round(size / 2));
            int x = Math.max(0, out.getWidth() - margin - metrics.stringWidth(watermark.text()));
            int y = out.getHeight() - margin - metrics.getDescent();
            g.drawString(watermark.text(), x, y);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static QingStorImageResult info(BufferedImage image, String type, String space) {
        ObjectNode info = JSON.createObjectNode();
        info.put("width", image.getWidth());
        info.put("height", image.getHeight());
        info.put("alpha", image.getColorModel().hasAlpha());
        info.put("type", type);
        info.put("space", space);
        return new QingStorImageResult(info.toString().getBytes(StandardCharsets.UTF_8), "json", "application/json",
                image.getWidth(), image.getHeight());
    }

    private static byte[] encode(BufferedImage image, String type) throws QingStorImageException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(type);
        if (!writers.hasNext()) {
            throw new QingStorImageException("this Herald cannot write " + type + " images: its Java runtime has no "
                    + "ImageIO writer for " + type + "; use format:t_jpeg or format:t_png");
        }
        BufferedImage toWrite = type.equals("jpeg") && image.getColorModel().hasAlpha() ? onWhite(image) : image;
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(toWrite);
        } catch (IOException | RuntimeException e) {
            throw new QingStorImageException("the result could not be written as " + type + ": " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage onWhite(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
