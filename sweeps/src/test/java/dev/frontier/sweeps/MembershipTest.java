package dev.frontier.sweeps;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MembershipTest {
    static final SweepSpec SPEC = new SweepSpec("m", Map.of(Param.STEPS, 50), List.of(
            Axis.of(Param.LEARNING_RATE, 0.001, 0.01, 0.1, 1.0),
            Axis.of(Param.OPTIMIZER, "sgd", "adamw"),
            Axis.of(Param.SEED, 0, 1)));

    @Test
    void everyTrialOfTheGridBelongs() {
        Membership members = Membership.of(SPEC);
        assertTrue(SPEC.trials().stream().allMatch(members::includes));
    }

    @Test
    void aLearningRateNoGridListedBelongsWhenItLiesInTheSweptRange() {
        Membership members = Membership.of(SPEC);
        TrialConfig grid = SPEC.trials().get(0);
        assertTrue(members.includes(grid.with(Param.LEARNING_RATE, 0.0316)), "a probe between two grid values");
        assertTrue(members.includes(grid.with(Param.LEARNING_RATE, 1.0)), "the range's ends are in it");
        assertFalse(members.includes(grid.with(Param.LEARNING_RATE, 3.0)), "above the range");
        assertFalse(members.includes(grid.with(Param.LEARNING_RATE, 0.0009)), "below the range");
    }

    @Test
    void anyOtherParameterMustBeThatOfATrialOfTheGrid() {
        Membership members = Membership.of(SPEC);
        TrialConfig sgd = SPEC.trials().stream().filter(c -> c.optimizer().equals("sgd")).findFirst().orElseThrow();
        TrialConfig adamw = SPEC.trials().stream().filter(c -> c.optimizer().equals("adamw")).findFirst()
                .orElseThrow();
        assertFalse(members.includes(sgd.with(Param.SEED, 2)), "a seed the spec does not list");
        assertFalse(members.includes(sgd.with(Param.OPTIMIZER, "adam")), "an optimizer the spec does not list");
        assertFalse(members.includes(sgd.with(Param.STEPS, 51)), "another training budget");
        // each value is one the spec gives, but not together: sgd's weight decay is not adamw's default
        assertTrue(adamw.weightDecay() != sgd.weightDecay());
        assertFalse(members.includes(sgd.with(Param.WEIGHT_DECAY, adamw.weightDecay())));
    }
}
