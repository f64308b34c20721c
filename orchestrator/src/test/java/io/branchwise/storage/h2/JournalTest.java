package io.branchwise.storage.h2;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JournalTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<byte[]> payloads) {
        return payloads.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void recordsComeBackInOrderAfterReopening() throws IOException {
        Path file = dir.resolve("j");
        try (Journal journal = Journal.open(file)) {
            assertThat(journal.readAndRepair()).isEmpty();
            journal.append(bytes("one"));
            journal.append(bytes(""));
            journal.append(bytes("three"));
        }
        try (Journal journal = Journal.open(file)) {
            assertThat(texts(journal.readAndRepair())).containsExactly("one", "", "three");
            assertThat(journal.size()).isEqualTo(Files.size(file));
        }
    }

    /** A kill -9 in the middle of a write leaves part of a record; it was never acknowledged, so it goes. */
    @Test
    void aTornLastRecordIsCutOffAndAppendingContinuesAfterTheLastWholeOne() throws IOException {
        Path file = dir.resolve("j");
        long wholeRecords;
        try (Journal journal = Journal.open(file)) {
            journal.readAndRepair();
            journal.append(bytes("kept-1"));
            journal.append(bytes("kept-2"));
            wholeRecords = journal.size();
            journal.append(bytes("torn record"));
        }
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 3));
        try (Journal journal = Journal.open(file)) {
            assertThat(texts(journal.readAndRepair())).containsExactly("kept-1", "kept-2");
            assertThat(Files.size(file)).isEqualTo(wholeRecords);
            journal.append(bytes("after"));
        }
        try (Journal journal = Journal.open(file)) {
            assertThat(texts(journal.readAndRepair())).containsExactly("kept-1", "kept-2", "after");
        }
    }

    @Test
    void aRecordWhoseChecksumFailsEndsTheJournal() throws IOException {
        Path file = dir.resolve("j");
        try (Journal journal = Journal.open(file)) {
            journal.readAndRepair();
            journal.append(bytes("good"));
            journal.append(bytes("flipped"));
        }
        byte[] all = Files.readAllBytes(file);
        all[all.length - 1] ^= 0x01;
        Files.write(file, all);
        try (Journal journal = Journal.open(file)) {
            assertThat(texts(journal.readAndRepair())).containsExactly("good");
        }
    }

    @Test
    void aHeaderWithAnImpossibleLengthIsTreatedAsTorn() throws IOException {
        Path file = dir.resolve("j");
        try (Journal journal = Journal.open(file)) {
            journal.readAndRepair();
            journal.append(bytes("good"));
        }
        Files.write(file, new byte[]{(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 1, 2},
                StandardOpenOption.APPEND);
        try (Journal journal = Journal.open(file)) {
            assertThat(texts(journal.readAndRepair())).containsExactly("good");
        }
    }

    @Test
    void clearEmptiesTheFile() throws IOException {
        Path file = dir.resolve("j");
        try (Journal journal = Journal.open(file)) {
            journal.readAndRepair();
            journal.append(bytes("x"));
            journal.clear();
            assertThat(journal.size()).isZero();
            journal.append(bytes("y"));
        }
        try (Journal journal = Journal.open(file)) {
            assertThat(texts(journal.readAndRepair())).containsExactly("y");
        }
    }
}
