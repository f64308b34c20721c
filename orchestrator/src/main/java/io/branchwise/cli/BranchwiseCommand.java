package io.branchwise.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code branchwise} executable: one subcommand per job. */
@Command(name = "branchwise", mixinStandardHelpOptions = true, version = "Branchwise 0.1.0",
        description = "Searches multi-task sharing layouts and serves Optuna-compatible storage.",
        subcommands = {ServeCommand.class, RunCommand.class, CalibrateCommand.class, TrainCommand.class,
                PluginsCommand.class})
public final class BranchwiseCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BranchwiseCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
