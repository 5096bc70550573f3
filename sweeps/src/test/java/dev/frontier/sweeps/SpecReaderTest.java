package dev.frontier.sweeps;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecReaderTest {
    static final String QUICKSTART = """
            name: quickstart
            data:
              builtin: spirals
              standardize: false
              validation: 0.2
            model:
              hidden: [256, 256, 256]
              activation: relu
            training:
              steps: 300
              batchSize: 128
              schedule: constant
              weightDecay: 0
              divergence: {lossFactor: 10}
              stall: {ratio: 0.9}
              targetLoss: 0.1
            grid:
              learningRate: {log: [1.0e-4, 10], perDecade: 2}
              warmupSteps: [0, 50]
              optimizer: [sgd, momentum, adam]
              normalization: [none, batchnorm]
              seed: [0]
            """;

    static SweepSpec parse(String yaml) {
        return SpecReader.parse(yaml, "spec.yaml", "spec");
    }

    static List<Problem> problems(String yaml) {
        return assertThrows(BadInputException.class, () -> parse(yaml)).problems();
    }

    @Test
    void readsTheIssueExample() {
        SweepSpec spec = parse(QUICKSTART);
        assertEquals("quickstart", spec.name());
        assertEquals(List.of(256, 256, 256), spec.fixed().get(Param.HIDDEN));
        assertEquals(0.0, spec.fixed().get(Param.WEIGHT_DECAY));
        assertEquals(10.0, spec.fixed().get(Param.LOSS_FACTOR));
        assertEquals(0.9, spec.fixed().get(Param.STALL_RATIO));
        assertEquals(0.1, spec.fixed().get(Param.TARGET_LOSS));
        assertEquals(List.of("learningRate", "warmupSteps", "optimizer", "normalization", "seed"),
                spec.axes().stream().map(Axis::key).toList());
        assertEquals(11 * 2 * 3 * 2, spec.trialCount());
        assertEquals(List.of(1.0e-4, 3.162e-4, 1.0e-3, 3.162e-3, 0.01, 0.03162, 0.1, 0.3162, 1.0, 3.162, 10.0),
                spec.axis(Param.LEARNING_RATE).orElseThrow().values());
        assertEquals(QUICKSTART, spec.source());
    }

    @Test
    void jsonAndYamlAreOneSchema() {
        String json = """
                {"name": "j", "data": {"builtin": "blobs", "features": 4},
                 "training": {"steps": 20, "divergence": {"lossFactor": 5}},
                 "grid": {"learningRate": [0.1, 1], "optimizer": ["adam"]}}
                """;
        SweepSpec fromJson = SpecReader.parse(json, "spec.json", "x");
        SweepSpec fromYaml = SpecReader.parse(json, "spec.yaml", "x");
        assertEquals(fromJson.fixed(), fromYaml.fixed());
        assertEquals(fromJson.axes(), fromYaml.axes());
        assertEquals(List.of(0.1, 1.0), fromJson.axis(Param.LEARNING_RATE).orElseThrow().values());
        assertEquals(5.0, fromJson.fixed().get(Param.LOSS_FACTOR));
    }

    @Test
    void nameDefaultsToTheFileName() {
        assertEquals("spec", parse("grid: {learningRate: [0.1]}").name());
    }

    @Test
    void anyScalarMayBeAnAxis() {
        SweepSpec spec = parse("""
                grid:
                  learningRate: [0.1]
                  batchSize: [32, 64]
                  standardize: [false, true]
                  activation: [relu, tanh, gelu, linear]
                  schedule: [constant, cosine, step]
                  weightDecay: [0, 0.001]
                  hidden: [[16], [32, 32]]
                """);
        assertEquals(2 * 2 * 4 * 3 * 2 * 2, spec.trialCount());
        assertEquals(List.of(List.of(16), List.of(32, 32)), spec.axis(Param.HIDDEN).orElseThrow().values());
    }

    @Test
    void aScalarUnderGridIsAOneValueAxis() {
        assertEquals(List.of(0), parse("grid: {learningRate: [0.1], seed: 0}").axis(Param.SEED).orElseThrow().values());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            grid: {learningRate: [0.1, 0, 1]}                        | grid.learningRate[1]        | must be > 0, got 0.0
            grid: {learningRate: [0.1, -1]}                          | grid.learningRate[1]        | must be > 0, got -1.0
            grid: {learningRate: [NaN]}                              | grid.learningRate[0]        | must be a finite number
            grid: {learningRate: [1e999]}                            | grid.learningRate[0]        | must be a finite number
            grid: {learningRate: [0.1, abc]}                         | grid.learningRate[1]        | must be a number, got "abc"
            grid: {learningRate: []}                                 | grid.learningRate           | must list at least one value
            grid: {learningRate: [0.1, 0.2, 0.1]}                    | grid.learningRate[2]        | repeats grid.learningRate[0]
            grid: {learningRate: {log: [1, 0.1], perDecade: 2}}      | grid.learningRate.log       | must go from low to high
            grid: {learningRate: {log: [0, 1], perDecade: 2}}        | grid.learningRate.log       | must be two positive finite numbers
            grid: {learningRate: {log: [0.1, 1], perDecade: 0}}      | grid.learningRate.perDecade | must be an integer between 1 and 100
            grid: {learningRate: {log: [0.1, 1]}}                    | grid.learningRate.perDecade | must be an integer between 1 and 100
            grid: {learningRate: {log: [0.1, 1], perDecad: 2}}       | grid.learningRate.perDecad  | unknown key (did you mean perDecade?)
            grid: {learningRate: {lin: [0.1, 1], perDecade: 2}}      | grid.learningRate.log       | must be two numbers [lo, hi]
            grid: {optimizer: {log: [1, 2], perDecade: 1}, learningRate: [1]} | grid.optimizer     | only applies to numbers
            grid: {learningRate: {search: bisect, range: [1.0e-4, 1], resolution: 0.1}} | grid.learningRate.search | must be frontier
            grid: {learningRate: {search: frontier, range: [1, 0.1], resolution: 0.1}} | grid.learningRate.range | must be two positive numbers [lo, hi] from low to high
            grid: {learningRate: {search: frontier, range: [0.01, 1]}} | grid.learningRate.resolution | must be a number of decades between 0.001 and 1
            grid: {learningRate: {search: frontier, range: [0.01, 1], resolution: 2}} | grid.learningRate.resolution | got 2
            grid: {learningRate: {search: frontier, range: [0.01, 1], resolution: 0.1, step: 1}} | grid.learningRate.step | unknown key
            grid: {learningRate: [1], warmupSteps: {search: frontier, range: [1, 10], resolution: 0.1}} | grid.warmupSteps.search | only the learning rate can be searched
            grid: {learningRate: [1], epsilon: [1.0e-8, 1.0e-3]}      | grid.epsilon                | only adam, adamw, rmsprop take an epsilon; this sweep's optimizers are [sgd]
            {grid: {learningRate: [1]}, training: {optimizer: adam, epsilon: 2}} | training.epsilon | must be in (0, 1), got 2
            grid: {learningRate: [1], warmupSteps: [0, -5]}          | grid.warmupSteps[1]         | must be >= 0, got -5
            grid: {learningRate: [1], warmupSteps: [0, 2.5]}         | grid.warmupSteps[1]         | must be an integer, got 2.5
            grid: {learningRate: [1], warmupSteps: [0, 500]}         | grid.warmupSteps[1]         | a warm-up of 500 steps is longer than the run (training.steps = 300 by default)
            grid: {learningRate: [1], optimizer: [sgd, adma]}        | grid.optimizer[1]           | must be one of sgd, momentum, nesterov, adam, adamw, rmsprop, got "adma" (did you mean adam?)
            grid: {learningRate: [1], normalization: [batchnrom]}    | grid.normalization[0]       | (did you mean batchnorm?)
            grid: {learningRate: [1], activation: [sigmoid]}         | grid.activation[0]          | must be one of relu, tanh, gelu, linear
            grid: {learningRate: [1], seed: [0, 0]}                  | grid.seed[1]                | repeats grid.seed[0] (0)
            grid: {learningRate: [1], lerningRate: [1]}              | grid.lerningRate            | unknown key (did you mean learningRate?)
            grid: {learningRate: [1], csv: [a.csv]}                  | grid.csv                    | cannot be swept; set data.csv instead
            grid: {learningRate: [1], batchSize: [4096]}             | grid.batchSize[0]           | a batch of 4096 is larger than the training split (1600 of 2000 examples after holding out 0.2)
            grid: [1, 2]                                             | grid                        | must be a mapping of parameter names to values
            {grid: {learningRate: [1]}, trainig: {steps: 3}}         | trainig                     | unknown key (did you mean training?)
            {grid: {learningRate: [1]}, training: {step: 3}}         | training.step               | unknown key (did you mean steps?)
            {grid: {learningRate: [1]}, training: {normalization: batchnorm}} | training.normalization | unknown key here; normalization belongs at model.normalization (or as an axis under grid)
            {grid: {learningRate: [1]}, training: {steps: 0}}        | training.steps              | must be between 1 and 10000000, got 0
            {grid: {learningRate: [1]}, training: {steps: "300"}}    | training.steps              | must be an integer, got "300"
            {grid: {learningRate: [1]}, training: {batchSize: 0}}    | training.batchSize          | must be >= 1, got 0
            {grid: {learningRate: [1]}, training: {weightDecay: -1}} | training.weightDecay        | must be >= 0, got -1.0
            {grid: {learningRate: [1]}, training: {divergence: {lossFactor: 1}}} | training.divergence.lossFactor | must be > 1, got 1.0
            {grid: {learningRate: [1]}, training: {divergence: {factor: 3}}} | training.divergence.factor | unknown key (did you mean lossFactor?)
            {grid: {learningRate: [1]}, training: {stall: {ratio: 0}}} | training.stall.ratio        | must be in (0, 1], got 0.0
            {grid: {learningRate: [1]}, training: {targetLoss: -1}}  | training.targetLoss         | must be > 0, got -1.0
            {grid: {learningRate: [1]}, training: {steps: 10, warmupSteps: 20}} | training.warmupSteps | a warm-up of 20 steps is longer than the run (training.steps = 10)
            {grid: {learningRate: [1]}, training: {optimizer: sgd}, model: {hidden: [0, 3]}} | model.hidden[0] | must be a layer width between 1 and 65536, got 0
            {grid: {learningRate: [1]}, model: {hidden: 3}}          | model.hidden                | must be a list of layer widths like [256, 256], got 3
            {grid: {learningRate: [1]}, model: {activation: Relu}}   | model.activation            | (did you mean relu?)
            {grid: {learningRate: [1]}, model: [1]}                  | model                       | must be a mapping of keys to values, got a list
            {grid: {learningRate: [1]}, data: {validation: 1.5}}     | data.validation             | must be between 0 and 1 (exclusive), got 1.5
            {grid: {learningRate: [1]}, data: {standardize: yes please}} | data.standardize        | must be true or false, got "yes please"
            {grid: {learningRate: [1]}, data: {builtin: mnist}}      | data.builtin                | must be one of spirals, blobs, teacher, shapes, got "mnist"
            {grid: {learningRate: [1]}, data: {builtin: spirals, features: 1}} | data.features     | spirals needs at least 2 features, got 1
            {grid: {learningRate: [1]}, data: {samples: 20, classes: 11}} | data.classes           | 11 classes need at least 22 samples (data.samples = 20)
            {grid: {learningRate: [1]}, data: {csv: a.csv, builtin: blobs, label: y}} | data       | set either data.builtin or data.csv, not both
            {grid: {learningRate: [1]}, data: {csv: a.csv}}          | data.label                  | is required with data.csv
            {grid: {learningRate: [1]}, data: {label: y}}            | data.label                  | only applies to data.csv
            {grid: {learningRate: [1]}, data: {csv: a.csv, label: y, samples: 10}} | data.samples  | only applies to built-in data
            {grid: {learningRate: [1]}, training: {learningRate: 0.1}} | grid.learningRate         | is also set as training.learningRate; keep one
            {training: {steps: 10}}                                  | training.learningRate       | is required: set grid.learningRate
            {grid: {learningRate: [1]}, name: [x]}                   | name                        | must be a non-empty text, got a list
            """)
    void everyRuleNamesItsField(String yaml, String where, String message) {
        List<Problem> problems = problems(yaml);
        assertTrue(problems.stream().anyMatch(p -> p.where().equals(where) && p.message().contains(message)),
                () -> "expected " + where + ": ..." + message + "... in " + problems);
    }

    @Test
    void threeMistakesGiveThreeMessages() {
        List<Problem> problems = problems("""
                name: broken
                model:
                  activation: sigmoid
                training:
                  steps: -3
                grid:
                  learningRate: [0.1, 0]
                """);
        assertEquals(List.of("model.activation", "training.steps", "grid.learningRate[1]"),
                problems.stream().map(Problem::where).toList(), problems::toString);
    }

    @Test
    void malformedYamlNamesLineAndColumn() {
        List<Problem> problems = problems("""
                name: x
                grid:
                  learningRate: [0.1, 0.2
                  seed: [0]
                """);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).where().matches("spec\\.yaml line \\d+, column \\d+"), problems::toString);
        assertTrue(problems.get(0).message().startsWith("malformed YAML"), problems::toString);
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> SpecReader.parse("{\"grid\": {\"learningRate\": [0.1,]}\n}", "s.json", "s"));
        assertTrue(e.problems().get(0).where().startsWith("s.json line 1, column "), e::getMessage);
    }

    @Test
    void duplicateKeysAreAnError() {
        List<Problem> problems = problems("grid:\n  learningRate: [1]\n  learningRate: [2]\n");
        assertTrue(problems.get(0).message().contains("Duplicate field 'learningRate'"), problems::toString);
        assertTrue(problems.get(0).where().contains("line 3"), problems::toString);
    }

    @Test
    void emptyAndNonMappingSpecsAreRefused() {
        assertTrue(problems("").get(0).message().contains("is empty"));
        assertTrue(problems("- a\n- b\n").get(0).message().contains("must be a mapping"));
    }

    @Test
    void specsBuiltInCodeGetTheSameChecks() {
        BadInputException e = assertThrows(BadInputException.class, () -> new SweepSpec("x",
                java.util.Map.of(Param.STEPS, 10), List.of(Axis.of(Param.LEARNING_RATE, 0.1),
                Axis.of(Param.WARMUP_STEPS, 0, 11))));
        assertEquals("grid.warmupSteps[1]", e.problems().get(0).where());
        assertThrows(BadInputException.class, () -> Axis.of(Param.LEARNING_RATE, 0.1, -0.1));
    }

    @Test
    void aBoundarySearchIsACoarseHalfDecadeGridOverItsRangeWithBothEnds() {
        SweepSpec spec = parse("grid: {learningRate: {search: frontier, range: [2.0e-4, 0.5], resolution: 0.05}}\n");
        assertEquals(new LrSearch(2.0e-4, 0.5, 0.05), spec.search());
        assertEquals(List.of(2.0e-4, 6.325e-4, 0.002, 0.006325, 0.02, 0.06325, 0.2, 0.5),
                spec.axis(Param.LEARNING_RATE).orElseThrow().values());
        assertEquals(4, spec.search().bisections(), "0.5 decade halved 4 times is 0.03125, within 0.05");
        assertEquals(8 + 4 + 2, spec.plannedTrials());
        assertEquals(null, parse("grid: {learningRate: [0.1]}\n").search());
    }
}
