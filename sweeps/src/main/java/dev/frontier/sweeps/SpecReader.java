package dev.frontier.sweeps;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads a {@link SweepSpec} from YAML or JSON (one schema). Reports every problem at once: syntax errors with line and
 * column, unknown keys with the nearest known one, wrong types and broken rules with the path of the value.
 */
public final class SpecReader {
    private static final Set<String> TOP_LEVEL = Set.of("name", "data", "model", "training", "grid");
    private static final List<String> SECTIONS = List.of("data", "model", "training");

    private SpecReader() {
    }

    public static SweepSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file.toString(), "file not found");
        } catch (CharacterCodingException e) {
            throw new BadInputException(file.toString(), "is not UTF-8 text");
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot be read: " + e.getMessage());
        }
        String base = file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        return parse(text, file.toString(), base);
    }

    /**
     * Parses a spec's text. {@code sourceName} names it in syntax errors; {@code defaultName} is the sweep's name
     * when the spec has none.
     */
    public static SweepSpec parse(String text, String sourceName, String defaultName) {
        boolean json = sourceName.toLowerCase(Locale.ROOT).endsWith(".json");
        ObjectMapper mapper = json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? sourceName
                    : sourceName + " line " + at.getLineNr() + ", column " + at.getColumnNr();
            String message = e.getOriginalMessage().lines().findFirst().orElse("malformed");
            throw new BadInputException(where, (json ? "malformed JSON: " : "malformed YAML: ") + message);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new BadInputException(sourceName, "is empty; a spec needs at least grid.learningRate");
        }
        if (!root.isObject()) {
            throw new BadInputException(sourceName, "must be a mapping of name, data, model, training and grid");
        }
        return new Reading(defaultName, text).read(root);
    }

    /** The state of one reading: what parsed, and every problem found so far. */
    private static final class Reading {
        private final String defaultName;
        private final String text;
        private final List<Problem> problems = new ArrayList<>();
        private final Map<Param, Object> fixed = new EnumMap<>(Param.class);
        private final List<Axis> axes = new ArrayList<>();
        private final Set<Param> attempted = EnumSet.noneOf(Param.class);
        private LrSearch search;
        /** The plug-in model's declared parameters by name, when {@code model.class} names one that loaded. */
        private Map<String, OpenParam> declared;
        /** {@code model.class} was given but could not be loaded: its parameters cannot be checked. */
        private boolean declarationFailed;
        private final Map<String, Object> modelValues = new TreeMap<>();
        private final Set<String> modelSwept = new HashSet<>();

        Reading(String defaultName, String text) {
            this.defaultName = defaultName;
            this.text = text;
        }

        SweepSpec read(JsonNode root) {
            String name = defaultName;
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!TOP_LEVEL.contains(key)) {
                    problems.add(unknown(key, key, TOP_LEVEL));
                }
            }
            JsonNode nameNode = root.get("name");
            if (nameNode != null) {
                if (nameNode.isTextual() && !nameNode.asText().isBlank()) name = nameNode.asText();
                else if (nameNode.isNumber()) name = nameNode.asText();
                else problems.add(new Problem("name", "must be a non-empty text, got " + Kind.show(nameNode)));
            }
            for (String section : SECTIONS) {
                JsonNode node = root.get(section);
                if (node == null || node.isNull()) continue;
                readSection(section, node);
            }
            JsonNode grid = root.get("grid");
            if (grid != null && !grid.isNull()) readGrid(grid);
            if (declared != null) {
                for (OpenParam op : declared.values()) {
                    if (modelValues.containsKey(op.key()) || modelSwept.contains(op.key())) continue;
                    if (op.defaultValue() != null) {
                        modelValues.put(op.key(), op.defaultValue());
                    } else {
                        problems.add(new Problem("model." + op.name(), "is required by " + fixed.get(Param.MODEL_CLASS)
                                + ": " + op.describeValues() + (op.description().isEmpty() ? ""
                                : " (" + op.description() + ")")));
                    }
                }
            }

            List<Problem> relations = SpecRules.problems(name, fixed, axes);
            for (Problem p : relations) {
                boolean consequence = p.where().equals("training.learningRate") && attempted.contains(Param.LEARNING_RATE);
                if (!consequence) problems.add(p);
            }
            BadInputException.throwIfAny(problems);
            return new SweepSpec(name, fixed, axes, text, search, modelValues);
        }

        private void readSection(String path, JsonNode node) {
            if (!node.isObject()) {
                problems.add(new Problem(path, "must be a mapping of keys to values, got " + Kind.show(node)));
                return;
            }
            if (path.equals("model") && node.hasNonNull("class") && node.get("class").isTextual()) {
                declare(node.get("class").asText());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String full = path + "." + e.getKey();
                var param = Param.bySpecPath(full);
                if (path.equals("model") && param.isEmpty() && (declared != null || declarationFailed)) {
                    OpenParam op = declared == null ? null : declared.get(e.getKey());
                    if (op != null) {
                        Object v = e.getValue().isNull() ? null : op.read(e.getValue(), full, problems);
                        if (v != null) modelValues.put(op.key(), v);
                    } else if (declared != null) {
                        problems.add(unknown(full, e.getKey(), declaredNames()));
                    }
                    continue;
                }
                if (param.isPresent()) {
                    Param p = param.get();
                    attempted.add(p);
                    if (e.getValue().isNull()) continue;
                    Object v = p.kind().read(e.getValue(), full, problems);
                    if (v != null) fixed.put(p, v);
                } else if (isGroup(full)) {
                    readSection(full, e.getValue());
                } else {
                    problems.add(unknownInSection(path, e.getKey()));
                }
            }
        }

        /** Loads the plug-in {@code className}'s declaration; its parameters are then known under model. */
        private void declare(String className) {
            try {
                List<OpenParam> list = ModelDeclaration.load(className).parameters();
                Map<String, OpenParam> byName = new LinkedHashMap<>();
                for (OpenParam op : list == null ? List.<OpenParam>of() : list) {
                    if (Param.bySpecPath("model." + op.name()).isPresent()) {
                        problems.add(new Problem("model.class", className + " declares a parameter named "
                                + op.name() + ", which is a built-in key of model; it needs another name"));
                    } else if (byName.put(op.name(), op) != null) {
                        problems.add(new Problem("model.class", className + " declares " + op.name() + " twice"));
                    }
                }
                declared = byName;
            } catch (BadInputException e) {
                problems.addAll(e.problems());
                declarationFailed = true;
            } catch (RuntimeException | LinkageError e) {
                problems.add(new Problem("model.class", className + ".parameters() threw " + e));
                declarationFailed = true;
            }
        }

        private List<String> declaredNames() {
            return declared == null ? List.of() : List.copyOf(declared.keySet());
        }

        /** {@code grid.model.<name>}: an axis over a plug-in model's own parameter. */
        private void readModelAxis(String name, JsonNode node, String where) {
            if (declarationFailed) return;
            OpenParam op = declared == null ? null : declared.get(name);
            if (op == null) {
                problems.add(declared == null
                        ? new Problem(where, "is a plug-in model's parameter; name the plug-in with model.class")
                        : unknown(where, name, declaredNames().stream().map(n -> OpenParam.PREFIX + n).toList()));
                return;
            }
            if (modelValues.containsKey(op.key())) {
                problems.add(new Problem(where, "is also set as model." + name + "; keep one"));
                return;
            }
            List<Object> values = new ArrayList<>();
            if (!node.isArray() || node.isEmpty() || op.listValued() && !node.get(0).isArray()) {
                problems.add(new Problem(where, "must list the values of model." + name + " to sweep: "
                        + op.describeValues() + " each"));
                return;
            }
            int before = problems.size();
            for (int i = 0; i < node.size(); i++) {
                Object v = op.read(node.get(i), where + "[" + i + "]", problems);
                if (v != null) values.add(v);
            }
            if (problems.size() > before) return;
            List<Problem> axisProblems = Axis.problems(where, values, v -> op.check(v).orElse(null));
            problems.addAll(axisProblems);
            if (axisProblems.isEmpty()) {
                axes.add(new Axis(op.key(), values));
                modelSwept.add(op.key());
            }
        }

        private void readGrid(JsonNode grid) {
            if (!grid.isObject()) {
                problems.add(new Problem("grid", "must be a mapping of parameter names to values, got "
                        + Kind.show(grid)));
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = grid.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String where = "grid." + e.getKey();
                if (e.getKey().startsWith(OpenParam.PREFIX)) {
                    readModelAxis(e.getKey().substring(OpenParam.PREFIX.length()), e.getValue(), where);
                    continue;
                }
                var param = Param.byKey(e.getKey());
                if (param.isEmpty()) {
                    List<String> keys = Arrays.stream(Param.values()).filter(Param::sweepable).map(Param::key).toList();
                    problems.add(unknown(where, e.getKey(), keys));
                    continue;
                }
                Param p = param.get();
                attempted.add(p);
                if (!p.sweepable()) {
                    problems.add(new Problem(where, "cannot be swept; set " + p.specPath() + " instead"));
                    continue;
                }
                List<Object> values = readAxisValues(p, e.getValue(), where);
                if (values == null) continue;
                List<Problem> axisProblems = Axis.problems(p, values);
                problems.addAll(axisProblems);
                if (axisProblems.isEmpty()) axes.add(new Axis(p, values));
            }
        }

        private List<Object> readAxisValues(Param p, JsonNode node, String where) {
            if (node.isObject() && node.has("search")) return readSearch(p, node, where);
            if (node.isObject()) return readLogAxis(p, node, where);
            List<Object> values = new ArrayList<>();
            boolean ok = true;
            if (node.isArray()) {
                if (node.isEmpty()) {
                    problems.add(new Problem(where, "must list at least one value"));
                    return null;
                }
                boolean listValued = p.kind() instanceof Kind.Widths;
                boolean nested = listValued && node.get(0).isArray();
                if (listValued && !nested) {
                    Object v = p.kind().read(node, where, problems);
                    return v == null ? null : List.of(v);
                }
                for (int i = 0; i < node.size(); i++) {
                    Object v = p.kind().read(node.get(i), where + "[" + i + "]", problems);
                    if (v == null) ok = false;
                    else values.add(v);
                }
            } else {
                Object v = p.kind().read(node, where, problems);
                if (v == null) ok = false;
                else values.add(v);
            }
            return ok ? values : null;
        }

        /** {@code {search: frontier, range: [lo, hi], resolution: r}}: the coarse grid of a boundary search. */
        private List<Object> readSearch(Param p, JsonNode node, String where) {
            if (p != Param.LEARNING_RATE) {
                problems.add(new Problem(where + ".search", "only the learning rate can be searched; list the values "
                        + "of " + p.key()));
                return null;
            }
            int before = problems.size();
            List<String> keys = List.of("search", "range", "resolution");
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!keys.contains(key)) problems.add(unknown(where + "." + key, key, keys));
            }
            JsonNode kind = node.get("search");
            if (!kind.isTextual() || !kind.asText().equals("frontier")) {
                problems.add(new Problem(where + ".search", "must be frontier (a boundary search), got "
                        + Kind.show(kind)));
            }
            // the shapes here; the values' rules are LrSearch's own
            JsonNode range = node.get("range");
            boolean twoNumbers = range != null && range.isArray() && range.size() == 2 && range.get(0).isNumber()
                    && range.get(1).isNumber();
            if (!twoNumbers) {
                problems.add(new Problem(where + ".range", "must be two positive numbers [lo, hi] from low to high, "
                        + "got " + (range == null ? "nothing" : range.toString())));
            }
            JsonNode resolution = node.get("resolution");
            if (resolution == null || !resolution.isNumber()) {
                problems.add(new Problem(where + ".resolution", "must be a number of decades between "
                        + LrSearch.FINEST + " and 1 (0.05: the bracket ends within 12% of the boundary), got "
                        + (resolution == null ? "nothing" : Kind.show(resolution))));
            }
            if (problems.size() > before) return null;
            try {
                search = new LrSearch(range.get(0).asDouble(), range.get(1).asDouble(), resolution.asDouble());
            } catch (BadInputException e) {
                problems.addAll(e.problems());
                return null;
            }
            return search.coarse();
        }

        private List<Object> readLogAxis(Param p, JsonNode node, String where) {
            if (!(p.kind() instanceof Kind.Real)) {
                problems.add(new Problem(where, "must be a list of values; {log: [lo, hi], perDecade: n} only "
                        + "applies to numbers like learningRate"));
                return null;
            }
            int before = problems.size();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!key.equals("log") && !key.equals("perDecade")) {
                    problems.add(unknown(where + "." + key, key, List.of("log", "perDecade")));
                }
            }
            JsonNode range = node.get("log");
            JsonNode perDecade = node.get("perDecade");
            double lo = 0;
            double hi = 0;
            int n = 0;
            if (range == null || !range.isArray() || range.size() != 2 || !range.get(0).isNumber()
                    || !range.get(1).isNumber()) {
                problems.add(new Problem(where + ".log", "must be two numbers [lo, hi], got "
                        + (range == null ? "nothing" : range.toString())));
            } else {
                lo = range.get(0).asDouble();
                hi = range.get(1).asDouble();
                if (!(lo > 0) || !Double.isFinite(hi)) {
                    problems.add(new Problem(where + ".log", "must be two positive finite numbers, got " + range));
                } else if (hi < lo) {
                    problems.add(new Problem(where + ".log", "must go from low to high, got " + range));
                }
            }
            if (perDecade == null || !perDecade.isIntegralNumber() || perDecade.asInt() < 1 || perDecade.asInt() > 100) {
                problems.add(new Problem(where + ".perDecade", "must be an integer between 1 and 100, got "
                        + (perDecade == null ? "nothing" : Kind.show(perDecade))));
            } else {
                n = perDecade.asInt();
            }
            if (problems.size() > before) return null;
            List<Object> values = Axis.logSpaced(lo, hi, n);
            for (int i = 0; i < values.size(); i++) {
                String why = p.kind().check(values.get(i));
                if (why != null) {
                    problems.add(new Problem(where, "value " + values.get(i) + " " + why));
                    return null;
                }
            }
            return values;
        }

        private static boolean isGroup(String path) {
            return Arrays.stream(Param.values()).anyMatch(p -> p.specPath().startsWith(path + "."));
        }

        private static Problem unknownInSection(String path, String key) {
            String where = path + "." + key;
            var elsewhere = Param.byKey(key);
            if (elsewhere.isPresent()) {
                return new Problem(where, "unknown key here; " + key + " belongs at " + elsewhere.get().specPath()
                        + (elsewhere.get().sweepable() ? " (or as an axis under grid)" : ""));
            }
            String prefix = path + ".";
            Set<String> known = Arrays.stream(Param.values()).map(Param::specPath).filter(s -> s.startsWith(prefix))
                    .map(s -> s.substring(prefix.length()).split("\\.")[0]).collect(Collectors.toSet());
            return unknown(where, key, known);
        }

        private static Problem unknown(String where, String key, Collection<String> known) {
            String hint = Suggest.closest(key, known);
            return new Problem(where, "unknown key" + (hint != null ? " (did you mean " + hint + "?)"
                    : "; known keys: " + known.stream().sorted().collect(Collectors.joining(", "))));
        }
    }
}
