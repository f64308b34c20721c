package io.branchwise.search.spec;

import io.branchwise.plugin.data.Dataset;
import io.branchwise.plugin.data.Split;
import io.branchwise.plugin.task.TaskHead;

import java.util.Map;

/**
 * What a task scores without learning anything from the features: every row predicted as the training split's mean
 * label — the mean for a regression target, the class frequencies for a classification one (the prior, which is
 * what a calibrated model that ignores its input outputs). A single-task baseline that does not beat this has
 * failed, and no comparison against it means anything.
 *
 * @param validation every metric of the task's type on the validation split
 * @param test       the same on the test split
 */
public record TrivialScores(Map<String, Double> validation, Map<String, Double> test) {
    public TrivialScores {
        validation = Map.copyOf(validation);
        test = Map.copyOf(test);
    }

    public static TrivialScores of(TaskHead head, Dataset data) {
        int width = head.outputSize();
        float[] train = head.labels(data.train());
        int rows = train.length / width;
        float[] mean = new float[width];
        for (int c = 0; c < width; c++) {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += train[r * width + c];
            }
            mean[c] = (float) (sum / rows);
        }
        return new TrivialScores(score(head, data.validation(), mean), score(head, data.test(), mean));
    }

    private static Map<String, Double> score(TaskHead head, Split split, float[] mean) {
        if (split.rows() == 0) {
            return Map.of();
        }
        float[] predictions = new float[split.rows() * mean.length];
        for (int r = 0; r < split.rows(); r++) {
            System.arraycopy(mean, 0, predictions, r * mean.length, mean.length);
        }
        return head.metrics(predictions, split);
    }
}
