package io.branchwise.trial;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The files a data spec names, and a digest of their content: what makes a stored result about "this data". Every
 * string among a data source's options, at any depth, that names an existing regular file (relative to the spec's
 * folder) counts; the digest is SHA-256 over each file's name as written and its bytes, so an edited or replaced
 * file changes it while moving the whole folder does not.
 */
public final class DataFingerprint {
    private DataFingerprint() {
    }

    /** Every option value naming an existing regular file, resolved against {@code base}. */
    static List<Path> namedFiles(Object options, Path base) {
        List<Path> files = new ArrayList<>();
        collect(options, base, files, new ArrayList<>());
        return files;
    }

    /** SHA-256 over the named files' option strings and contents; a digest of nothing for a generated data set. */
    public static String of(Map<String, Object> options, Path base) throws IOException {
        List<Path> files = new ArrayList<>();
        List<String> written = new ArrayList<>();
        collect(options, base, files, written);
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        for (int i = 0; i < files.size(); i++) {
            digest.update(written.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
            try (InputStream in = Files.newInputStream(files.get(i))) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void collect(Object value, Path base, List<Path> files, List<String> written) {
        if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> collect(v, base, files, written));
        } else if (value instanceof List<?> l) {
            l.forEach(v -> collect(v, base, files, written));
        } else if (value instanceof String s && !s.isEmpty()) {
            try {
                Path p = Path.of(s);
                p = p.isAbsolute() || base == null ? p : base.resolve(p);
                if (Files.isRegularFile(p)) {
                    files.add(p);
                    written.add(s);
                }
            } catch (InvalidPathException e) {
                // Not a path: an ordinary option value.
            }
        }
    }
}
