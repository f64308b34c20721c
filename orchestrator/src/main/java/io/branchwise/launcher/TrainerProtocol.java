package io.branchwise.launcher;

import io.branchwise.json.AffinityJson;
import io.branchwise.json.PlainJson;
import io.branchwise.plugin.SpecException;
import io.branchwise.plugin.trainer.EpochReport;
import io.branchwise.plugin.trainer.TrialResult;
import io.branchwise.space.grouping.AffinityMatrix;
import io.branchwise.space.json.JsonSyntaxException;
import io.branchwise.trial.TrialSpec;
import io.branchwise.trial.TrialSpecReader;
import io.branchwise.trial.TrialSpecWriter;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Encodes {@link TrainerMessage}s as single JSON lines and reads them back. */
public final class TrainerProtocol {
    private TrainerProtocol() {
    }

    /** The message's {@code "type"} on the wire. */
    public static String type(TrainerMessage message) {
        if (message instanceof TrainerMessage.Start) {
            return "start";
        } else if (message instanceof TrainerMessage.Stop) {
            return "stop";
        } else if (message instanceof TrainerMessage.Alive) {
            return "alive";
        } else if (message instanceof TrainerMessage.Epoch) {
            return "epoch";
        } else if (message instanceof TrainerMessage.Affinity) {
            return "affinity";
        } else if (message instanceof TrainerMessage.Log) {
            return "log";
        } else if (message instanceof TrainerMessage.Result) {
            return "result";
        }
        return "error";
    }

    /**
     * A message and the job it belongs to. A warm trainer process runs job after job, so every line between it
     * and its parent names its job: a late {@code stop} for a finished job, or a report from a process that died
     * between jobs, can then never be attributed to the next one.
     *
     * @param job the job's number, counted from 1; {@link #NO_JOB} when the line names none
     */
    public record Line(long job, TrainerMessage message) {
    }

    /** The job number of a line that names none (an external trainer's messages, a single-job exchange). */
    public static final long NO_JOB = 0;

    public static String encode(TrainerMessage message) {
        return encode(NO_JOB, message);
    }

