package dev.herald.sidecar.storage.sqlite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's files are Herald's own even in a data directory the operator left open. */
class DataFileModesTest {
    @TempDir
    Path dir;

    @Test
    void inAWorldWritableDirectoryTheFilesAre0600AndAWarningSaysWhy() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (SqliteStorage storage = SqliteStorage.open(data, 8, Duration.ofDays(7), Clock.systemUTC())) {
            storage.rules().save("photos", "bos", "{\"notifications\":[]}", 0, null, 1L);
            for (String file : new String[] {"herald.db", "herald.db-wal", "herald.db-shm"}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(file)))).as(file)
                        .isEqualTo("rw-------");
            }
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("data directory " + data.toAbsolutePath() + " is rwxrwxrwx",
                "chmod 700");
    }

    @Test
    void anExistingLooseDatabaseFileIsTightened() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.createFile(data.resolve("herald.db"));
        Files.setPosixFilePermissions(data.resolve("herald.db"), PosixFilePermissions.fromString("rw-r--r--"));
        try (SqliteStorage storage = SqliteStorage.open(data, 8, Duration.ofDays(7), Clock.systemUTC())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("herald.db"))))
                    .isEqualTo("rw-------");
        }
    }
}
