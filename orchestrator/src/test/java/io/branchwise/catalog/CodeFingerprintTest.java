package io.branchwise.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A trainer's code version follows its code: any changed, added or renamed file of its classes is a new version. */
class CodeFingerprintTest {
    @TempDir
    Path dir;

    @Test
    void theDigestFollowsEveryFileOfAClassesFolderAndAJarsBytes() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/io/example"));
        Files.writeString(classes.resolve("Trainer.class"), "v1");
        String before = CodeFingerprint.digest(dir.resolve("classes"));
        assertThat(CodeFingerprint.digest(dir.resolve("classes"))).isEqualTo(before);

        Files.writeString(classes.resolve("Trainer.class"), "v2");
        String edited = CodeFingerprint.digest(dir.resolve("classes"));
        assertThat(edited).isNotEqualTo(before);
        Files.writeString(classes.resolve("Trainer.class"), "v1");
        assertThat(CodeFingerprint.digest(dir.resolve("classes"))).isEqualTo(before);

        Files.writeString(classes.resolve("Head.class"), "new");
        assertThat(CodeFingerprint.digest(dir.resolve("classes"))).as("a file added").isNotEqualTo(before);
        Files.delete(classes.resolve("Head.class"));
        Files.move(classes.resolve("Trainer.class"), classes.resolve("Other.class"));
        assertThat(CodeFingerprint.digest(dir.resolve("classes"))).as("a file renamed").isNotEqualTo(before);

        Path jar = Files.writeString(dir.resolve("trainer.jar"), "jar bytes");
        String jarDigest = CodeFingerprint.digest(jar);
        Files.writeString(jar, "other jar bytes");
        assertThat(CodeFingerprint.digest(jar)).isNotEqualTo(jarDigest);
    }
}
