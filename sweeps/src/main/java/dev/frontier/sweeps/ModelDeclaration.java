package dev.frontier.sweeps;

import java.lang.reflect.InvocationTargetException;
import java.util.List;

/**
 * What a plug-in model tells a spec reader: the parameters it accepts. The worker's {@code ModelPlugin} extends it
 * with the network itself; the spec is checked against the declaration on the driver before anything runs.
 */
public interface ModelDeclaration {
    /** The parameters the model accepts under {@code model:}, each with its rule and default. */
    List<OpenParam> parameters();

    /**
     * An instance of the plug-in class {@code name}, from the thread's context class loader (where {@code --jars}
     * puts a user's jars).
     *
     * @throws BadInputException naming {@code model.class} when the class is missing, is not a plug-in, or cannot be
     *                           made
     */
    static ModelDeclaration load(String name) {
        Class<?> type;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            type = Class.forName(name, true, loader != null ? loader : ModelDeclaration.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new BadInputException("model.class", "class " + name + " is not on the classpath; pass the jar "
                    + "that holds it with --jars" + (e instanceof LinkageError ? " (" + e + ")" : ""));
        }
        if (!ModelDeclaration.class.isAssignableFrom(type)) {
            throw new BadInputException("model.class", name + " is not a Frontier model plug-in: it must implement "
                    + "dev.frontier.worker.ModelPlugin");
        }
        try {
            return (ModelDeclaration) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new BadInputException("model.class", name + " needs a public no-argument constructor");
        } catch (InstantiationException e) {
            throw new BadInputException("model.class", name + " cannot be instantiated (is it abstract?)");
        } catch (InvocationTargetException e) {
            throw new BadInputException("model.class", name + "'s constructor threw " + e.getCause());
        }
    }
}
