package dev.vmlab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exercises in samples/exercises: each grading scenario fails as shipped, passes with the
 * change its handout asks for, and only within the range the handout implies. The exploring
 * scenarios run.
 */
class ExercisesTest {
    static final Path DIR = Path.of("../samples/exercises");

    private static Scenario load(String exercise, String file) {
        return ScenarioLoader.load(DIR.resolve(exercise).resolve(file));
    }

    private static boolean passes(Scenario s) {
        return Grader.grade(s, ScenarioRunner.run(s, RunOptions.grading())).passed();
    }

    private static Scenario limit(Scenario s, long instructions) {
        return s.withLimits(new Scenario.Limits(instructions, 0));
    }

    private static Scenario tlb(Scenario s, int entries) {
        Vm v = s.vm();
        Vm changed = new Vm(v.name(), v.mode(), v.engine(), v.vcpus(), v.memory(), v.guest(), v.builds(), v.disk(),
            v.profile(), entries, v.realtime(), v.bootargs());
        return new Scenario(s.name(), s.description(), s.host(), List.of(changed), s.trace(), s.limits(), s.input(),
            s.expect(), s.origin());
    }

    @Test
    void findTheTrap() {
        Scenario g = load("01-find-the-trap", "grade.json");
        assertFalse(passes(g), "ships unsolved");
        assertFalse(passes(limit(g, 2789)), "the line is not printed yet");
        assertTrue(passes(limit(g, 2790)));
        assertTrue(passes(limit(g, 2795)), "the instret the trap trace shows");
        assertFalse(passes(limit(g, 2796)), "the illegal instruction has trapped");
    }

    @Test
    void makeTheWalksGoAway() {
        Scenario g = load("02-make-the-walks-go-away", "grade.json");
        assertFalse(passes(g), "ships unsolved");
        assertFalse(passes(tlb(g, 4)));
        assertTrue(passes(tlb(g, 8)), "the smallest size that passes");
        assertTrue(passes(tlb(g, 64)));
    }

    @Test
    void countTheTicks() {
        Scenario g = load("03-count-the-ticks", "grade.json");
        assertFalse(passes(g), "ships unsolved");
        assertFalse(passes(limit(g, 66577)), "the third tick reaches S-mode at 66577");
        assertTrue(passes(limit(g, 66578)));
        assertTrue(passes(limit(g, 76657)));
        assertFalse(passes(limit(g, 76658)), "the fourth machine timer interrupt");
    }

    @Test
    void theExploringScenariosRun() {
        for (String e : List.of("01-find-the-trap", "02-make-the-walks-go-away", "03-count-the-ticks")) {
            Scenario s = load(e, "start.json");
            RunResult r = ScenarioRunner.run(s, RunOptions.grading());
            assertTrue(r.outcome() == Outcome.PASS || r.outcome() == Outcome.LIMIT, e + ": " + r.detail());
            assertEquals(0, s.expect().count(), e);
        }
    }
}
