package com.fortinet.autoscale.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.arm.ArmEvaluator.Sym;
import com.fortinet.autoscale.arm.ArmExpression.Call;
import com.fortinet.autoscale.arm.ArmExpression.Property;
import com.fortinet.autoscale.arm.ArmExpression.Str;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The expression parser and evaluator the template checks rely on behave like Resource Manager. */
class ArmExpressionTest {

    @Test
    void aCallWithAPropertyAccessParsesIntoItsParts() {
        // Invoke
        ArmExpression.Node n = ArmExpression.parse("[reference(variables('id'), '2023-01-31').clientId]");

        // Verify
        Property p = (Property) n;
        assertEquals("clientId", p.name());
        Call ref = (Call) p.target();
        assertEquals("reference", ref.name());
        assertEquals(new Str("2023-01-31"), ref.args().get(1));
    }

    @Test
    void aDoubledQuoteIsAQuoteInsideAStringLiteral() {
        // Invoke
        ArmExpression.Node n = ArmExpression.parse("[concat('it''s', ' ok')]");

        // Verify
        assertEquals(new Str("it's"), ((Call) n).args().get(0));
        assertNull(ArmExpression.balanceProblem("[concat('it''s (not a paren', ' ok')]"));
    }

    @Test
    void aParenthesisInsideAStringDoesNotCountTowardsBalance() {
        // Invoke / Verify
        assertNull(ArmExpression.balanceProblem("[concat('(', ']')]"));
        assertTrue(ArmExpression.balanceProblem("[concat('(', ']'))]").startsWith("unbalanced parentheses"));
    }

    @Test
    void aBareNameIsNotAValue() {
        // Invoke
        ArmExpression.SyntaxException e = assertThrows(ArmExpression.SyntaxException.class,
                () -> ArmExpression.parse("[concat(prefix, 'x')]"));

        // Verify
        assertTrue(e.getMessage().contains("'prefix' is not followed by '('"), e.getMessage());
    }

    @Test
    void aDoubleBracketIsAnEscapedLiteralNotAnExpression() {
        // Setup
        ArmEvaluator ev = new ArmEvaluator(new JsonObject(), Map.of());

        // Invoke / Verify
        assertFalse(ArmExpression.isExpression("[[not an expression]"));
        assertEquals("[not an expression]", ev.evaluateString("[[not an expression]"));
    }

    @Test
    void stringOfABooleanIsCapitalisedAsInResourceManager() {
        // Setup
        ArmEvaluator ev = new ArmEvaluator(new JsonObject(), Map.of());

        // Invoke / Verify
        assertEquals("True", ev.evaluateString("[string(true())]"));
        assertEquals("false", ev.evaluateString("[toLower(string(false()))]"));
    }

    @Test
    void ifEvaluatesOnlyTheBranchItTakes() {
        // Setup: the other branch would fail (no such variable)
        ArmEvaluator ev = new ArmEvaluator(new JsonObject(), Map.of());

        // Invoke / Verify
        assertEquals("yes", ev.evaluateString("[if(equals(1, 1), 'yes', variables('missing'))]"));
    }

    @Test
    void mapWithALambdaOverAnEmptyArrayIsAnEmptyArray() {
        // Setup
        JsonObject t = template("{\"parameters\":{\"ranges\":{\"type\":\"array\",\"defaultValue\":[]}}}");

        // Invoke
        Object none = new ArmEvaluator(t, Map.of()).evaluateString(
                "[map(parameters('ranges'), lambda('r', createObject('ip', lambdaVariables('r'))))]");
        Object two = new ArmEvaluator(t, Map.of("ranges", List.of("10.0.0.0/8", "192.0.2.0/24"))).evaluateString(
                "[map(parameters('ranges'), lambda('r', createObject('ip', lambdaVariables('r'))))]");

        // Verify
        assertEquals(List.of(), none);
        assertEquals(List.of(Map.of("ip", "10.0.0.0/8"), Map.of("ip", "192.0.2.0/24")), two);
    }

    @Test
    void whatOnlyAzureKnowsStaysOpaqueButNamed() {
        // Setup
        JsonObject t = template("{\"variables\":{\"app\":\"[concat('fn-', uniqueString(resourceGroup().id))]\"}}");
        ArmEvaluator ev = new ArmEvaluator(t, Map.of());

        // Invoke
        Object key = ev.evaluateString("[listKeys(concat(resourceId('Microsoft.Web/sites', variables('app')), "
                + "'/host/default'), '2024-04-01').functionKeys.default]");

        // Verify
        assertTrue(key instanceof Sym, String.valueOf(key));
        assertEquals("listKeys(" + new Sym("rid:microsoft.web/sites/fn-" + new Sym("uniqueString("
                + new Sym("resourceGroup().id") + ")")) + "/host/default,2024-04-01).functionKeys.default",
                ((Sym) key).text());
    }

    @Test
    void aResourceIdAndAScopeNamingTheSameResourceAreTheSameKey() {
        // Setup
        ArmEvaluator ev = new ArmEvaluator(new JsonObject(), Map.of());

        // Invoke
        Object viaId = ev.evaluateString("[resourceId('Microsoft.Storage/storageAccounts', 'acct')]");
        Object viaScope = ev.evaluateString("[format('Microsoft.Storage/storageAccounts/{0}', 'acct')]");

        // Verify
        assertEquals(ArmEvaluator.canonicalScope(viaId), ArmEvaluator.canonicalScope(viaScope));
    }

    @Test
    void aVariableThatDependsOnItselfIsAnError() {
        // Setup
        JsonObject t = template("{\"variables\":{\"a\":\"[variables('b')]\",\"b\":\"[variables('a')]\"}}");

        // Invoke / Verify
        assertThrows(ArmEvaluator.EvaluationException.class, () -> new ArmEvaluator(t, Map.of()).variable("a"));
    }

    private static JsonObject template(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }
}
