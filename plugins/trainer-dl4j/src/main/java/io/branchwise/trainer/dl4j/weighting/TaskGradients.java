package io.branchwise.trainer.dl4j.weighting;

/**
 * What a gradient-combining step sees of one batch.
 *
 * @param shared    per task, its gradient of the shared parameters (the mean-loss gradient, all of equal length)
 * @param focusNorms per task, the norm of its gradient on the last shared layer (GradNorm's W)
 * @param losses    per task, its unweighted mean loss on the batch
 */
public record TaskGradients(float[][] shared, double[] focusNorms, double[] losses) {
    public TaskGradients {
        if (shared.length == 0 || shared.length != focusNorms.length || shared.length != losses.length) {
            throw new IllegalArgumentException("need one gradient, norm and loss per task, got " + shared.length + ", "
                    + focusNorms.length + ", " + losses.length);
        }
        for (float[] g : shared) {
            if (g.length != shared[0].length) {
                throw new IllegalArgumentException("task gradients differ in length");
            }
        }
    }

    public int tasks() {
        return shared.length;
    }

    public int length() {
        return shared[0].length;
    }
}
