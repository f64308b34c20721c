package io.branchwise.trainer.dl4j.network;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

/**
 * DL4J's dense layer configuration, instantiating {@link CachingDenseLayer} instead of DL4J's own implementation:
 * same parameters, initialisation and serialised form (plus this class name), faster backward pass. Built from an
 * ordinary {@link DenseLayer.Builder} result so that every default the builder sets is kept.
 */
public class CachingDense extends DenseLayer {
    private static final long serialVersionUID = 1L;

    /**
     * False for a layer that reads the network input: nothing uses the gradient with respect to the input, and for
     * wide inputs (784 pixels) computing it is a fifth of the training step.
     */
    private boolean inputGradient = true;

    /** For Jackson (model loading). */
    public CachingDense() {
    }

    /** A copy of {@code built} (every field, up the class hierarchy) that instantiates the caching layer. */
    public static CachingDense of(DenseLayer built) {
        return of(built, true);
    }

    /** @param inputGradient whether the layer's backward pass must produce the gradient for its input */
    public static CachingDense of(DenseLayer built, boolean inputGradient) {
        CachingDense copy = new CachingDense();
        for (Class<?> c = DenseLayer.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(copy, f.get(built));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy dense layer field " + f, e);
                }
            }
        }
        copy.inputGradient = inputGradient;
        return copy;
    }

    public boolean inputGradient() {
        return inputGradient;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        CachingDenseLayer layer = new CachingDenseLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> table = initializer().init(conf, paramsView, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }
}
