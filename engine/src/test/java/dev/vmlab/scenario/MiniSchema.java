package dev.vmlab.scenario;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON Schema (draft 2020-12) validator for exactly the keywords scenarios/scenario.schema.json
 * uses, so the schema can be tested without a dependency. A keyword it does not know is an
 * error in the schema, not something to skip: that keeps the schema within what is checked.
 */
final class MiniSchema {
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$defs", "$comment", "title", "description",
        "default", "examples");
    private static final Set<String> KEYWORDS = Set.of("type", "properties", "required", "additionalProperties", "enum",
        "const", "minimum", "maximum", "multipleOf", "items", "minItems", "maxItems", "minLength", "maxLength", "pattern",
        "oneOf", "$ref", "minProperties", "maxProperties", "propertyNames");

    private final JsonNode root;

    MiniSchema(JsonNode root) { this.root = root; }

    /** Every violation, as {@code /json/pointer: message}; empty when the document is valid. */
    List<String> validate(JsonNode doc) {
        List<String> errors = new ArrayList<>();
        check(root, doc, "", errors);
        return errors;
    }

    private void check(JsonNode schema, JsonNode v, String at, List<String> errors) {
        if (schema.isBoolean()) {
            if (!schema.asBoolean()) errors.add(at + ": not allowed");
            return;
        }
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYWORDS.contains(k) && !ANNOTATIONS.contains(k)) throw new IllegalStateException("unsupported keyword " + k + " at " + at);
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/")) throw new IllegalStateException("only local refs: " + ref);
            check(root.at(ref.substring(1)), v, at, errors);
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), v)) {
            errors.add(at + ": expected " + schema.get("type") + ", found " + v.getNodeType());
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) found |= e.equals(v);
            if (!found) errors.add(at + ": " + v + " is not one of " + schema.get("enum"));
        }
        if (schema.has("const") && !schema.get("const").equals(v)) errors.add(at + ": must be " + schema.get("const"));
        if (v.isNumber()) numeric(schema, v, at, errors);
        if (v.isTextual()) {
            int n = v.asText().codePointCount(0, v.asText().length());
            if (schema.has("minLength") && n < schema.get("minLength").asInt()) errors.add(at + ": too short");
            if (schema.has("maxLength") && n > schema.get("maxLength").asInt()) errors.add(at + ": too long");
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(v.asText()).find()) {
                errors.add(at + ": does not match " + schema.get("pattern").asText());
            }
        }
        if (v.isArray()) {
            if (schema.has("minItems") && v.size() < schema.get("minItems").asInt()) errors.add(at + ": too few items");
            if (schema.has("maxItems") && v.size() > schema.get("maxItems").asInt()) errors.add(at + ": too many items");
            if (schema.has("items")) for (int i = 0; i < v.size(); i++) check(schema.get("items"), v.get(i), at + "/" + i, errors);
        }
        if (v.isObject()) object(schema, v, at, errors);
        if (schema.has("oneOf")) {
            int matches = 0;
            for (JsonNode branch : schema.get("oneOf")) {
                List<String> e = new ArrayList<>();
                check(branch, v, at, e);
                if (e.isEmpty()) matches++;
            }
            if (matches != 1) errors.add(at + ": matches " + matches + " of the oneOf branches, not exactly one");
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode v) {
        if (type.isArray()) {
            for (JsonNode t : type) if (typeMatches(t, v)) return true;
            return false;
        }
        return switch (type.asText()) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            case "number" -> v.isNumber();
            // 2020-12: a number with a zero fraction is an integer too.
            case "integer" -> v.isIntegralNumber() || v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0;
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }

    private static void numeric(JsonNode schema, JsonNode v, String at, List<String> errors) {
        BigDecimal d = v.decimalValue();
        if (schema.has("minimum") && d.compareTo(schema.get("minimum").decimalValue()) < 0) errors.add(at + ": below minimum");
        if (schema.has("maximum") && d.compareTo(schema.get("maximum").decimalValue()) > 0) errors.add(at + ": above maximum");
        if (schema.has("multipleOf") && d.remainder(schema.get("multipleOf").decimalValue()).signum() != 0) {
            errors.add(at + ": not a multiple of " + schema.get("multipleOf"));
        }
    }

    private void object(JsonNode schema, JsonNode v, String at, List<String> errors) {
        JsonNode props = schema.get("properties");
        if (schema.has("required")) {
            for (JsonNode r : schema.get("required")) if (!v.has(r.asText())) errors.add(at + ": missing " + r.asText());
        }
        if (schema.has("minProperties") && v.size() < schema.get("minProperties").asInt()) errors.add(at + ": too few properties");
        if (schema.has("maxProperties") && v.size() > schema.get("maxProperties").asInt()) errors.add(at + ": too many properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String child = at + "/" + e.getKey();
            if (schema.has("propertyNames")) check(schema.get("propertyNames"), com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()), child, errors);
            if (props != null && props.has(e.getKey())) {
                check(props.get(e.getKey()), e.getValue(), child, errors);
            } else if (schema.has("additionalProperties")) {
                check(schema.get("additionalProperties"), e.getValue(), child, errors);
            }
        }
    }
}
