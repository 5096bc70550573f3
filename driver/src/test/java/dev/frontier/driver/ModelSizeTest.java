package dev.frontier.driver;

import dev.frontier.sweeps.Param;
import dev.frontier.sweeps.TrialConfig;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How many CNN trials share a pack: up to {@link ModelSize#CNN_PACK}, fewer where a member's step would not fit. */
class ModelSizeTest {
    static TrialConfig cnn(int features, List<Integer> channels, int batch) {
        Map<Param, Object> m = new EnumMap<>(Param.class);
        m.put(Param.BUILTIN, "shapes");
        m.put(Param.FEATURES, features);
        m.put(Param.CLASSES, 5);
        m.put(Param.MODEL_TYPE, "cnn");
        m.put(Param.CHANNELS, channels);
        m.put(Param.BATCH_SIZE, batch);
        m.put(Param.LEARNING_RATE, 0.1);
        return TrialConfig.resolve(m);
    }

    @Test
    void aCnnMembersBytesAreItsColumnsAndActivationsPerExample() {
        // 16 × 16, blocks of 8 and 16: (1·9·256 + 4·8·256) + (8·9·64 + 4·16·64) = 10,496 + 8,704 floats an example
        TrialConfig small = cnn(256, List.of(8, 16), 32);
        assertEquals(2L * 4 * (10_496 + 8_704) * 32, ModelSize.cnnBytes(small, 256));
        assertEquals(ModelSize.CNN_PACK, ModelSize.packLimit(small, Map.of(), null), "a small CNN packs fully");
        assertEquals(3, ModelSize.packLimit(small, Map.of(), 3), "--pack caps it");
    }

    @Test
    void aLargeCnnPacksFewerOrNone() {
        // 28 × 28, blocks of 32 and 64: (1·9·784 + 4·32·784) + (32·9·196 + 4·64·196) = 214,032 floats an example
        TrialConfig large = cnn(784, List.of(32, 64), 128);
        assertEquals(2L * 4 * 214_032 * 128, ModelSize.cnnBytes(large, 784));
        assertEquals(2, ModelSize.packLimit(large, Map.of(), null), "about 220 MB a member in 512 MB");
        assertEquals(1, ModelSize.packLimit(cnn(784, List.of(32, 64), 256), Map.of(), null), "about 440 MB: alone");
    }
}
