package io.branchwise.storage.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a row sits in a {@link TrialOrder}: the key a keyset page continues after.
 *
 * @param value the first objective value for the value orders; null when the trial has none (it sorts last)
 */
public record TrialSortKey(TrialOrder order, Double value, long number, long trialId) {
    private static final String TOKEN_VERSION = "t1";

    public TrialSortKey {
        if (order == null) {
            throw new IllegalArgumentException("a sort key needs its order");
        }
        if (!order.byValue()) {
            value = null;
        }
    }

    /**
     * The key as opaque text for a client to hand back (REST's {@code after}, gRPC's {@code page_token}). It names
     * its order, so that a face can refuse it for another one, and carries the value as its exact bits, so that
     * paging by value neither loses nor repeats ties after a rounding.
     */
    public String token() {
        String v = value == null ? "-" : Long.toHexString(Double.doubleToRawLongBits(value));
        String text = String.join("~", TOKEN_VERSION, order.name(), v, Long.toString(number), Long.toString(trialId));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The key a {@link #token()} holds; IllegalArgumentException for text that is not one. */
    public static TrialSortKey fromToken(String token) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("~", -1);
        } catch (IllegalArgumentException e) {
            throw notAToken(token);
        }
        if (parts.length != 5 || !parts[0].equals(TOKEN_VERSION)) {
            throw notAToken(token);
        }
        try {
            Double value = parts[2].equals("-") ? null : Double.longBitsToDouble(Long.parseUnsignedLong(parts[2], 16));
            return new TrialSortKey(TrialOrder.valueOf(parts[1]), value, Long.parseLong(parts[3]), Long.parseLong(parts[4]));
        } catch (IllegalArgumentException e) {
            throw notAToken(token);
        }
    }

    private static IllegalArgumentException notAToken(String token) {
        return new IllegalArgumentException("\"" + token + "\" is not a trial list position");
    }

    public static TrialSortKey of(TrialOrder order, TrialRow row) {
        return new TrialSortKey(order, row.values().isEmpty() ? null : row.values().get(0), row.number(), row.id());
    }
}
