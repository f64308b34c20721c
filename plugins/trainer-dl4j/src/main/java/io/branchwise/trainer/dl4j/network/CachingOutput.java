package io.branchwise.trainer.dl4j.network;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * DL4J's output layer configuration, instantiating {@link CachingOutputLayer}: same parameters, loss and JSON form
 * (plus this class name), fewer operations per training step.
 */
public class CachingOutput extends OutputLayer {
    private static final long serialVersionUID = 1L;

    /** For Jackson (model loading). */
    public CachingOutput() {
    }

    public CachingOutput(OutputLayer.Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        CachingOutputLayer layer = new CachingOutputLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> table = initializer().init(conf, paramsView, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }
}
