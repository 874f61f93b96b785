package dev.vmlab.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.vmlab.BadInputException;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document as a tree whose every value and every key remembers where it was written, so
 * that validation long after parsing can still say {@code file:line:col}. Jackson's own tree
 * ({@code JsonNode}) forgets positions, which is why this small one exists; it is built with
 * Jackson's streaming parser, under {@link StreamReadConstraints} that bound what a hostile
 * document can make us allocate.
 */
final class JsonTree {
    /** Deeper than any scenario needs (about 6 levels), shallow enough to stop a stack attack. */
    static final int MAX_DEPTH = 32;
    /** The longest string any field accepts is {@code input}; the file limit bounds it anyway. */
    static final int MAX_STRING = 256 * 1024;
    static final int MAX_NUMBER_DIGITS = 32;
    static final int MAX_NAME = 256;

    private static final JsonFactory FACTORY = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxStringLength(MAX_STRING)
            .maxNumberLength(MAX_NUMBER_DIGITS)
            .maxNameLength(MAX_NAME)
            .build())
        .build();

    private JsonTree() {}

    /** A 1-based line and column, as editors count them. */
    record Pos(int line, int column) {
        static Pos of(JsonLocation l) {
            return l == null ? new Pos(1, 1) : new Pos(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
        }

        @Override
        public String toString() { return line + ":" + column; }
    }

    /** A value and where it starts. */
    sealed interface Node permits Obj, Arr, Str, Num, Bool, Null {
        Pos pos();

        /** How the value reads in an error message: {@code a string ("abc")}, {@code an object}. */
        String describe();
    }

    /** One key of an object, where the key was written, and its value. */
    record Member(String key, Pos keyPos, Node value) {}

    record Obj(Pos pos, Map<String, Member> members) implements Node {
        public String describe() { return "an object"; }
    }

    record Arr(Pos pos, List<Node> items) implements Node {
        public String describe() { return "an array"; }
    }

    record Str(Pos pos, String value) implements Node {
        public String describe() {
            String v = value.length() > 40 ? value.substring(0, 37) + "..." : value;
            return "a string (\"" + v + "\")";
        }
    }

    /** A number kept exactly; {@code integral} when written without a fraction or exponent. */
    record Num(Pos pos, BigDecimal value, boolean integral) implements Node {
        public String describe() { return "a number (" + value.toPlainString() + ")"; }
    }

    record Bool(Pos pos, boolean value) implements Node {
        public String describe() { return String.valueOf(value); }
    }

    record Null(Pos pos) implements Node {
        public String describe() { return "null"; }
    }

    /**
     * Parses {@code text}; {@code file} starts every error message. Duplicate keys, content after
     * the document, and any syntax error are {@link BadInputException}s with a position.
     */
    static Node parse(String text, String file) {
        JsonParser p;
        try {
            p = FACTORY.createParser(text);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        try (p) {
            JsonToken t = p.nextToken();
            if (t == null) throw new BadInputException(file + ":1:1: malformed JSON: the file is empty");
            Node root = value(p, t, file);
            if (p.nextToken() != null) {
                throw new BadInputException(Fields.oneLine(file + ":" + Pos.of(p.currentTokenLocation())
                    + ": malformed JSON: unexpected content after the end of the document"));
            }
            return root;
        } catch (StreamConstraintsException e) {
            // Constraint violations often carry no location; the parser knows where it stopped.
            // The offending token, or for an over-long number the field name just before it.
            JsonLocation at = p.currentTokenLocation() != null ? p.currentTokenLocation() : e.getLocation();
            throw new BadInputException(Fields.oneLine(file + ":" + Pos.of(at) + ": " + constraintMessage(e)), e);
        } catch (JsonProcessingException e) {
            throw new BadInputException(Fields.oneLine(file + ":" + Pos.of(e.getLocation()) + ": malformed JSON: " + firstLine(e)), e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Node value(JsonParser p, JsonToken t, String file) throws IOException {
        Pos pos = Pos.of(p.currentTokenLocation());
        switch (t) {
            case START_OBJECT: {
                Map<String, Member> members = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String key = p.currentName();
                    Pos keyPos = Pos.of(p.currentTokenLocation());
                    Node v = value(p, p.nextToken(), file);
                    if (members.putIfAbsent(key, new Member(key, keyPos, v)) != null) {
                        throw new BadInputException(Fields.oneLine(file + ":" + keyPos + ": duplicate field \"" + key + "\""));
                    }
                }
                return new Obj(pos, Collections.unmodifiableMap(members));
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) items.add(value(p, i, file));
                return new Arr(pos, Collections.unmodifiableList(items));
            }
            case VALUE_STRING:
                return new Str(pos, p.getText());
            case VALUE_NUMBER_INT:
                return new Num(pos, new BigDecimal(p.getBigIntegerValue()), true);
            case VALUE_NUMBER_FLOAT:
                return new Num(pos, p.getDecimalValue(), false);
            case VALUE_TRUE:
                return new Bool(pos, true);
            case VALUE_FALSE:
                return new Bool(pos, false);
            case VALUE_NULL:
                return new Null(pos);
            default:
                // Unreachable with a well-formed token stream: Jackson reports the syntax error first.
                throw new BadInputException(file + ":" + pos + ": malformed JSON: unexpected " + t);
        }
    }

    private static String constraintMessage(StreamConstraintsException e) {
        String m = firstLine(e);
        if (m.contains("nesting depth")) return "nested too deeply (more than " + MAX_DEPTH + " levels)";
        if (m.contains("String value length")) return "a string is too long (at most " + MAX_STRING + " characters)";
        if (m.contains("Number value length")) return "a number has too many digits (at most " + MAX_NUMBER_DIGITS + ")";
        if (m.contains("Name length")) return "a field name is too long (at most " + MAX_NAME + " characters)";
        return m;
    }

    private static final java.util.regex.Pattern OPENED_AT = java.util.regex.Pattern.compile(
        "\\(for (Array|Object) starting at \\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]\\)");

    /**
     * Jackson's message on one line, with its source excerpts turned into positions: "(for the
     * array that starts at 2:10)".
     */
    private static String firstLine(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        java.util.regex.Matcher x = OPENED_AT.matcher(m);
        m = x.replaceAll(r -> "(for the " + r.group(1).toLowerCase(java.util.Locale.ROOT) + " that starts at "
            + r.group(2) + ":" + r.group(3) + ")");
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }
}
