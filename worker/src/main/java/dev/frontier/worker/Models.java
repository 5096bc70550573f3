package dev.frontier.worker;

import dev.frontier.sweeps.ModelDeclaration;
import dev.frontier.sweeps.TrialConfig;

import java.util.Locale;

/**
 * Builds the network a pack trains: the built-in MLP for the whole pack, or alone a plug-in's {@link Model} or a DL4J
 * network's.
 */
final class Models {
    private Models() {
    }

    /** The network for a pack of {@code members} trials like {@code c}; {@code network} is a DL4J config's text. */
    static PackedModel build(TrialConfig c, int features, int classes, int members, String network) {
        if (c.regression() && (c.dl4j() != null || c.modelType().equals("cnn"))) {
            throw new IllegalArgumentException("regression is for the built-in MLP and plug-in models");
        }
        if (c.dl4j() != null) {
            if (members != 1) throw new IllegalArgumentException("a DL4J network trains alone, not in a pack of " + members);
            if (network == null) throw new IllegalArgumentException("the DL4J network " + c.dl4j()
                    + " was not provided to the worker");
            // DL4J runs its own workspaces and some of its calls insist that none of the caller's is open
            return new SingleModel(Dl4jModel.of(network, c.dl4j(), TrialRunner.streamSeed(c.seed(), 1)), c.dl4j(),
                    false);
        }
        if (c.modelClass() == null && c.modelType().equals("cnn")) {
            return new PackedCnn(features, c.channels(), c.kernel(), c.dense(), classes, Activation.of(c.activation()),
                    PackedCnn.Norm.valueOf(c.normalization().toUpperCase(Locale.ROOT)), TrialRunner.DTYPE, members);
        }
        if (c.modelClass() == null) {
            return new PackedMlp(features, c.hidden(), classes, Activation.of(c.activation()),
                    PackedMlp.Norm.valueOf(c.normalization().toUpperCase(Locale.ROOT)), TrialRunner.DTYPE, members,
                    c.regression());
        }
        if (members != 1) throw new IllegalArgumentException("a plug-in model trains alone, not in a pack of " + members);
        ModelDeclaration declared = ModelDeclaration.load(c.modelClass());
        if (!(declared instanceof ModelPlugin plugin)) {
            throw new IllegalArgumentException(c.modelClass() + " does not implement " + ModelPlugin.class.getName());
        }
        Model model = plugin.build(c.modelParameters(), new ModelPlugin.Shape(features, classes),
                TrialRunner.streamSeed(c.seed(), 1));
        if (model == null) throw new IllegalStateException(c.modelClass() + ".build returned null");
        return new SingleModel(model, c.modelClass());
    }
}
