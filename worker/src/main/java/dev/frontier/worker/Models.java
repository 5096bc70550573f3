package dev.frontier.worker;

import dev.frontier.sweeps.ModelDeclaration;
import dev.frontier.sweeps.TrialConfig;

import java.util.Locale;

/** Builds the network a pack trains: the built-in MLP for the whole pack, or a plug-in's {@link Model} alone. */
final class Models {
    private Models() {
    }

    static PackedModel build(TrialConfig c, int features, int classes, int members) {
        if (c.modelClass() == null) {
            return new PackedMlp(features, c.hidden(), classes, Activation.of(c.activation()),
                    PackedMlp.Norm.valueOf(c.normalization().toUpperCase(Locale.ROOT)), TrialRunner.DTYPE, members);
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
