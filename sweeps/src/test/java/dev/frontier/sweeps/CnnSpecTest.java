package dev.frontier.sweeps;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CnnSpecTest {
    @Test
    void theCnnTakesItsOwnDefaultsAndNotTheMlps() {
        TrialConfig t = SpecReaderTest.parse("data: {builtin: shapes}\nmodel: {type: cnn}\n"
                + "grid: {learningRate: [0.1], normalization: [none, groupnorm]}").trials().get(1);
        assertEquals("cnn", t.modelType());
        assertEquals(List.of(16, 32), t.channels());
        assertEquals(3, t.kernel());
        assertEquals(List.of(128), t.dense());
        assertEquals(256, t.features(), "shapes are 16 × 16 by default");
        assertEquals("groupnorm", t.normalization());
        assertNull(t.hidden());
        TrialConfig mlp = SpecReaderTest.parse("grid: {learningRate: [0.1]}").trials().get(0);
        assertEquals("mlp", mlp.modelType());
        assertNull(mlp.get(Param.MODEL_TYPE), "no key unless set: older trial ids stay as they were");
        assertNull(mlp.channels());
    }

    @Test
    void eachNetworksParametersBelongToIt() {
        String m = SpecReaderTest.problems("model: {channels: [8], kernel: 3}\ngrid: {learningRate: [0.1], "
                + "normalization: [groupnorm]}").toString();
        assertTrue(m.contains("model.channels: belongs to the built-in CNN: set model.type: cnn"), m);
        assertTrue(m.contains("model.kernel: belongs to the built-in CNN"), m);
        assertTrue(m.contains("grid.normalization: groupnorm groups a convolution's channels"), m);
        String c = SpecReaderTest.problems("data: {builtin: shapes}\nmodel: {type: cnn, hidden: [8], kernel: 4}\n"
                + "grid: {learningRate: [0.1]}").toString();
        assertTrue(c.contains("model.hidden: belongs to the built-in MLP"), c);
        assertTrue(c.contains("model.kernel: must be odd, from 1 to 15, got 4"), c);
        String d = SpecReaderTest.problems("model: {type: cnn}\ngrid: {learningRate: [0.1]}").toString();
        assertTrue(d.contains("data.features: the cnn takes square one-channel images: 2 features are not a square"),
                d);
    }
}
