package io.branchwise.events;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.StorageException;
import io.branchwise.storage.StudyTask;
import io.branchwise.storage.TrialRecord;
import io.branchwise.storage.h2.H2Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decorator publishes one event per successful write, with the trial's study and number, and none otherwise. */
class ObservedStorageTest {
    @TempDir
    Path dir;
    private H2Storage h2;
    private ObservedStorage storage;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        h2 = H2Storage.open(dir.resolve("db"));
        storage = new ObservedStorage(h2);
        storage.addSink(events::add);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private List<String> types() {
        return events.stream().map(e -> e.type().wireName() + ":" + e.studyId()).toList();
    }

    @Test
    void everyKindOfWritePublishesAfterItSucceeded() {
        long study = storage.createStudy("s", List.of(StudyDirection.MINIMIZE));
        storage.setStudyTasks(study, List.of(new StudyTask("a", "regression", "rmse", StudyDirection.MINIMIZE),
                new StudyTask("b", "regression", "rmse", StudyDirection.MINIMIZE)));
        long trial = storage.createTrial(study, null);
        storage.setTrialIntermediateValue(trial, 1, 0.5);
        storage.setTrialTaskValues(trial, 1, List.of(0.25, Double.NaN));
        storage.setTrialStateValues(trial, TrialState.COMPLETE, new double[]{0.5});
        // Optuna's add_trial: created finished, in one call.
        storage.createTrial(study, new TrialRecord(0, study, 0, TrialState.PRUNED, List.of(7.0), null, null, Map.of(),
                Map.of(), Map.of(), Map.of(), new TreeMap<>()));
        storage.deleteStudy(study);

        assertThat(types()).containsExactly("study-created:" + study, "trial-created:" + study,
                "trial-reported:" + study, "trial-reported:" + study, "trial-finished:" + study,
                "trial-created:" + study, "trial-finished:" + study, "study-deleted:" + study);
        assertThat(events.get(1).data()).containsEntry("trial_id", trial).containsEntry("number", 0L)
                .containsEntry("state", "RUNNING");
        assertThat(events.get(2).data()).containsEntry("step", 1L).containsEntry("value", 0.5);
        assertThat(events.get(3).data().get("task_values")).isEqualTo(List.of(0.25, Double.NaN));
        assertThat(events.get(4).data()).containsEntry("state", "COMPLETE").containsEntry("values", List.of(0.5));
        assertThat(events.get(5).data()).containsEntry("number", 1L).containsEntry("state", "PRUNED");
        assertThat(events.get(6).data()).containsEntry("values", List.of(7.0));
    }

    @Test
    void refusedWritesPublishNothing() {
        long study = storage.createStudy("s", List.of(StudyDirection.MINIMIZE));
        long trial = storage.createTrial(study, null);
        storage.setTrialStateValues(trial, TrialState.FAIL, new double[0]);
        events.clear();

        assertThatThrownBy(() -> storage.createStudy("s", List.of(StudyDirection.MINIMIZE)))
                .isInstanceOf(StorageException.DuplicateStudy.class);
        assertThatThrownBy(() -> storage.setTrialIntermediateValue(trial, 2, 1.0))
                .isInstanceOf(StorageException.TrialFinished.class);
        assertThatThrownBy(() -> storage.createTrial(999, null)).isInstanceOf(StorageException.NotFound.class);
        assertThatThrownBy(() -> storage.deleteStudy(999)).isInstanceOf(StorageException.NotFound.class);
        // A lost WAITING→RUNNING claim changes nothing, so it says nothing.
        long waiting = storage.createTrial(study, new TrialRecord(0, study, 0, TrialState.WAITING, List.of(), null, null,
                Map.of(), Map.of(), Map.of(), Map.of(), new TreeMap<>()));
        assertThat(storage.setTrialStateValues(waiting, TrialState.RUNNING, new double[0])).isTrue();
        events.clear();
        assertThat(storage.setTrialStateValues(waiting, TrialState.RUNNING, new double[0])).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void aFailingSinkDoesNotFailTheWriteNorStarveOtherSinks() {
        List<Event> second = new CopyOnWriteArrayList<>();
        ObservedStorage observed = new ObservedStorage(h2);
        observed.addSink(e -> {
            throw new IllegalStateException("a broken watcher");
        });
        observed.addSink(second::add);
        long study = observed.createStudy("still-written", List.of(StudyDirection.MAXIMIZE));
        assertThat(h2.study(study).name()).isEqualTo("still-written");
        assertThat(second).extracting(Event::type).containsExactly(EventType.STUDY_CREATED);
    }

    @Test
    void aSinkThatIsNotListeningGetsNothing() {
        List<Event> got = new CopyOnWriteArrayList<>();
        boolean[] listening = {false};
        ObservedStorage observed = new ObservedStorage(h2);
        observed.addSink(new EventSink() {
            @Override
            public void publish(Event event) {
                got.add(event);
            }

            @Override
            public boolean isListening() {
                return listening[0];
            }
        });
        long study = observed.createStudy("quiet", List.of(StudyDirection.MAXIMIZE));
        long trial = observed.createTrial(study, null);
        assertThat(got).isEmpty();
        listening[0] = true;
        observed.setTrialIntermediateValue(trial, 4, 2.0);
        assertThat(got).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.TRIAL_REPORTED);
            assertThat(e.data()).as("looked up once someone listens").containsEntry("number", 0L);
        });
    }
}
