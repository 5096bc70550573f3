package dev.frontier.sweeps;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Specs naming a plug-in model: its declared parameters are checked like the built-ins and can be axes. */
class PluginSpecTest {
    static final String CLASS = DeclaredModel.class.getName();

    static String spec(String model, String grid) {
        return "model:\n  class: " + CLASS + "\n" + model.indent(2) + "grid:\n  learningRate: [0.01, 0.1]\n"
                + grid.indent(2);
    }

    static String messages(List<Problem> problems) {
        return problems.stream().map(Problem::toString).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void declaredParametersTakeTheirDefaultsAndAnyOfThemCanBeAnAxis() {
        SweepSpec s = SpecReaderTest.parse(spec("depth: 3\nwidth: 32", "model.initGain: [0.5, 2.0]\nseed: [0, 1]"));
        assertEquals(Map.of("model.depth", 3, "model.width", 32, "model.init", "he"), s.model());
        assertEquals(List.of("learningRate", "model.initGain", "seed"), s.axes().stream().map(Axis::key).toList());
        assertEquals(List.of("model.initGain"), s.configurationAxes().stream().map(Axis::key).toList());
        List<TrialConfig> trials = s.trials();
        assertEquals(8, trials.size());
        TrialConfig t = trials.get(2);
        assertEquals(CLASS, t.modelClass());
        assertEquals(Map.of("depth", 3, "init", "he", "initGain", 2.0, "width", 32), t.modelParameters());
        assertNull(t.hidden(), "the built-in MLP's defaults do not apply");
        assertNull(t.get(Param.NORMALIZATION));
        assertEquals(t, new TrialConfig(t.values()), "a plug-in trial's config reads back as it was written");
    }

    @Test
    void anUnknownKeyUnderModelIsNamedWithTheNearestDeclaredOne() {
        String m = messages(SpecReaderTest.problems(spec("depth: 3\nwidht: 32", "")));
        assertTrue(m.contains("model.widht: unknown key (did you mean width?)"), m);
    }

    @Test
    void declaredRulesApplyToFixedValuesAndToAxisValues() {
        String m = messages(SpecReaderTest.problems(spec("depth: 30\ninit: lecun",
                "model.width: [64, 0]\nmodel.colour: [1]")));
        assertTrue(m.contains("model.depth: must be between 1 and 16, got 30"), m);
        assertTrue(m.contains("model.init: must be one of he, glorot, got \"lecun\""), m);
        assertTrue(m.contains("grid.model.width[1]: must be between 1 and 4096, got 0"), m);
        assertTrue(m.contains("grid.model.colour: unknown key"), m);
    }

    @Test
    void aRequiredParameterWithoutAValueIsNamed() {
        String m = messages(SpecReaderTest.problems(spec("width: 32", "")));
        assertTrue(m.contains("model.depth: is required by " + CLASS), m);
    }

    @Test
    void theBuiltInMlpsParametersAreRefusedBesideAPlugin() {
        String m = messages(SpecReaderTest.problems(spec("depth: 2\nhidden: [64]", "normalization: [none, batchnorm]")));
        assertTrue(m.contains("model.hidden: belongs to the built-in MLP"), m);
        assertTrue(m.contains("grid.normalization: belongs to the built-in MLP"), m);
    }

    @Test
    void aMissingClassOrOneThatIsNoPluginIsBadInputNamingModelClass() {
        String missing = messages(SpecReaderTest.problems(
                "model: {class: com.example.Nowhere, width: 3}\ngrid: {learningRate: [0.1]}"));
        assertTrue(missing.contains("model.class: class com.example.Nowhere is not on the classpath; pass the jar "
                + "that holds it with --jars"), missing);
        assertTrue(!missing.contains("width"), "the parameters of a class that did not load are not guessed at");
        String notPlugin = messages(SpecReaderTest.problems(
                "model: {class: java.lang.String}\ngrid: {learningRate: [0.1]}"));
        assertTrue(notPlugin.contains("java.lang.String is not a Frontier model plug-in"), notPlugin);
    }

    @Test
    void aModelAxisWithoutAPluginSaysSo() {
        String m = messages(SpecReaderTest.problems("grid: {learningRate: [0.1], model.width: [1, 2]}"));
        assertTrue(m.contains("grid.model.width: is a plug-in model's parameter; name the plug-in with model.class"), m);
    }

    @Test
    void aFixedValueAndAnAxisOfTheSameParameterAreRefused() {
        String m = messages(SpecReaderTest.problems(spec("depth: 2\nwidth: 8", "model.width: [8, 16]")));
        assertTrue(m.contains("grid.model.width: is also set as model.width; keep one"), m);
    }
}