    public static String encode(long job, TrainerMessage message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type(message));
        if (job != NO_JOB) {
            m.put("job", job);
        }
        // Stop and alive are their type alone.
        if (message instanceof TrainerMessage.Start s) {
            m.put("spec", TrialSpecWriter.write(s.spec()));
            m.put("base_directory", s.spec().baseDirectory().toAbsolutePath().toString());
            m.put("work_directory", s.workDirectory());
        } else if (message instanceof TrainerMessage.Epoch e) {
            m.put("epoch", e.report().epoch());
            m.put("values", e.report().values());
            m.put("train_loss", e.report().trainLoss());
            m.put("seconds", e.report().seconds());
            m.put("samples", e.report().samples());
        } else if (message instanceof TrainerMessage.Affinity a) {
            m.put("step", a.step());
            m.putAll(AffinityJson.write(a.matrix()));
        } else if (message instanceof TrainerMessage.Log l) {
            m.put("message", l.message());
        } else if (message instanceof TrainerMessage.Result r) {
            TrialResult t = r.result();
            m.put("epochs", t.epochs());
            m.put("stopped", t.stopped());
            m.put("validation", t.validation());
            m.put("test", t.test());
            m.put("affinity", t.affinity() == null ? null : AffinityJson.write(t.affinity()));
            m.put("model", t.model() == null ? null : t.model().toString());
            m.put("samples_per_second", t.samplesPerSecond());
            m.put("best_epoch", t.bestEpoch());
        } else if (message instanceof TrainerMessage.Failure f) {
            m.put("message", f.message());
            m.put("path", f.path());
        }
        // One message per line: the JSON writer escapes newlines inside strings, so a line is never split.
        return PlainJson.write(m);
    }

    /** The message on a line, or empty when the line is not a protocol message (stray output). */
    public static Optional<TrainerMessage> decode(String line) {
        return decodeLine(line).map(Line::message);
    }

    /** The message on a line with the job it names, or empty when the line is not a protocol message. */
    public static Optional<Line> decodeLine(String line) {
        if (line.isEmpty() || line.charAt(0) != '{') {
            return Optional.empty();
        }
        Object json;
        try {
            json = PlainJson.read(line);
        } catch (JsonSyntaxException e) {
            return Optional.empty();
        }
        if (!(json instanceof Map<?, ?> map) || !(map.get("type") instanceof String)) {
            return Optional.empty();
        }
        MessageFields fields = MessageFields.of(json);
        long job = NO_JOB;
        try {
            job = fields.has("job") ? fields.integer("job") : NO_JOB;
            if (job < NO_JOB) {
                throw new MalformedMessageException(fields.path("job"), "job numbers count from 1, got " + job);
            }
            return Optional.of(new Line(job, message(fields)));
        } catch (MalformedMessageException e) {
            throw new MalformedLineException((String) map.get("type"), job < NO_JOB ? NO_JOB : job, e, line);
        }
    }

    /**
     * A message another program sent as one JSON document, already read ({@link #readJson}): an external trainer's,
     * over gRPC. Unlike a line of a child's output, which may be stray printing, anything that is not a well-formed
     * message is refused.
     *
     * @throws MalformedMessageException naming the JSON path at fault
     */
    public static TrainerMessage decodeMessage(Object json) {
        MessageFields m = MessageFields.of(json);
        m.string("type");
        return message(m);
    }

    /**
     * A {@code result} message's trial result, sent as one JSON document (already read); its {@code "type"} may be
     * left out.
     *
     * @throws MalformedMessageException naming the JSON path at fault
     */
    public static TrialResult decodeResult(Object json) {
        MessageFields m = MessageFields.of(json);
        String type = m.has("type") ? m.string("type") : "result";
        if (!type.equals("result")) {
            throw new MalformedMessageException(m.path("type"), "expected \"result\", got \"" + type + "\"");
        }
        return result(m);
    }

    /** @throws MalformedMessageException at {@code $} when the text is not JSON */
    public static Object readJson(String json) {
        try {
            return PlainJson.read(json);
        } catch (JsonSyntaxException e) {
            throw new MalformedMessageException("$", "not JSON: " + e.getMessage());
        }
    }

    private static TrainerMessage message(MessageFields m) {
        String type = m.string("type");
        return switch (type) {
            case "start" -> new TrainerMessage.Start(spec(m), m.string("work_directory"));
            case "stop" -> new TrainerMessage.Stop();
            case "alive" -> new TrainerMessage.Alive();
            case "epoch" -> new TrainerMessage.Epoch(epoch(m));
            case "affinity" -> new TrainerMessage.Affinity(affinity(m, "$"), m.integer("step"));
            case "log" -> new TrainerMessage.Log(m.string("message"));
            case "result" -> new TrainerMessage.Result(result(m));
            case "error" -> new TrainerMessage.Failure(m.string("message"), m.has("path") ? m.string("path") : "");
            default -> throw new MalformedMessageException(m.path("type"), "unknown message type \"" + type
                    + "\"; expected one of start, stop, alive, epoch, affinity, log, result, error");
        };
    }

    /** The spec, checked as {@code branchwise train} checks a spec file; a fault names its path below {@code $.spec}. */
    @SuppressWarnings("unchecked")
    private static TrialSpec spec(MessageFields m) {
        m.object("spec");
        String base = m.string("base_directory");
        try {
            return TrialSpecReader.fromMap((Map<String, Object>) m.raw("spec"), Path.of(base));
        } catch (java.nio.file.InvalidPathException e) {
            throw new MalformedMessageException(m.path("base_directory"), "not a folder path: " + e.getMessage());
        } catch (SpecException e) {
            throw new MalformedMessageException(m.path("spec") + (e.path().isEmpty() ? "" : "." + e.path()),
                    e.problem(), e);
        } catch (IllegalArgumentException e) {
            // A record's own check the reader did not anticipate: still the spec's fault, still this job's.
            throw new MalformedMessageException(m.path("spec"), e.getMessage(), e);
        }
    }

    /** Training loss, seconds and samples are bookkeeping, so a trainer that does not count them may leave them out. */
    private static EpochReport epoch(MessageFields m) {
        long epoch = m.integer("epoch");
        if (epoch < 1 || epoch > Integer.MAX_VALUE) {
            throw new MalformedMessageException(m.path("epoch"), "epochs count from 1, got " + epoch);
        }
        return new EpochReport((int) epoch, m.numbers("values"), m.numbers("train_loss", Map.of()),
                m.number("seconds", 0.0), m.integer("samples", 0));
    }

    private static TrialResult result(MessageFields m) {
        long epochs = m.integer("epochs");
        if (epochs < 0 || epochs > Integer.MAX_VALUE) {
            throw new MalformedMessageException(m.path("epochs"), "must be 0 or more, got " + epochs);
        }
        String model = m.optionalString("model");
        Path modelPath;
        try {
            modelPath = model == null ? null : Path.of(model);
        } catch (java.nio.file.InvalidPathException e) {
            throw new MalformedMessageException(m.path("model"), "not a file path: " + e.getMessage());
        }
        long bestEpoch = m.integer("best_epoch", epochs);
        if (bestEpoch < 0 || bestEpoch > epochs) {
            throw new MalformedMessageException(m.path("best_epoch"), "must be one of the " + epochs
                    + " epochs trained (or 0 when none finished), got " + bestEpoch);
        }
        return new TrialResult((int) epochs, m.bool("stopped", false), m.metrics("validation"), m.metrics("test"),
                m.has("affinity") ? affinity(m.object("affinity"), m.path("affinity")) : null,
                modelPath, m.number("samples_per_second", 0.0), (int) bestEpoch);
    }

    private static AffinityMatrix affinity(MessageFields m, String path) {
        List<String> tasks = m.strings("tasks");
        double[][] rows = m.rows("matrix");
        try {
            return new AffinityMatrix(tasks, rows);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(path, e.getMessage());
        }
    }
}
