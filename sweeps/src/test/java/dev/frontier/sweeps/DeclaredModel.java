package dev.frontier.sweeps;

import java.util.List;

/** A plug-in's declaration, for reading specs that name one (the network itself is the worker's business). */
public final class DeclaredModel implements ModelDeclaration {
    @Override
    public List<OpenParam> parameters() {
        return List.of(OpenParam.integer("width", 64, 1, 4096, "hidden width"),
                OpenParam.real("initGain", 1.0, 0.01, 100, "initial weight scale"),
                OpenParam.choice("init", "he", "initialization", "he", "glorot"),
                OpenParam.integer("depth", null, 1, 16, "blocks (required)"));
    }
}
