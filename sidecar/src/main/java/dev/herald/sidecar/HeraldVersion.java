package dev.herald.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Herald's version as the build wrote it: Maven filters {@code version.properties} beside this
 * class with the pom's {@code project.version} (sidecar/pom.xml), so the pom is the one place the
 * version is written.
 */
public final class HeraldVersion {
    private static final String RESOURCE = "version.properties";
    private static final String CURRENT = load();

    private HeraldVersion() {
    }

    /** The pom's {@code project.version}: a release, or {@code X.Y.Z-SNAPSHOT} between releases. */
    public static String current() {
        return CURRENT;
    }

    /** Fails rather than guess: a missing or unfiltered file means the classes were not built by Maven. */
    private static String load() {
        Properties properties = new Properties();
        try (InputStream in = HeraldVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + HeraldVersion.class.getName()
                        + ": build with Maven");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = properties.getProperty("version");
        if (version == null || version.isBlank() || version.contains("${")) {
            throw new IllegalStateException(RESOURCE + " was not filtered by Maven: version=" + version);
        }
        return version;
    }
}
