package io.branchwise.cli;

import io.branchwise.search.SearchResult;
import io.branchwise.search.SearchRunner;
import io.branchwise.search.spec.BoundTask;
import io.branchwise.search.spec.SearchSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Searches sharing layouts, loss weighting and learning rate for the tasks of a search spec:",
                "single-task baselines, an affinity run, the search, and a recommendation. Ctrl-C stops cleanly;",
                "--resume continues the study of the same name."})
final class RunCommand extends SpecCommand {
    @Option(names = "--resume", description = "Continue the study of the same name; nothing that finished is redone.")
    private boolean resume;

    @Override
    String name() {
        return "run";
    }

    @Override
    boolean resume() {
        return resume;
    }

    @Override
    int execute(SearchSpec spec, List<BoundTask> tasks, SearchRunner runner, PrintStream out) throws Exception {
        out.printf("study %s: %d tasks, %d trials, %d trainer processes; database %s%n", spec.name(), tasks.size(),
                spec.search().trials(), spec.search().parallel(), database().toAbsolutePath());
        SearchResult result = runner.run();
        SearchTable.print(result, out);
        writeJson(result.toMap());
        return result.status() == SearchResult.Status.COMPLETE ? 0 : 130;
    }
}
