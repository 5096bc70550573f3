package dev.frontier.sweeps;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's spec reference names every parameter a spec may set, in its section. */
class ReadmeSpecTableTest {
    @Test
    void everyParameterHasARowInItsSection() throws IOException {
        Path readme = Path.of("..", "README.md");
        assertTrue(Files.exists(readme), "the module runs inside the project: " + readme.toAbsolutePath());
        List<String> rows = Files.readAllLines(readme).stream().filter(l -> l.startsWith("| `")).toList();
        List<String> missing = new ArrayList<>();
        for (Param p : Param.values()) {
            String path = p.specPath();
            String section = path.substring(0, path.indexOf('.'));
            String key = "`" + path.substring(path.indexOf('.') + 1) + "`";
            boolean documented = rows.stream().anyMatch(r -> {
                String[] cells = r.split("\\|");
                return cells.length > 2 && cells[1].contains(key) && cells[2].strip().equals(section);
            });
            if (!documented) missing.add(path);
        }
        // standardize is the older spelling of scaling: standardize, documented in scaling's row
        missing.remove(Param.STANDARDIZE.specPath());
        assertEquals(List.of(), missing, "parameters without a row in the README's spec reference");
    }
}
