package io.branchwise.launcher.external;

import io.branchwise.launcher.TrainerLauncher;
import io.branchwise.launcher.TrialJob;
import io.branchwise.launcher.TrialListener;
import io.branchwise.launcher.TrialRun;

/**
 * The launcher one search uses with external trainers: its jobs carry the search's study, so that a trainer can ask
 * for that study's jobs alone. A search learns its study id only once it has opened the study, before it launches
 * anything; whoever runs it passes the id on with {@link #studyOpened}.
 */
public final class StudyLauncher implements TrainerLauncher {
    /** Jobs that belong to no study. */
    static final StudyLauncher NONE = new StudyLauncher(null, "");

    private final ExternalTrainers trainers;
    private final String studyName;
    private volatile long studyId;

    StudyLauncher(ExternalTrainers trainers, String studyName) {
        this.trainers = trainers;
        this.studyName = studyName;
    }

    public void studyOpened(long id) {
        studyId = id;
    }

    public long studyId() {
        return studyId;
    }

    public String studyName() {
        return studyName;
    }

    @Override
    public boolean runsCatalogTrainers() {
        return false;
    }

    @Override
    public TrialRun launch(TrialJob job, TrialListener listener) {
        return trainers.launch(job, listener, this);
    }
}
