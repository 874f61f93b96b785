package dev.vmlab.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Colour only for a terminal that allows it; tables aligned the same with and without colour. */
class RenderTest {
    @Test
    void colourOnlyOnATerminalWithoutNoColorOrDumb() {
        assertTrue(Style.forTerminal(true, Map.of("TERM", "xterm-256color")).color());
        assertFalse(Style.forTerminal(false, Map.of("TERM", "xterm-256color")).color(), "pipes and files");
        assertFalse(Style.forTerminal(true, Map.of("TERM", "xterm", "NO_COLOR", "1")).color());
        assertTrue(Style.forTerminal(true, Map.of("TERM", "xterm", "NO_COLOR", "")).color(), "an empty NO_COLOR does not count");
        assertFalse(Style.forTerminal(true, Map.of("TERM", "dumb")).color());
        assertEquals("text", Style.PLAIN.red("text"));
        assertEquals("\u001b[31mtext\u001b[0m", Style.forTerminal(true, Map.of()).red("text"));
    }

    @Test
    void tablesPadColumnsRightAlignNumbersAndLeaveNoTrailingSpaces() {
        Table t = new Table("counter", "value").right(1).row("instructions", 1234).row("traps", 7);
        assertEquals(List.of("counter       value", "instructions   1234", "traps             7"), t.lines(Style.PLAIN));
    }

    @Test
    void aColouredHeaderLinesUpLikeAPlainOne() {
        Table t = new Table("a", "b").indent("  ").row("xx", "y");
        Style colour = Style.forTerminal(true, Map.of());
        assertEquals("  \u001b[1ma   b\u001b[0m", t.lines(colour).get(0));
        assertEquals("  xx  y", t.lines(colour).get(1));
    }

    @Test
    void jsonKeepsKeyOrderAndWritesHex() {
        Map<String, Object> o = Json.object();
        o.put("z", 1);
        o.put("a", Json.hex64(0x80000000L));
        assertEquals("{\"z\":1,\"a\":\"0x0000000080000000\"}", Json.write(o));
    }
}
