using GitGateway.Plan.Model;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Tests.Rendering;

/// <summary>
/// <see cref="DiagnosticBag.ToSortedList"/> keeps and orders what the rule says, held to that rule written out with
/// LINQ over (file, line, column) places: readers' and schema findings at shared places, duplicates, and diagnostics
/// the order cannot tell apart (they keep the order they came in).
/// </summary>
public sealed class DiagnosticBagTests
{
    private static readonly string[] Files = ["a.yaml", "B.yaml", "b.yaml", "team/x.yaml", "é.yaml"];

    private static readonly string[] Codes =
        [DiagnosticCodes.RuleViolation, DiagnosticCodes.UnknownField, DiagnosticCodes.InvalidField, DiagnosticCodes.MissingField, DiagnosticCodes.OutOfRange];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void ToSortedList_MixedFindings_AsTheRuleOverPlaces(int seed)
    {
        var random = new Random(seed);
        var bag = new DiagnosticBag();
        var items = new List<Diagnostic>();
        var schema = new List<Diagnostic>();
        for (var i = 0; i < 400; i++)
        {
            var at = new SourceMark(Files[random.Next(Files.Length)], random.Next(1, 6), random.Next(1, 4));
            var code = Codes[random.Next(Codes.Length)];
            var message = random.Next(3) == 0 ? "same words" : $"words {random.Next(4)}";
            switch (random.Next(4))
            {
                case 0:
                    bag.SchemaError(code, at, message);
                    schema.Add(new Diagnostic(DiagnosticSeverity.Error, code, at.File, at.Line, at.Column, message));
                    break;
                case 1:
                    bag.Warning(code, at, message);
                    items.Add(new Diagnostic(DiagnosticSeverity.Warning, code, at.File, at.Line, at.Column, message));
                    break;
                default:
                    bag.Error(code, at, message);
                    items.Add(new Diagnostic(DiagnosticSeverity.Error, code, at.File, at.Line, at.Column, message));
                    break;
            }
        }

        var actual = bag.ToSortedList();

        Assert.Equal(Expected(items, schema), actual);
        Assert.True(actual.Count > 20);
    }

    [Fact]
    public void ToSortedList_SameKeysOtherSeverity_KeepsTheOrderTheyCameIn()
    {
        var at = new SourceMark("a.yaml", 3, 1);
        var bag = new DiagnosticBag();
        bag.Warning(DiagnosticCodes.InvalidField, at, "x");
        bag.Error(DiagnosticCodes.InvalidField, at, "x");
        bag.Error(DiagnosticCodes.InvalidField, new SourceMark("a.yaml", 2, 9), "x");

        var sorted = bag.ToSortedList();

        Assert.Equal([(2, DiagnosticSeverity.Error), (3, DiagnosticSeverity.Warning), (3, DiagnosticSeverity.Error)], sorted.Select(d => (d.Line, d.Severity)));
    }

    [Fact]
    public void ToSortedList_SchemaFindingAtAReadersError_LeftOutButRulesAndUnknownFields()
    {
        var at = new SourceMark("a.yaml", 4, 2);
        var bag = new DiagnosticBag();
        bag.Error(DiagnosticCodes.InvalidField, at, "the reader's words");
        bag.SchemaError(DiagnosticCodes.MissingField, at, "the schema's words");
        bag.SchemaError(DiagnosticCodes.UnknownField, at, "unknown");
        bag.Error(DiagnosticCodes.OutOfRange, new SourceMark("a.yaml", 5, 2), "out of range");
        bag.SchemaError(DiagnosticCodes.RuleViolation, new SourceMark("a.yaml", 5, 2), "the rule's words");

        var sorted = bag.ToSortedList();

        Assert.Equal(["the reader's words", "unknown", "the rule's words"], sorted.Select(d => d.Message));
    }

    // The rule as it was first written: sets of places and a chain of OrderBy/ThenBy.
    private static List<Diagnostic> Expected(List<Diagnostic> items, List<Diagnostic> schema)
    {
        var ruled = schema.Where(d => d.Code == DiagnosticCodes.RuleViolation).Select(d => (d.File, d.Line, d.Column)).ToHashSet();
        var readers = items.Where(d => d.Severity != DiagnosticSeverity.Error || !ruled.Contains((d.File, d.Line, d.Column))).ToList();
        var taken = readers.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => (d.File, d.Line, d.Column)).ToHashSet();
        return readers.Concat(schema.Where(d => d.Code is DiagnosticCodes.RuleViolation or DiagnosticCodes.UnknownField || !taken.Contains((d.File, d.Line, d.Column))))
            .Distinct()
            .OrderBy(d => d.File, StringComparer.Ordinal)
            .ThenBy(d => d.Line)
            .ThenBy(d => d.Column)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToList();
    }
}
