package io.branchwise.space.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the JSON dialect of Python's {@code json.loads} with default settings: strict JSON plus the bare tokens
 * {@code NaN}, {@code Infinity} and {@code -Infinity}. Duplicate object keys keep the last value, as in Python.
 */
public final class JsonParser {
    /** Deeper nesting than this is refused instead of exhausting the stack on hostile input. */
    public static final int MAX_DEPTH = 512;

    private final String text;
    private int pos;

    private JsonParser(String text) {
        this.text = text;
    }

    public static JsonValue parse(String text) {
        if (text == null) {
            throw new JsonSyntaxException("expected a JSON value but got nothing", 0);
        }
        JsonParser parser = new JsonParser(text);
        parser.skipWhitespace();
        JsonValue value = parser.value(0);
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw new JsonSyntaxException("unexpected text after the JSON value", parser.pos);
        }
        return value;
    }

    private JsonValue value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new JsonSyntaxException("nesting deeper than " + MAX_DEPTH + " levels", pos);
        }
        if (pos >= text.length()) {
            throw new JsonSyntaxException("expected a JSON value but the text ended", pos);
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return new JsonValue.JsonString(string());
            case 't':
                keyword("true");
                return new JsonValue.JsonBool(true);
            case 'f':
                keyword("false");
                return new JsonValue.JsonBool(false);
            case 'n':
                keyword("null");
                return JsonValue.JsonNull.NULL;
            case 'N':
                keyword("NaN");
                return new JsonValue.JsonFloat(Double.NaN);
            case 'I':
                keyword("Infinity");
                return new JsonValue.JsonFloat(Double.POSITIVE_INFINITY);
            default:
                if (c == '-' && text.startsWith("-Infinity", pos)) {
                    pos += "-Infinity".length();
                    return new JsonValue.JsonFloat(Double.NEGATIVE_INFINITY);
                }
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw new JsonSyntaxException("unexpected character '" + c + "'", pos);
        }
    }

    private JsonValue object(int depth) {
        pos++;
        Map<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return new JsonValue.JsonObject(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw new JsonSyntaxException("expected a property name in double quotes", pos);
            }
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            members.put(key, value(depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                return new JsonValue.JsonObject(members);
            }
            if (c != ',') {
                throw new JsonSyntaxException("expected ',' or '}' in an object", pos - 1);
            }
        }
    }

    private JsonValue array(int depth) {
        pos++;
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return new JsonValue.JsonArray(elements);
        }
        while (true) {
            skipWhitespace();
            elements.add(value(depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                return new JsonValue.JsonArray(elements);
            }
            if (c != ',') {
                throw new JsonSyntaxException("expected ',' or ']' in an array", pos - 1);
            }
        }
    }

    private String string() {
        int start = pos;
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new JsonSyntaxException("unterminated string", start);
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new JsonSyntaxException("control character in a string", pos - 1);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw new JsonSyntaxException("unterminated string", start);
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> throw new JsonSyntaxException("invalid escape '\\" + e + "'", pos - 2);
            }
        }
    }

    private char unicodeEscape() {
        if (pos + 4 > text.length()) {
            throw new JsonSyntaxException("incomplete \\u escape", pos - 2);
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
                throw new JsonSyntaxException("invalid \\u escape", pos - 2);
            }
            code = code * 16 + digit;
        }
        pos += 4;
        return (char) code;
    }

    private JsonValue number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw new JsonSyntaxException("expected a digit", pos);
        }
        boolean integral = true;
        if (peek() == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1))) {
            integral = false;
            pos++;
            digits();
        }
        if ((peek() == 'e' || peek() == 'E')) {
            int mark = pos;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (isDigit(peek())) {
                integral = false;
                digits();
            } else {
                pos = mark;
            }
        }
        String literal = text.substring(start, pos);
        return integral ? new JsonValue.JsonInt(new BigInteger(literal))
                : new JsonValue.JsonFloat(Double.parseDouble(literal));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void keyword(String word) {
        if (!text.startsWith(word, pos)) {
            throw new JsonSyntaxException("unexpected token, expected " + word, pos);
        }
        pos += word.length();
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new JsonSyntaxException("expected '" + c + "'", pos);
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }
}
