using GitGateway.Plan.Model;

namespace GitGateway.Reconciler.Review.RoutingTests;

/// <summary>Runs routing tests against a plan and says, for each, what differed from the expectation.</summary>
internal sealed class RoutingTestRunner(IRouteResolver resolver)
{
    public IReadOnlyList<RoutingTestResult> Run(RoutingPlan plan, IEnumerable<RoutingTestCase> cases) =>
        cases.Select(c => Run(plan, c)).ToList();

    private RoutingTestResult Run(RoutingPlan plan, RoutingTestCase test)
    {
        var outcome = resolver.Resolve(plan, test.Request);
        var actual = RoutingTestActual.From(outcome, test.Request);
        var problems = new List<string>();
        var expect = test.Expect;
        if (expect.Backend is { } backend && actual.Find(backend) is null)
        {
            problems.Add($"expected backend {backend}, got {actual.Describe()}");
        }

        if (expect.Backends is { } backends
            && (backends.Count != actual.Backends.Count
                || backends.Any(kv => actual.Find(kv.Key) is not { } b || (kv.Value is { } w && w != b.Weight))))
        {
            problems.Add($"expected backends {string.Join(", ", backends.Select(kv => kv.Value is { } w ? $"{kv.Key} (weight {w})" : kv.Key))}, got {actual.Describe()}");
        }

        if (expect.Status is { } status && status != actual.Status)
        {
            problems.Add($"expected status {status}, got {actual.Describe()}");
        }

        if (expect.Redirect is { } location && location != actual.Location)
        {
            problems.Add($"expected redirect to {location}, got {actual.Location ?? actual.Describe()}");
        }

        foreach (var (name, value) in expect.Headers ?? new Dictionary<string, string>())
        {
            if (!actual.Headers.TryGetValue(name, out var got) || got != value)
            {
                problems.Add($"expected header {name}: {value}, got {(got is null ? "none" : got)}");
            }
        }

        var passed = problems.Count == 0;
        var detail = passed ? actual.Describe() : string.Join("; ", problems);
        return new RoutingTestResult(test.File, test.Line, test.Name, passed, detail);
    }
}
