package dev.vmlab.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vmlab.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mangled scenarios (characters deleted, duplicated or replaced, values swapped for values of
 * other types) either load or fail with a {@link BadInputException} carrying a position: never
 * another exception. Fixed seed, so a failure reproduces.
 */
class ScenarioLoaderFuzzTest {
    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "1e400", "0x",
        "\"x\"", "18446744073709551616", "\"\\u0000\"", "{}", "[]", "\"64M\"", "\"all\"", "1.5", "\n"};

    @Test
    void mangledScenariosLoadOrFailCleanly() throws IOException {
        Path base = Path.of("../scenarios");
        List<String> seeds = List.of(Files.readString(base.resolve("hello.json")), Files.readString(base.resolve("paging.json")),
            Files.readString(base.resolve("bench-sv39.json")));
        Random r = new Random(42);
        int loaded = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder b = new StringBuilder(seeds.get(i % seeds.size()));
            for (int edits = 1 + r.nextInt(3); edits > 0; edits--) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
                    default -> b.setCharAt(at, (char) (32 + r.nextInt(95)));
                }
            }
            String text = b.toString();
            try {
                ScenarioLoader.parse(text, "f.json", base);
                loaded++;
            } catch (BadInputException e) {
                assertTrue(e.getMessage().matches("(?s)f\\.json(:\\d+:\\d+)?: .+"), e.getMessage());
                assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
            } catch (RuntimeException e) {
                fail("input " + i + " threw " + e + " for:\n" + text, e);
            }
        }
        assertTrue(loaded > 0, "some mutations keep the scenario valid");
    }
}
