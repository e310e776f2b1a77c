package com.fortinet.autoscale.arm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An ARM template expression ({@code "[concat('a', parameters('b'))]"}) parsed into a tree, with the errors a
 * deployment would report: unbalanced brackets, parentheses or quotes, a stray token. No Azure tooling can run
 * here, so this is what tells us the template's expressions are well formed.
 */
final class ArmExpression {
    private ArmExpression() {}

    /** A node of the expression tree. */
    sealed interface Node permits Str, Num, Call, Property, Index {}

    /** A string literal ({@code 'it''s'} is {@code it's}). */
    record Str(String value) implements Node {}

    /** An integer literal. */
    record Num(long value) implements Node {}

    /** A function call, e.g. {@code concat(...)}. */
    record Call(String name, List<Node> args) implements Node {}

    /** A property access, e.g. {@code reference(x).clientId}. */
    record Property(Node target, String name) implements Node {}

    /** An index access, e.g. {@code variables('list')[0]}. */
    record Index(Node target, Node index) implements Node {}

    /** A malformed expression; the message says what is wrong and where. */
    static final class SyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    /** Whether ARM evaluates the string: it starts with {@code [} (not {@code [[}, an escape) and ends with {@code ]}. */
    static boolean isExpression(String s) {
        return s.length() >= 2 && s.startsWith("[") && !s.startsWith("[[") && s.endsWith("]");
    }

    /**
     * A string that starts like an expression but does not end with {@code ]}: ARM takes it as a literal, which
     * is never what its author meant.
     */
    static boolean looksLikeBrokenExpression(String s) {
        return s.startsWith("[") && !s.startsWith("[[") && !s.endsWith("]");
    }

    /** The first imbalance of brackets, parentheses or quotes in the expression text, or null when balanced. */
    static String balanceProblem(String expression) {
        String body = body(expression);
        int parens = 0;
        int brackets = 0;
        boolean inString = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (inString) {
                if (c == '\'') {
                    if (i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                        i++;
                    } else {
                        inString = false;
                    }
                }
                continue;
            }
            switch (c) {
                case '\'' -> inString = true;
                case '(' -> parens++;
                case ')' -> {
                    if (--parens < 0) {
                        return "unbalanced parentheses: ')' at column " + (i + 2) + " closes nothing";
                    }
                }
                case '[' -> brackets++;
                case ']' -> {
                    if (--brackets < 0) {
                        return "unbalanced brackets: ']' at column " + (i + 2) + " closes nothing";
                    }
                }
                default -> { }
            }
        }
        if (inString) {
            return "unbalanced quotes: a string literal is not closed";
        }
        if (parens != 0) {
            return "unbalanced parentheses: " + parens + " '(' not closed";
        }
        if (brackets != 0) {
            return "unbalanced brackets: " + brackets + " '[' not closed";
        }
        return null;
    }

    /** Parses {@code [ ... ]}; throws {@link SyntaxException} naming the first problem. */
    static Node parse(String expression) {
        if (!isExpression(expression)) {
            throw new SyntaxException("not an expression: " + expression);
        }
        String problem = balanceProblem(expression);
        if (problem != null) {
            throw new SyntaxException(problem);
        }
        Parser p = new Parser(body(expression));
        Node n = p.expression();
        p.skipSpace();
        if (!p.atEnd()) {
            throw new SyntaxException("unexpected '" + p.rest() + "' after a complete expression");
        }
        return n;
    }

    /** Calls {@code action} for every function call in the tree, outermost first. */
    static void visitCalls(Node node, Consumer<Call> action) {
        if (node instanceof Call c) {
            action.accept(c);
            c.args().forEach(a -> visitCalls(a, action));
        } else if (node instanceof Property p) {
            visitCalls(p.target(), action);
        } else if (node instanceof Index i) {
            visitCalls(i.target(), action);
            visitCalls(i.index(), action);
        }
    }

    private static String body(String expression) {
        return expression.substring(1, expression.length() - 1);
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        String rest() {
            return s.substring(pos);
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        Node expression() {
            skipSpace();
            Node n = primary();
            while (true) {
                skipSpace();
                if (peek('.')) {
                    pos++;
                    skipSpace();
                    String name = identifier("a property name after '.'");
                    n = new Property(n, name);
                } else if (peek('[')) {
                    pos++;
                    Node index = expression();
                    skipSpace();
                    expect(']');
                    n = new Index(n, index);
                } else {
                    return n;
                }
            }
        }

        private Node primary() {
            if (atEnd()) {
                throw new SyntaxException("expression ends where a value is expected");
            }
            char c = s.charAt(pos);
            if (c == '\'') {
                return string();
            }
            if (Character.isDigit(c) || (c == '-' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1)))) {
                int start = pos++;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                return new Num(Long.parseLong(s.substring(start, pos)));
            }
            String name = identifier("a function name, a string or a number");
            skipSpace();
            if (!peek('(')) {
                throw new SyntaxException("'" + name + "' is not followed by '(' (bare names are not values)");
            }
            pos++;
            List<Node> args = new ArrayList<>();
            skipSpace();
            if (peek(')')) {
                pos++;
                return new Call(name, args);
            }
            while (true) {
                args.add(expression());
                skipSpace();
                if (peek(',')) {
                    pos++;
                } else if (peek(')')) {
                    pos++;
                    return new Call(name, args);
                } else if (atEnd()) {
                    throw new SyntaxException("unbalanced parentheses: '" + name + "(' is not closed");
                } else {
                    throw new SyntaxException("expected ',' or ')' in the arguments of " + name + ", found '"
                            + s.charAt(pos) + "'");
                }
            }
        }

        private Node string() {
            pos++;
            StringBuilder b = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '\'') {
                    if (peek('\'')) {
                        b.append('\'');
                        pos++;
                    } else {
                        return new Str(b.toString());
                    }
                } else {
                    b.append(c);
                }
            }
            throw new SyntaxException("unbalanced quotes: a string literal is not closed");
        }

        private String identifier(String what) {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos || !Character.isLetter(s.charAt(start))) {
                throw new SyntaxException("expected " + what + " at '" + s.substring(start) + "'");
            }
            return s.substring(start, pos);
        }

        private boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new SyntaxException("expected '" + c + "' at '" + rest() + "'");
            }
            pos++;
        }
    }
}
