package dev.frontier.worker;

import dev.frontier.sweeps.ModelDeclaration;

import java.util.Map;

/**
 * A model of the user's own, named in a spec as {@code model: {class: com.example.MyModel, ...its parameters}}: a
 * public class with a public no-argument constructor, on the classpath of the driver and of every executor
 * ({@code --jars}). It declares the parameters it accepts ({@link #parameters()}), which the spec is checked against
 * like the built-ins' and which can be axes under {@code grid} as {@code model.<name>}; Frontier builds one
 * {@link Model} per trial. Plug-ins train one trial per task (packing is the built-in models' optimization).
 */
public interface ModelPlugin extends ModelDeclaration {
    /**
     * The network for one trial: {@code parameters} holds every declared parameter's value (by its name, without the
     * {@code model.} prefix, defaults filled in), {@code shape} the data's, and {@code seed} is the trial's seed of
     * the initial weights (the same trial, the same seed, on every run).
     */
    Model build(Map<String, Object> parameters, Shape shape, long seed);

    /** The shape of the data a model is built for: features per example and the number of classes. */
    record Shape(int features, int classes) {
    }
}
