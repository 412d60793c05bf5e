package dev.herald.dialects.qingstor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed image {@code action} ({@code cloudfunc_args.action} of an {@code image} rule), in
 * QingStor's syntax {@code operation:k_v[,k_v][|operation:k_v...]}: operations run left to right,
 * each on the previous one's output. Operations and parameters are QingStor's (qingcloud-docs
 * {@code content/storage/object-storage/api/object/image_process/*.md}):
 * <ul>
 *   <li>{@code info} — the image's metadata as JSON instead of an image; must come last.</li>
 *   <li>{@code crop:w_,h_,g_} or {@code crop:w_,h_,l_,t_} — width and height (default: the image's),
 *       gravity {@code g} 0 center, 1 north, 2 east, 3 south, 4 west, 5 north-west, 6 north-east,
 *       7 south-west, 8 south-east, 9 auto; or the top-left corner {@code l},{@code t} (default 0).
 *       {@code g} with {@code l}/{@code t} is refused, as QingStor does.</li>
 *   <li>{@code rotate:a_} — clockwise by 0, 90, 180 or 270 degrees (required).</li>
 *   <li>{@code resize:w_,h_,m_} — at least one of width and height; the other follows the aspect
 *       ratio; mode 0 (default) exactly w×h, 1 keep the ratio and fit inside w×h, 2 keep the ratio
 *       and cover w×h.</li>
 *   <li>{@code watermark:d_,p_,t_,c_} — text watermark: {@code t} the text, base64 without the
 *       trailing {@code =} (required); {@code d} the text resolution, default 150; {@code p} the
 *       opacity in (0,1], default 0.25; {@code c} the colour {@code #rrggbb}, base64 like {@code t},
 *       default black.</li>
 *   <li>{@code format:t_} — output type {@code jpeg}, {@code png}, {@code webp} or {@code tiff}.</li>
 * </ul>
 * {@code watermark_image} (it would download the watermark from a URL) and {@code save} (the rule's
 * {@code key_prefix}, {@code key_seprate} and {@code save_bucket} say where results go) are refused.
 * Base64 values may use either alphabet; {@code ｜} (full width, as one QingStor table writes it)
 * separates operations like {@code |}. At most {@value #MAX_OPERATIONS} operations; widths and
 * heights at most {@value #MAX_SIDE} pixels.
 *
 * @param text       the action as written in the rule
 * @param operations in order
 */
public record QingStorImageAction(String text, List<Operation> operations) {
    public static final int MAX_OPERATIONS = 10;
    public static final int MAX_SIDE = 16_384;
    static final int MAX_TEXT_DPI = 1_200;
    static final int MAX_WATERMARK_CHARS = 256;
    static final List<String> FORMATS = List.of("jpeg", "png", "webp", "tiff");

    public QingStorImageAction {
        operations = List.copyOf(operations);
    }

    /** @throws IllegalArgumentException naming the operation and parameter that is wrong */
    public static QingStorImageAction parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty; write operations like 'resize:w_300|rotate:a_90'");
        }
        String[] parts = text.replace('｜', '|').split("\\|", -1);
        if (parts.length > MAX_OPERATIONS) {
            throw new IllegalArgumentException("has " + parts.length + " operations; at most " + MAX_OPERATIONS + " are allowed");
        }
        List<Operation> operations = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            operations.add(operation(parts[i].trim(), i));
        }
        for (int i = 0; i < operations.size() - 1; i++) {
            if (operations.get(i) instanceof Info) {
                throw new IllegalArgumentException("operation " + (i + 1) + " (info) must be the last one: it produces "
                        + "JSON, not an image the next operation could work on");
            }
        }
        return new QingStorImageAction(text, operations);
    }

    /** True when the action ends in {@code info}: the result is JSON, not an image. */
    public boolean isInfo() {
        return operations.getLast() instanceof Info;
    }

    /** The type the last {@code format} operation asks for; empty to keep the source's. */
    public Optional<String> outputFormat() {
        return operations.reversed().stream()
                .filter(Format.class::isInstance).map(op -> ((Format) op).type()).findFirst();
    }

    private static Operation operation(String part, int index) {
        int colon = part.indexOf(':');
        String name = colon < 0 ? part : part.substring(0, colon);
        String where = "operation " + (index + 1) + " (" + (name.isEmpty() ? "empty" : name) + ")";
        Params p = new Params(where, colon < 0 ? "" : part.substring(colon + 1));
        return switch (name) {
            case "info" -> {
                p.only(Set.of());
                yield new Info();
            }
            case "crop" -> {
                p.only(Set.of("w", "h", "g", "l", "t"));
                if (p.has("g") && (p.has("l") || p.has("t"))) {
                    throw p.invalid("g cannot be combined with l or t: give either a gravity or a top-left corner");
                }
                boolean byCorner = p.has("l") || p.has("t");
                yield new Crop(p.side("w"), p.side("h"), Gravity.values()[p.integer("g", 0, 0, 9)], byCorner,
                        p.integer("l", 0, 0, Integer.MAX_VALUE), p.integer("t", 0, 0, Integer.MAX_VALUE));
            }
            case "rotate" -> {
                p.only(Set.of("a"));
                if (!p.has("a")) {
                    throw p.invalid("a (the clockwise angle: 0, 90, 180 or 270) is required");
                }
                int angle = p.integer("a", 0, 0, 270);
                if (angle % 90 != 0) {
                    throw p.invalid("a_" + angle + " is not allowed; a must be 0, 90, 180 or 270");
                }
                yield new Rotate(angle);
            }
            case "resize" -> {
                p.only(Set.of("w", "h", "m"));
                Integer width = p.side("w");
                Integer height = p.side("h");
                if (width == null && height == null) {
                    throw p.invalid("needs w, h or both");
                }
                yield new Resize(width, height, ResizeMode.values()[p.integer("m", 0, 0, 2)]);
            }
            case "watermark" -> {
                p.only(Set.of("d", "p", "t", "c"));
                if (!p.has("t")) {
                    throw p.invalid("t (the text, base64 encoded without trailing '=') is required");
                }
                String watermark = p.base64("t");
                if (watermark.isBlank() || watermark.length() > MAX_WATERMARK_CHARS) {
                    throw p.invalid("t must decode to 1 to " + MAX_WATERMARK_CHARS + " characters of text");
                }
                yield new Watermark(watermark, p.integer("d", 150, 1, MAX_TEXT_DPI), p.opacity(), p.color());
            }
            case "format" -> {
                p.only(Set.of("t"));
                String type = p.values.get("t");
                if (type == null || !FORMATS.contains(type)) {
                    throw p.invalid("t must be one of " + String.join(", ", FORMATS)
                            + (type == null ? "" : ", not '" + type + "'"));
                }
                yield new Format(type);
            }
            case "watermark_image" -> throw new IllegalArgumentException(where + " is not supported by Herald: it would "
                    + "download the watermark image from a URL; use a text watermark");
            case "save" -> throw new IllegalArgumentException(where + " is not needed: the rule's cloudfunc_args "
                    + "save_bucket, key_prefix and key_seprate say where the result is saved");
            default -> throw new IllegalArgumentException(where + " is not an image operation; allowed: info, crop, "
                    + "rotate, resize, watermark, format");
        };
    }

    /** One operation's {@code k_v} parameters, checked as they are read. */
    private static final class Params {
        final String where;
        final Map<String, String> values = new LinkedHashMap<>();

        Params(String where, String text) {
            this.where = where;
            if (text.isBlank()) {
                return;
            }
            for (String pair : text.split(",", -1)) {
                int underscore = pair.indexOf('_');
                if (underscore <= 0) {
                    throw invalid("'" + pair + "' is not a parameter like w_300 (name, '_', value)");
                }
                String key = pair.substring(0, underscore).trim();
                if (values.putIfAbsent(key, pair.substring(underscore + 1).trim()) != null) {
                    throw invalid("gives " + key + " twice");
                }
            }
        }

        void only(Set<String> allowed) {
            for (String key : values.keySet()) {
                if (!allowed.contains(key)) {
                    throw invalid(allowed.isEmpty() ? "takes no parameters, but has " + key
                            : "has no parameter " + key + "; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
                }
            }
        }

        boolean has(String key) {
            return values.containsKey(key);
        }

        int integer(String key, int absent, int min, int max) {
            String value = values.get(key);
            if (value == null) {
                return absent;
            }
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // refused below with the same message as an out-of-range number
            }
            throw invalid(key + "_" + value + " is not allowed; " + key + " must be a whole number from " + min + " to " + max);
        }

        /** A width or height: 1 to MAX_SIDE pixels, {@code null} when absent. */
        Integer side(String key) {
            return has(key) ? integer(key, 0, 1, MAX_SIDE) : null;
        }

        float opacity() {
            String value = values.get("p");
            if (value == null) {
                return 0.25f;
            }
            try {
                float p = Float.parseFloat(value);
                if (p > 0 && p <= 1) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw invalid("p_" + value + " is not allowed; the opacity p must be a number in (0, 1]");
        }

        int color() {
            if (!has("c")) {
                return 0x000000;
            }
            String color = base64("c");
            if (!color.matches("#[0-9a-fA-F]{6}")) {
                throw invalid("c must be the base64 of a colour like #ff0000, but decodes to '" + color + "'");
            }
            return Integer.parseInt(color.substring(1), 16);
        }

        /** QingStor's base64 without the trailing '=', standard or URL-safe alphabet. */
        String base64(String key) {
            String value = values.get(key);
            try {
                boolean urlSafe = value.indexOf('-') >= 0 || value.indexOf('_') >= 0;
                byte[] bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(stripPadding(value));
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalid(key + " is not base64: " + e.getMessage());
            }
        }

        private static String stripPadding(String value) {
            int end = value.length();
            while (end > 0 && value.charAt(end - 1) == '=') {
                end--;
            }
            return value.substring(0, end);
        }

        IllegalArgumentException invalid(String reason) {
            return new IllegalArgumentException(where + ": " + reason);
        }
    }

    /** One step of an action. */
    public sealed interface Operation permits Info, Crop, Rotate, Resize, Watermark, Format {
    }

    /** {@code info}: metadata JSON instead of an image. */
    public record Info() implements Operation {
    }

    /**
     * {@code crop}: the region of {@code width}×{@code height} (each {@code null} for the image's
     * own), placed by {@code gravity}, or, when {@code byCorner} (the action gave {@code l} or
     * {@code t}), with its top-left corner at {@code left},{@code top}.
     */
    public record Crop(Integer width, Integer height, Gravity gravity, boolean byCorner, int left, int top)
            implements Operation {
    }

    /** {@code rotate}: clockwise by {@code angle} degrees (0, 90, 180, 270). */
    public record Rotate(int angle) implements Operation {
    }

    /** {@code resize}: to {@code width}×{@code height}, one of them {@code null} to follow the aspect ratio. */
    public record Resize(Integer width, Integer height, ResizeMode mode) implements Operation {
    }

    /** {@code watermark}: {@code text} in colour {@code rgb} ({@code 0xRRGGBB}). */
    public record Watermark(String text, int dpi, float opacity, int rgb) implements Operation {
    }

    /** {@code format}: the output type ({@code jpeg}, {@code png}, {@code webp}, {@code tiff}). */
    public record Format(String type) implements Operation {
    }

    /** Crop gravity, in QingStor's numbering (the constant's ordinal is its {@code g_} value). */
    public enum Gravity {
        CENTER, NORTH, EAST, SOUTH, WEST, NORTH_WEST, NORTH_EAST, SOUTH_WEST, SOUTH_EAST,
        /** QingStor's "auto" (content-aware) is not documented further; Herald crops around the center. */
        AUTO
    }

    /** Resize mode, in QingStor's numbering ({@code m_} value = ordinal). */
    public enum ResizeMode {
        /** 0: exactly the given width and height. */
        FIXED,
        /** 1: keep the aspect ratio, as large as fits inside width×height. */
        FIT,
        /** 2: keep the aspect ratio, as small as covers width×height. */
        COVER
    }
}
