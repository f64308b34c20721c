package io.branchwise.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The secret that callers beyond loopback present ({@code Authorization: Bearer …}, gRPC metadata, or the
 * dashboard's cookie). Compared in constant time over digests, so neither the content nor the length leaks through
 * timing; {@link #toString} never shows it, so it cannot end up in a log line by accident.
 */
public final class AccessToken {
    /** Short tokens can be guessed over the network; 16 characters of a random token are about 80 bits or more. */
    public static final int MIN_LENGTH = 16;

    private final byte[] digest;

    private AccessToken(String token) {
        this.digest = sha256(token);
    }

    /** @throws IllegalArgumentException the token is shorter than {@link #MIN_LENGTH} or holds spaces/controls */
    public static AccessToken of(String token) {
        if (token == null || token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the token must be at least " + MIN_LENGTH + " characters long");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("the token must be printable ASCII without spaces (it travels in"
                    + " HTTP headers and cookies)");
        }
        return new AccessToken(token);
    }

    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(digest, sha256(candidate));
    }

    /** The token of an {@code Authorization: Bearer …} header, or null. */
    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    @Override
    public String toString() {
        return "AccessToken[redacted]";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
