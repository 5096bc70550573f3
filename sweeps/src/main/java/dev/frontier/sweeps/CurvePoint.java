package dev.frontier.sweeps;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.io.Serializable;

/** The training loss at one step; {@code loss} is null when it was not finite. Written as {@code [step, loss]}. */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
public record CurvePoint(int step, Double loss) implements Serializable {
}
