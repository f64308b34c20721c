package io.branchwise.storage.h2;

import io.branchwise.space.study.StudyDirection;
import io.branchwise.space.study.TrialState;
import io.branchwise.storage.AttributeScope;
import io.branchwise.storage.StudyTask;
import io.branchwise.storage.TrialRecord;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes of a {@link Change} in the journal: a sequence number, a tag, then the fields. Doubles travel as their
 * raw bits so NaN and infinities come back unchanged; strings as a length and their UTF-16 code units (attributes
 * can be megabytes, beyond {@code writeUTF}'s 64 KiB), with length -1 for null.
 */
final class ChangeCodec {
    private static final byte STUDY_CREATED = 1;
    private static final byte STUDY_DELETED = 2;
    private static final byte STUDY_ATTRIBUTE_SET = 3;
    private static final byte TRIAL_CREATED = 4;
    private static final byte TRIAL_PARAMETER_SET = 5;
    private static final byte TRIAL_STATE_SET = 6;
    private static final byte INTERMEDIATE_VALUE_SET = 7;
    private static final byte TRIAL_ATTRIBUTE_SET = 8;
    private static final byte STUDY_TASKS_SET = 9;
    private static final byte TRIAL_TASK_VALUES_SET = 10;
    private static final byte BASELINE_CACHED = 11;

    private static final StudyDirection[] DIRECTIONS = StudyDirection.values();
    private static final TrialState[] STATES = TrialState.values();
    private static final AttributeScope[] SCOPES = AttributeScope.values();

    /** A change read back from the journal with the sequence number it was written under. */
    record Numbered(long sequence, Change change) {
    }

    private ChangeCodec() {
    }

    static byte[] encode(long sequence, Change change) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(sequence);
            write(out, change);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a change in memory failed", e);
        }
        return bytes.toByteArray();
    }

    static Numbered decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        long sequence = in.readLong();
        Change change = read(in);
        if (in.available() != 0) {
            throw new IOException("journal record " + sequence + " has " + in.available() + " unexpected trailing bytes");
        }
        return new Numbered(sequence, change);
    }

    private static void write(DataOutputStream out, Change change) throws IOException {
        if (change instanceof Change.StudyCreated c) {
            out.writeByte(STUDY_CREATED);
            out.writeLong(c.studyId());
            writeString(out, c.name());
            out.writeInt(c.directions().size());
            for (StudyDirection d : c.directions()) {
                out.writeByte(d.ordinal());
            }
            out.writeLong(c.createdAtMillis());
        } else if (change instanceof Change.StudyDeleted c) {
            out.writeByte(STUDY_DELETED);
            out.writeLong(c.studyId());
        } else if (change instanceof Change.StudyAttributeSet c) {
            out.writeByte(STUDY_ATTRIBUTE_SET);
            out.writeLong(c.studyId());
            out.writeByte(c.scope().ordinal());
            writeString(out, c.key());
            writeString(out, c.json());
        } else if (change instanceof Change.TrialCreated c) {
            out.writeByte(TRIAL_CREATED);
            writeTrial(out, c.trial());
        } else if (change instanceof Change.TrialParameterSet c) {
            out.writeByte(TRIAL_PARAMETER_SET);
            out.writeLong(c.studyId());
            out.writeLong(c.trialId());
            writeString(out, c.name());
            writeDouble(out, c.internalValue());
            writeString(out, c.distributionJson());
        } else if (change instanceof Change.TrialStateSet c) {
            out.writeByte(TRIAL_STATE_SET);
            out.writeLong(c.trialId());
            out.writeByte(c.state().ordinal());
            out.writeInt(c.values().length);
            for (double v : c.values()) {
                writeDouble(out, v);
            }
            writeString(out, c.now());
        } else if (change instanceof Change.IntermediateValueSet c) {
            out.writeByte(INTERMEDIATE_VALUE_SET);
            out.writeLong(c.trialId());
            out.writeLong(c.step());
            writeDouble(out, c.value());
        } else if (change instanceof Change.TrialAttributeSet c) {
            out.writeByte(TRIAL_ATTRIBUTE_SET);
            out.writeLong(c.trialId());
            out.writeByte(c.scope().ordinal());
            writeString(out, c.key());
            writeString(out, c.json());
        } else if (change instanceof Change.StudyTasksSet c) {
            out.writeByte(STUDY_TASKS_SET);
            out.writeLong(c.studyId());
            out.writeInt(c.tasks().size());
            for (StudyTask t : c.tasks()) {
                writeString(out, t.name());
                writeString(out, t.type());
                writeString(out, t.metric());
                out.writeByte(t.direction().ordinal());
            }
        } else if (change instanceof Change.TrialTaskValuesSet c) {
            out.writeByte(TRIAL_TASK_VALUES_SET);
            out.writeLong(c.trialId());
            out.writeLong(c.step());
            out.writeInt(c.values().size());
            for (double v : c.values()) {
                writeDouble(out, v);
            }
        } else if (change instanceof Change.BaselineCached c) {
            out.writeByte(BASELINE_CACHED);
            writeString(out, c.key());
            writeString(out, c.json());
            out.writeLong(c.createdAtMillis());
        } else {
            throw new IllegalArgumentException("no journal encoding for " + change.getClass().getName());
        }
    }

    private static Change read(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case STUDY_CREATED -> {
                long studyId = in.readLong();
                String name = readString(in);
                int n = in.readInt();
                List<StudyDirection> directions = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    directions.add(DIRECTIONS[in.readByte()]);
                }
                yield new Change.StudyCreated(studyId, name, List.copyOf(directions), in.readLong());
            }
            case STUDY_DELETED -> new Change.StudyDeleted(in.readLong());
            case STUDY_ATTRIBUTE_SET -> new Change.StudyAttributeSet(in.readLong(), SCOPES[in.readByte()],
                    readString(in), readString(in));
            case TRIAL_CREATED -> new Change.TrialCreated(readTrial(in));
            case TRIAL_PARAMETER_SET -> new Change.TrialParameterSet(in.readLong(), in.readLong(), readString(in),
                    readDouble(in), readString(in));
            case TRIAL_STATE_SET -> {
                long trialId = in.readLong();
                TrialState state = STATES[in.readByte()];
                double[] values = new double[in.readInt()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = readDouble(in);
                }
                yield new Change.TrialStateSet(trialId, state, values, readString(in));
            }
            case INTERMEDIATE_VALUE_SET -> new Change.IntermediateValueSet(in.readLong(), in.readLong(),
                    readDouble(in));
            case TRIAL_ATTRIBUTE_SET -> new Change.TrialAttributeSet(in.readLong(), SCOPES[in.readByte()],
                    readString(in), readString(in));
            case STUDY_TASKS_SET -> {
                long studyId = in.readLong();
                int n = in.readInt();
                List<StudyTask> tasks = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    tasks.add(new StudyTask(readString(in), readString(in), readString(in),
                            DIRECTIONS[in.readByte()]));
                }
                yield new Change.StudyTasksSet(studyId, List.copyOf(tasks));
            }
            case TRIAL_TASK_VALUES_SET -> {
                long trialId = in.readLong();
                long step = in.readLong();
                int n = in.readInt();
                List<Double> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    values.add(readDouble(in));
                }
                yield new Change.TrialTaskValuesSet(trialId, step, Collections.unmodifiableList(values));
            }
            case BASELINE_CACHED -> new Change.BaselineCached(readString(in), readString(in), in.readLong());
            default -> throw new IOException("unknown journal record tag " + tag);
        };
    }

    private static void writeTrial(DataOutputStream out, TrialRecord t) throws IOException {
        out.writeLong(t.id());
        out.writeLong(t.studyId());
        out.writeLong(t.number());
        out.writeByte(t.state().ordinal());
        out.writeInt(t.values().size());
        for (double v : t.values()) {
            writeDouble(out, v);
        }
        writeString(out, t.datetimeStart());
        writeString(out, t.datetimeComplete());
        out.writeInt(t.params().size());
        for (Map.Entry<String, Double> p : t.params().entrySet()) {
            writeString(out, p.getKey());
            writeDouble(out, p.getValue());
            writeString(out, t.distributions().get(p.getKey()));
        }
        writeStrings(out, t.userAttributes());
        writeStrings(out, t.systemAttributes());
        out.writeInt(t.intermediateValues().size());
        for (Map.Entry<Long, Double> iv : t.intermediateValues().entrySet()) {
            out.writeLong(iv.getKey());
            writeDouble(out, iv.getValue());
        }
    }

    private static TrialRecord readTrial(DataInputStream in) throws IOException {
        long id = in.readLong();
        long studyId = in.readLong();
        long number = in.readLong();
        TrialState state = STATES[in.readByte()];
        int valueCount = in.readInt();
        List<Double> values = new ArrayList<>(valueCount);
        for (int i = 0; i < valueCount; i++) {
            values.add(readDouble(in));
        }
        String start = readString(in);
        String complete = readString(in);
        int paramCount = in.readInt();
        Map<String, Double> params = new LinkedHashMap<>();
        Map<String, String> distributions = new LinkedHashMap<>();
        for (int i = 0; i < paramCount; i++) {
            String name = readString(in);
            params.put(name, readDouble(in));
            distributions.put(name, readString(in));
        }
        Map<String, String> user = readStrings(in);
        Map<String, String> system = readStrings(in);
        int stepCount = in.readInt();
        TreeMap<Long, Double> intermediate = new TreeMap<>();
        for (int i = 0; i < stepCount; i++) {
            intermediate.put(in.readLong(), readDouble(in));
        }
        return new TrialRecord(id, studyId, number, state, Collections.unmodifiableList(values), start, complete,
                params, distributions, user, system, intermediate);
    }

    private static void writeStrings(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    private static Map<String, String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    private static void writeDouble(DataOutputStream out, double value) throws IOException {
        out.writeLong(Double.doubleToRawLongBits(value));
    }

    private static double readDouble(DataInputStream in) throws IOException {
        return Double.longBitsToDouble(in.readLong());
    }

    /** UTF-16 code units, so any Java string (even one with a lone surrogate) comes back exactly. */
    private static void writeString(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        int length = text.length();
        byte[] units = new byte[2 * length];
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            units[2 * i] = (byte) (c >>> 8);
            units[2 * i + 1] = (byte) c;
        }
        out.writeInt(length);
        out.write(units);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] units = in.readNBytes(2 * length);
        if (units.length != 2 * length) {
            throw new IOException("journal record ends inside a string");
        }
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) (((units[2 * i] & 0xff) << 8) | (units[2 * i + 1] & 0xff));
        }
        return new String(chars);
    }
}
