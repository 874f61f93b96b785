package dev.vmlab.machine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vmlab.BadInputException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random corruption of valid images, with fixed seeds so a failure reproduces: the parser,
 * the loader and the symbol index may accept or reject, but only ever with
 * {@link BadInputException}, and always with one line starting with the file name.
 */
class ElfFuzzTest {
    private static final long RAM = 0x8000_0000L;

    /** Fields worth hitting more often than chance would: header counts, offsets, sizes. */
    private static final int[] HOT_OFFSETS = {4, 5, 16, 18, 24, 32, 40, 52, 54, 56, 58, 60, 62};

    @Test
    void randomMutationsFailOnlyWithBadInput() {
        byte[][] seeds = {TestElf.typical().build(), TestElf.typical().type(3).build(), symbolRichImage()};
        Random random = new Random(0x5eed_e1f);
        int accepted = 0;
        int rejected = 0;
        for (int round = 0; round < 30_000; round++) {
            byte[] elf = mutate(seeds[round % seeds.length], random);
            if (exercise(elf, round)) {
                accepted++;
            } else {
                rejected++;
            }
        }
        // Both outcomes must occur, or the mutations are too weak or too destructive to test anything.
        assertTrue(accepted > 1000, "accepted " + accepted);
        assertTrue(rejected > 1000, "rejected " + rejected);
    }

    @Test
    void everyTruncationFailsOnlyWithBadInput() {
        byte[] elf = symbolRichImage();
        for (int length = 0; length < elf.length; length++) {
            exercise(Arrays.copyOf(elf, length), length);
        }
    }

    @Test
    void randomBytesFailOnlyWithBadInput() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = new byte[random.nextInt(512)];
            random.nextBytes(bytes);
            if (bytes.length >= 4 && random.nextBoolean()) {
                System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}, 0, bytes, 0, Math.min(7, bytes.length));
            }
            exercise(bytes, round);
        }
    }

    /** Parses, loads into a small RAM and indexes symbols; true when all of it was accepted. */
    private static boolean exercise(byte[] elf, int round) {
        try {
            ElfImage image = ElfImage.parse("fuzz", elf);
            Symbols symbols = Symbols.of(image);
            symbols.describe(RAM + 0x10);
            symbols.describe(-1L);
            symbols.names();
            image.tohost();
            image.physicalEntry();
            image.load(new RamStub(RAM, 0x4000), RAM, 0x4000);
            return true;
        } catch (BadInputException e) {
            assertTrue(e.getMessage().startsWith("fuzz: "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            return false;
        } catch (RuntimeException | Error e) {
            fail("round " + round + ": " + e + "\ninput: " + hex(elf), e);
            return false;
        }
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] elf = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(4) == 0
                    ? HOT_OFFSETS[random.nextInt(HOT_OFFSETS.length)] + random.nextInt(2)
                    : random.nextInt(elf.length);
            switch (random.nextInt(4)) {
                case 0 -> elf[at] = (byte) random.nextInt(256);
                case 1 -> elf[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> elf[at] = (byte) (random.nextBoolean() ? 0 : 0xff);
                default -> elf[at] += (byte) (random.nextInt(9) - 4);
            }
        }
        if (random.nextInt(20) == 0) {
            elf = Arrays.copyOf(elf, random.nextInt(elf.length + 64));
        }
        return elf;
    }

    private static byte[] symbolRichImage() {
        TestElf elf = TestElf.executable()
                .segment(RAM, new byte[0x100], 0x100, 5)
                .segment(RAM + 0x1000, new byte[0x10], 0x400, 6)
                .header(4);
        for (int i = 0; i < 24; i++) {
            elf.symbol("sym" + i, RAM + i * 0x10L, i % 3 == 0 ? 0 : 8, i % 3, i % 2);
        }
        return elf.build();
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
