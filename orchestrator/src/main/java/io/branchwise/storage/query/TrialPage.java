package io.branchwise.storage.query;

import java.util.List;

/**
 * @param total how many trials match the filters, over all pages
 * @param next  the key to continue after; null on the last page
 */
public record TrialPage(List<TrialRow> trials, long total, TrialSortKey next) {
    public TrialPage {
        trials = List.copyOf(trials);
    }
}
