using GitGateway.Renderer.Schemas;

namespace GitGateway.Renderer.Tests.Schemas;

/// <summary>
/// <c>has(e.f)</c> answers whether the field is there, as the API server does, also for an empty value: each
/// <c>has()</c> of a rule becomes a call of the presence function, and nothing else of the rule changes.
/// </summary>
public sealed class CelPresenceTests
{
    [Theory]
    [InlineData("has(self.cors)", "__has_field__(self, 'cors')")]
    [InlineData("!has(self.a) || has(self.a.b)", "!__has_field__(self, 'a') || __has_field__(self.a, 'b')")]
    [InlineData("has(self.matches[0].path)", "__has_field__(self.matches[0], 'path')")]
    [InlineData("has(self[9].matches)", "__has_field__(self[9], 'matches')")]
    [InlineData("self.all(p, has(p.__namespace__))", "self.all(p, __has_field__(p, '__namespace__'))")]
    [InlineData("'has(self.x)' == self.y", "'has(self.x)' == self.y")]
    [InlineData("self.has(x) && xhas(self.y)", "self.has(x) && xhas(self.y)")]
    [InlineData("has(self)", "has(self)")]
    public void Rewrite_Rule_CallsThePresenceFunctionForEachFieldSelect(string rule, string expected)
    {
        Assert.Equal(expected, CelPresence.Rewrite(rule));
    }

    [Fact]
    public void Evaluate_PresentEmptyValues_AreThere()
    {
        var rule = new SchemaRule("has(self.s) && has(self.l) && has(self.m) && !has(self.absent)", null, null);
        var self = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["s"] = string.Empty,
            ["l"] = new List<object?>(),
            ["m"] = new Dictionary<string, object?>(StringComparer.Ordinal),
        };

        Assert.True(CelRuleEvaluator.Evaluate(rule, self));
    }

    [Fact]
    public void Evaluate_SelectUnderAMissingField_IsFalseAsBefore()
    {
        // has(self.cookie.lifetimeType) without a cookie: false, as the package's has() answers, not an error.
        var rule = new SchemaRule("!has(self.cookie.lifetimeType)", null, null);

        Assert.True(CelRuleEvaluator.Evaluate(rule, new Dictionary<string, object?>(StringComparer.Ordinal)));
    }
}
