package dev.frontier.sweeps.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;

/**
 * The JSON conventions of every file Frontier writes: non-finite numbers are written as {@code null} (valid JSON that
 * pandas and Spark read as NaN), unknown properties fail reading.
 */
public final class Json {
    private static final ObjectMapper MAPPER = create();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper create() {
        SimpleModule finite = new SimpleModule("finite-or-null");
        JsonSerializer<Double> doubles = new JsonSerializer<>() {
            @Override
            public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
                if (v == null || !Double.isFinite(v)) g.writeNull();
                else g.writeNumber(v);
            }
        };
        finite.addSerializer(Double.class, doubles);
        finite.addSerializer(double.class, doubles);
        return new ObjectMapper().registerModule(finite)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
