package io.branchwise.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A digest of the code a provider class was loaded from: its jar's bytes, or every file under its classes folder
 * (a development build). Results computed from that code are only reusable while it is unchanged; a version string
 * would not tell two snapshot builds apart. A provider with no readable code source (a JDK class) is named instead.
 */
final class CodeFingerprint {
    private static final Map<Path, String> KNOWN = new ConcurrentHashMap<>();

    private CodeFingerprint() {
    }

    static String of(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "class:" + type.getName();
        }
        Path location;
        try {
            location = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return "location:" + source.getLocation();
        }
        return KNOWN.computeIfAbsent(location.toAbsolutePath().normalize(), CodeFingerprint::digest);
    }

    static String digest(Path location) {
        MessageDigest sha = sha256();
        try {
            if (Files.isDirectory(location)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(location)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path file : files) {
                    sha.update(location.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                    update(sha, file);
                }
            } else {
                update(sha, location);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plugin code at " + location + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, Path file) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
