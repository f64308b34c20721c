package io.branchwise.cli;

import io.branchwise.search.TrialAttributes;
import io.branchwise.space.json.JsonParser;
import io.branchwise.space.json.JsonValue;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.TrialRecord;
import io.branchwise.storage.h2.H2Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code branchwise run} with the test plugins: the scripted trainer on the fixture data (a and b planted together). */
class RunCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String spec, String... extra) throws Exception {
        return command("run", spec, extra);
    }

    private Run command(String command, String spec, String... extra) throws Exception {
        Path file = dir.resolve("demo.yaml");
        Files.writeString(file, spec);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            List<String> args = new ArrayList<>(List.of(command, file.toString(), "--db", dir.resolve("db/bw").toString(),
                    "--work", dir.resolve("work").toString(), "--heap", "96m"));
            args.addAll(List.of(extra));
            int exit = new CommandLine(new BranchwiseCommand()).execute(args.toArray(String[]::new));
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static final String SPEC = """
            seed: 5
            trainer: scripted
            data: {source: fixture, options: {rows: 16, targets: [a, b, c]}}
            tasks:
              - {name: a, type: fixture-regression, target: a}
              - {name: b, type: fixture-regression, target: b}
              - {name: c, type: fixture-regression, target: c}
            space: {trunk_depth: 0, branch_depth: 1, widths: [8], max_branches: 2}
            training: {epochs: 4, extra: {behaviour: layout, planted: [[a, b], [c]]}}
            search: {trials: 3, parallel: 2, seeds: 1, sampler: random, pruner: negative-transfer, baseline: {depth: 1, width: 8}}
            """;

    @Test
    void runsTheSearchShowsProgressAndTheTableAndWritesJson() throws Exception {
        Path json = dir.resolve("out/result.json");
        Run run = run(SPEC, "--json", json.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("study demo: 3 tasks, 3 trials, 2 trainer processes")
                .contains("baseline a: COMPLETE")
                .contains("candidate groupings: [{a,b,c}, {a,b}|{c}]")
                .containsPattern("trial +\\d+ +0x0\\[1x8\\[a,b\\],1x8\\[c\\]\\] +Δm \\+6\\.67%")
                // The affinity leaves two candidate layouts and one weighting: two configurations, each trained
                // once; the third trial wanted would repeat one, so the search ends early and says why.
                .contains("[2/3 done:")
                .doesNotContain("[3/3 done:")
                .contains("DUPLICATE: the configuration of trial")
                .contains("configurations in a row that were already trained")
                .contains("recommended: trial")
                .contains("layout 0x0[1x8[a,b],1x8[c]]")
                .containsPattern("a +rmse +\\d+\\.\\d{4} +\\d+\\.\\d{4} +\\+10\\.00")
                .containsPattern("c +rmse +\\d+\\.\\d{4} +\\d+\\.\\d{4} +\\+0\\.00 ")
                .contains("weighting ew, learning rate 0.001, activation relu, dropout 0, 75 parameters\n")
                .contains("Δm +6.67% (validation; positive = better)")
                .contains("floors: predicting the training mean (TRIVIAL) and a linear model without hidden layers (LINEAR)")
                .doesNotContain("does not beat predicting the training mean")
                .containsPattern("reference hard-sharing +1x8\\[a,b,c\\] +Δm -20\\.00%, negative transfer on \\[a, b, c\\]");
        JsonValue.JsonObject result = (JsonValue.JsonObject) JsonParser.parse(Files.readString(json));
        assertThat(result.members().get("status")).isEqualTo(new JsonValue.JsonString("COMPLETE"));
        JsonValue.JsonObject rec = (JsonValue.JsonObject) result.members().get("recommendation");
        assertThat(rec.members().get("layout")).isEqualTo(new JsonValue.JsonString("0x0[1x8[a,b],1x8[c]]"));
        assertThat(((JsonValue.JsonArray) rec.members().get("tasks")).elements()).hasSize(3);
        assertThat(((JsonValue.JsonArray) result.members().get("baselines")).elements()).hasSize(3);

        Run again = run(SPEC);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("a study named \"demo\" already exists").contains("--resume");

        Run resumed = run(SPEC.replace("trials: 3", "trials: 4"), "--resume");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).doesNotContain("started baseline").doesNotContainPattern("trial +\\d+ .* Δm")
                .contains("[2/4 done:").contains("already trained");
    }

    @Test
    void aBaselineThatDoesNotBeatPredictingTheMeanIsReportedAndLeftOutOfDeltaM() throws Exception {
        Run run = run(SPEC.replace("planted: [[a, b], [c]]}", "planted: [[a, b], [c]], unfit: [c]}"));
        assertThat(run.exit()).as(run.err()).isZero();
        // a and b gain 10% each as in the first test; c, unchanged against a baseline worse than the mean, is out.
        assertThat(run.out())
                .containsPattern("warning: the single-task baseline of c \\(rmse \\d+\\.\\d{4}\\) does not beat predicting the"
                        + " training mean \\(\\d+\\.\\d{4}\\): it failed to train, so c is left out of Δm")
                .doesNotContain("baseline of a (").doesNotContain("baseline of b (")
                .contains("Δm +10.00% (validation; positive = better)");
    }

    @Test
    void calibrateRunsTheAaCheckAndReportsTheFalseFlagRate() throws Exception {
        Path json = dir.resolve("aa.json");
        Run run = command("calibrate", SPEC.replace("seeds: 1,", "seeds: 2,"), "--repetitions", "2", "--json", json.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        // The scripted trainer ignores seeds: retrained baselines equal their samples, so nothing may be flagged.
        assertThat(run.out())
                .contains("A/A check of demo: 3 tasks, each baseline retrained on 2 fresh seeds, 2 times")
                .contains("started reference aa-2-c-seed2")
                .containsPattern("1 +\\+0\\.00% \\[\\+0\\.00, \\+0\\.00\\] +a \\+0\\.00 \\[\\+0\\.00, \\+0\\.00\\]")
                .contains("false flags (a significant loss beyond max_task_drop 1%): 0 of 6 task comparisons (0.0%)")
                .contains("Δm intervals containing 0: 2 of 2");
        JsonValue.JsonObject result = (JsonValue.JsonObject) JsonParser.parse(Files.readString(json));
        assertThat(result.members().get("comparisons")).isEqualTo(new JsonValue.JsonInt(java.math.BigInteger.valueOf(6)));
        JsonValue.JsonObject first = (JsonValue.JsonObject) ((JsonValue.JsonArray) result.members().get("repetitions"))
                .elements().get(0);
        assertThat(first.members()).containsKeys("delta_m_interval", "test_delta_m_interval", "flagged", "tasks");
        assertThat(command("calibrate", SPEC).err()).as("seeds: 1 gives no interval").contains("search.seeds is 1");
    }

    @Test
    void layoutsAndGroupingsArePrintedInTheSpecsTaskOrder() throws Exception {
        String cFirst = SPEC.replace("""
                  - {name: a, type: fixture-regression, target: a}
                  - {name: b, type: fixture-regression, target: b}
                  - {name: c, type: fixture-regression, target: c}
                """, """
                  - {name: c, type: fixture-regression, target: c}
                  - {name: a, type: fixture-regression, target: a}
                  - {name: b, type: fixture-regression, target: b}
                """);
        assertThat(cFirst).as("the spec was reordered").isNotEqualTo(SPEC);
        Run run = run(cFirst);
        assertThat(run.exit()).as(run.err()).isZero();
        // Stored canonically as 0x0[1x8[a,b],1x8[c]]; people read the spec's order.
        assertThat(run.out()).contains("layout 0x0[1x8[c],1x8[a,b]]")
                .containsPattern("trial +\\d+ 0x0\\[1x8\\[c\\],1x8\\[a,b\\]\\]")
                .contains("candidate groupings: [{c,a,b}, {c}|{a,b}]")
                .doesNotContain("layout 0x0[1x8[a,b],1x8[c]]");
    }

    @Test
    void withSeveralSeedsTheVerdictIsPrintedWithIntervals() throws Exception {
        Run run = run(SPEC.replace("pruner: negative-transfer,", "pruner: none,").replace("seeds: 1,", "seeds: 2, finalists: 1,"));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("started baseline a repeat 2")
                .contains("started reference finalist hard_sharing seed 2")
                .contains("verdict on 2 seeds per model (mean and 95% interval; models are chosen on validation, where a"
                        + " loss counts when its whole interval is below -1%; test is held out):")
                .containsPattern("MODEL +LAYOUT +TEST Δm +VALIDATION Δm +EPOCH")
                // The scripted trainer plays the same planted errors on both splits, with no seed noise.
                .containsPattern("\\* trial \\d+ +0x0\\[1x8\\[a,b\\],1x8\\[c\\]\\] +\\+6\\.67% \\[\\+6\\.67, \\+6\\.67\\] +"
                        + "\\+6\\.67% \\[\\+6\\.67, \\+6\\.67\\] +4\\n")
                .containsPattern("hard_sharing +1x8\\[a,b,c\\] +-20\\.00% .* significant loss on \\[a, b, c\\]")
                .containsPattern("a +\\+10\\.00% \\[\\+10\\.00, \\+10\\.00\\] +\\+10\\.00% \\[\\+10\\.00, \\+10\\.00\\] +0\\.00%  1x8 lr"
                        + " 0\\.00100, still improving\\n")
                // The scripted curves fall to the last epoch: the budget, not early stopping, ended every baseline.
                .contains("every task's baseline still improved at the last of the 4 epochs")
                .contains("chosen on repeats: trial");
        // The verdict leads; the single run follows as detail.
        String out = run.out();
        assertThat(out).containsPattern("recommended: trial \\d+, Δm \\+6\\.67% \\[\\+6\\.67, \\+6\\.67\\] on 2 seeds"
                + " \\(validation, 95% interval\\); test \\+6\\.67%");
        assertThat(out.indexOf("verdict on 2 seeds")).isLessThan(out.indexOf("the recommended trial's own run"));
    }

    @Test
    void aPerTaskSearchPrintsAndWritesItsParetoSet() throws Exception {
        Path json = dir.resolve("pareto.json");
        Run run = run(SPEC.replace("trials: 3", "trials: 4").replace("pruner: negative-transfer", "objective: per_task")
                .replace("max_branches: 2}", "max_branches: 2, activation: [relu, tanh]}"), "--json", json.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        JsonValue.JsonObject result = (JsonValue.JsonObject) JsonParser.parse(Files.readString(json));
        List<JsonValue> pareto = ((JsonValue.JsonArray) result.members().get("pareto_set")).elements();
        assertThat(pareto).isNotEmpty();
        assertThat(run.out())
                .contains("Pareto set: " + pareto.size() + " trial")
                .containsPattern("TRIAL +Δm% +a rmse ↓ +b rmse ↓ +c rmse ↓ +PARAMS +LAYOUT")
                .containsPattern("activation (relu|tanh), dropout 0, \\d+ parameters");
        long recommended = ((JsonValue.JsonInt) ((JsonValue.JsonObject) result.members().get("recommendation")).members()
                .get("trial_number")).value().longValue();
        assertThat(pareto).extracting(p -> ((JsonValue.JsonInt) ((JsonValue.JsonObject) p).members().get("trial_number"))
                .value().longValue()).contains(recommended);
        assertThat(run.out()).containsPattern("\\* " + recommended + " +[-+]\\d+\\.\\d\\d");
    }

    @Test
    void everySpecProblemIsListedAndNothingRuns() throws Exception {
        Run run = run(SPEC.replace("trials: 3", "trials: 0").replace("training: {", "weighting: {methods: [magic]}\ntraining: {"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("has 2 problems:")
                .contains("search.trials: must be at least 1, got 0")
                .contains("weighting.methods[0]: unknown weighting method \"magic\"");
        Run bound = run(SPEC.replace("target: c}", "target: y9}"));
        assertThat(bound.exit()).isEqualTo(2);
        assertThat(bound.err()).contains("tasks[2].targets: column \"y9\" not in data set");
        assertThat(dir.resolve("work")).doesNotExist();
        assertThat(dir.resolve("db")).doesNotExist();
    }

    @Test
    @org.junit.jupiter.api.Timeout(180)
    void aRunKilledWithSigkillResumesKeepingWhatFinished() throws Exception {
        // trial-1 waits to be stopped, so the kill finds it running with trials 0 and 2 complete. A searched learning
        // rate makes every proposal a new configuration (four layouts alone would repeat, and repeats are not trained).
        String spec = SPEC.replace("planted: [[a, b], [c]]}", "planted: [[a, b], [c]], wait_in: [trial-1]}")
                .replace("training: {epochs: 4,", "training: {epochs: 4, learning_rate: [0.001, 0.01],");
        Files.writeString(dir.resolve("demo.yaml"), spec);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", classpath, BranchwiseCommand.class.getName(), "run",
                dir.resolve("demo.yaml").toString(), "--db", dir.resolve("db/bw").toString(),
                "--work", dir.resolve("work").toString(), "--heap", "96m").redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.contains("[2/3 done:")) {
                output.append(line).append('\n');
            }
            assertThat(line).as("the run never had two trials done; its output:\n" + output).isNotNull();
            // The whole tree, as a container kill would take it: the run first, then its trainer processes.
            List<ProcessHandle> trainers = child.descendants().toList();
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            trainers.forEach(ProcessHandle::destroyForcibly);
        }

        try (H2Storage storage = H2Storage.open(dir.resolve("db/bw"))) {
            List<TrialRecord> killed = storage.trials(storage.studyIdByName("demo"), -1, List.of());
            assertThat(killed).extracting(TrialRecord::state)
                    .containsExactly(TrialState.COMPLETE, TrialState.RUNNING, TrialState.COMPLETE);
        }
        Run resumed = run(spec, "--resume");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).doesNotContain("started baseline").contains("[3/3 done:");
        try (H2Storage storage = H2Storage.open(dir.resolve("db/bw"))) {
            // The resumed sampler replays its seed's proposals: those already trained come back as marked copies.
            List<TrialRecord> after = storage.trials(storage.studyIdByName("demo"), -1, List.of()).stream()
                    .filter(t -> !t.systemAttributes().containsKey(TrialAttributes.DUPLICATE_OF)).toList();
            assertThat(after).hasSize(4).extracting(TrialRecord::number).startsWith(0L, 1L, 2L);
            assertThat(after).extracting(TrialRecord::state).containsExactly(TrialState.COMPLETE, TrialState.FAIL,
                    TrialState.COMPLETE, TrialState.COMPLETE);
            assertThat(after.get(1).systemAttributes().get(TrialAttributes.FAIL_REASON)).contains("interrupted");
        }
    }
}
