package dev.herald.sidecar.storage.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Keeps the store's files Herald's own: {@code herald.db} holds rule signing keys and event
 * bodies. The database file is created {@code 0600} before SQLite opens it, and SQLite gives its
 * {@code -wal} and {@code -shm} files the database file's mode; existing files are set to
 * {@code 0600} too. A data directory others may enter is left as the operator made it, with a
 * warning (docs/security.md, "Files").
 */
final class DataFileModes {
    private static final Logger LOG = LoggerFactory.getLogger(DataFileModes.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE = PosixFilePermissions.asFileAttribute(OWNER_ONLY);

    private DataFileModes() {
    }

    static void secure(Path directory, String fileName) throws IOException {
        if (!directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> dirModes = Files.getPosixFilePermissions(directory);
        if (dirModes.stream().anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"))) {
            LOG.warn("data directory {} is {}: others may list it or replace files in it; herald.db holds rule signing "
                    + "keys, so make it rwx------ (chmod 700)", directory.toAbsolutePath(), PosixFilePermissions.toString(dirModes));
        }
        Path db = directory.resolve(fileName);
        if (Files.notExists(db)) {
            Files.createFile(db, OWNER_ONLY_FILE);
        }
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path file = directory.resolve(fileName + suffix);
            if (Files.exists(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        }
    }
}
