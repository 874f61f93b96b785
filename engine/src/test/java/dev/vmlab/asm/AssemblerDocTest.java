package dev.vmlab.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmlab.isa.Decoder;
import dev.vmlab.isa.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Keeps docs/assembler.md honest: every ```asm block in it assembles. */
class AssemblerDocTest {
    private static final Path DOC = Path.of("../docs/assembler.md");

    record Block(int line, String text) {}

    static List<Block> blocks() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```asm")) continue;
            int start = i + 1;
            StringBuilder b = new StringBuilder();
            for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) b.append(lines.get(i)).append('\n');
            out.add(new Block(start + 1, b.toString()));
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> everyAsmBlockAssembles() throws IOException {
        List<Block> blocks = blocks();
        assertTrue(blocks.size() >= 8, "the doc shows its examples in ```asm blocks");
        List<DynamicTest> tests = new ArrayList<>();
        for (Block b : blocks) {
            tests.add(DynamicTest.dynamicTest("docs/assembler.md line " + b.line(),
                () -> Assembler.assemble("assembler.md-line-" + b.line() + ".s", b.text(), Map.of())));
        }
        return tests;
    }

    @Test
    void conditionalExampleBuildsEachVariant() throws IOException {
        String src = blocks().stream().filter(b -> b.text().contains("PARAVIRT")).findFirst().orElseThrow().text();
        int plain = Asm.text(src)[0];
        assertEquals(Op.ADDI, Decoder.decode32(plain).op, "li a0, 0");
        int para = Assembler.assemble("t.s", src, Map.of("PARAVIRT", 1L)).section(".text").bytes().length;
        assertEquals(8, para, "lui + ecall");
        int smp = Asm.words(Assembler.assemble("t.s", src, Map.of("HARTS", 4L)).section(".text").bytes())[0];
        assertEquals(Op.CSRRS, Decoder.decode32(smp).op, "csrr a0, mhartid");
    }
}
