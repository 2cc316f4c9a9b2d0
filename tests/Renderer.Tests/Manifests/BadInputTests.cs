using System.Text;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Manifests;

public sealed class BadInputTests
{
    private const string Route = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: r, namespace: ns}
        spec:
          parentRefs: [{name: gw}]
        """;

    [Fact]
    public void Render_MalformedYaml_ReportsSyntaxWithPosition()
    {
        var result = Files.Render(("bad.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: [unclosed\n"));
        var d = Assert.Single(result.Diagnostics, x => x.Code == DiagnosticCodes.YamlSyntax);
        Assert.Equal("bad.yaml", d.File);
        Assert.True(d.Line >= 3);
    }

    [Fact]
    public void Render_UnknownKind_IsWarningAndCoreWorkloadKindIsIgnored()
    {
        var result = Files.Render(
            ("a.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"),
            ("b.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownKind, d.Code);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void Render_UnsupportedApiVersion_IsDiagnostic()
    {
        var result = Files.Render(("a.yaml", "apiVersion: gateway.networking.k8s.io/v9\nkind: HTTPRoute\nmetadata: {name: r}\n"));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.UnsupportedApiVersion);
    }

    [Fact]
    public void Render_MissingName_IsError()
    {
        var result = Files.Render(("a.yaml", "apiVersion: v1\nkind: Service\nmetadata: {namespace: x}\n"));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.MissingField && d.Message.Contains("'name'", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_DuplicateObject_NamesBothPlaces()
    {
        var svc = "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: n}\n";
        var result = Files.Render(("a.yaml", svc), ("b.yaml", "\n\n" + svc));
        var d = Assert.Single(result.Diagnostics, x => x.Code == DiagnosticCodes.DuplicateObject);
        Assert.Equal("b.yaml", d.File);
        Assert.Equal(3, d.Line);
        Assert.Contains("a.yaml:1:1", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AliasBomb_StopsWithAliasLimit()
    {
        var sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            sb.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        var result = Files.Render(("bomb.yaml", sb.ToString()));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.AliasLimit);
    }

    [Fact]
    public void Render_DeepNesting_StopsWithNestingTooDeep()
    {
        var depth = 100_000;
        var text = "a: " + new string('[', depth) + new string(']', depth) + "\n";
        var result = Files.Render(("deep.yaml", text));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.NestingTooDeep);
    }

    [Fact]
    public void Render_HugeFile_IsNotParsed()
    {
        var result = Files.Render(("huge.yaml", "# " + new string('x', 2 * 1024 * 1024)));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.FileTooLarge);
    }

    [Fact]
    public void Render_TooManyDocuments_IsDiagnostic()
    {
        var text = string.Concat(Enumerable.Repeat("---\nx: 1\n", 1001));
        var result = Files.Render(("many.yaml", text));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.TooManyDocuments);
    }

    [Fact]
    public void Render_DuplicateKey_ReportsSecondKey()
    {
        var result = Files.Render(("a.yaml", "apiVersion: v1\nkind: Service\nkind: Secret\nmetadata: {name: s}\n"));
        var d = Assert.Single(result.Diagnostics, x => x.Code == DiagnosticCodes.DuplicateKey);
        Assert.Equal(3, d.Line);
    }

    [Theory]
    [InlineData("Bad_Host.example.com")]
    [InlineData("*.*.example.com")]
    [InlineData("10.0.0.1")]
    [InlineData("foo.example.com:80")]
    public void Render_InvalidRouteHostname_IsInvalidHostname(string host)
    {
        var result = Files.Render(("r.yaml", Route + $"\n  hostnames: [\"{host}\"]\n"));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.InvalidHostname && d.Line == 6);
    }

    [Theory]
    [InlineData("/(a)\\\\1", DiagnosticCodes.UnsupportedRegex)]
    [InlineData("/(?=x)y", DiagnosticCodes.UnsupportedRegex)]
    [InlineData("/(?<!x)y", DiagnosticCodes.UnsupportedRegex)]
    [InlineData("/[unclosed", DiagnosticCodes.InvalidRegex)]
    public void Render_BadRegex_IsDiagnostic(string pattern, string code)
    {
        var result = Files.Render(("r.yaml", Route + $"\n  rules:\n  - matches:\n    - path: {{type: RegularExpression, value: \"{pattern}\"}}\n"));
        Assert.Contains(result.Diagnostics, d => d.Code == code);
    }

    [Fact]
    public void Render_CatastrophicBacktrackingRegex_IsAcceptedBecauseMatchingIsLinear()
    {
        var result = Files.Render(("r.yaml", Route + "\n  rules:\n  - matches:\n    - path: {type: RegularExpression, value: \"/(a+)+$\"}\n"));
        Assert.DoesNotContain(result.Diagnostics, d => d.Code is DiagnosticCodes.InvalidRegex or DiagnosticCodes.UnsupportedRegex);
    }

    [Fact]
    public void Render_OverlongRegex_IsInvalidRegex()
    {
        var result = Files.Render(("r.yaml", Route + $"\n  rules:\n  - matches:\n    - path: {{type: RegularExpression, value: \"/{new string('a', 2000)}\"}}\n"));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.InvalidRegex && d.Message.Contains("limit", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("backendRefs: [{name: s, port: 80, weight: 1000001}]")]
    [InlineData("backendRefs: [{name: s, port: 80, weight: -1}]")]
    [InlineData("backendRefs: [{name: s, port: 70000}]")]
    [InlineData("backendRefs: [{name: s, port: 0}]")]
    [InlineData("filters: [{type: RequestRedirect, requestRedirect: {statusCode: 305}}]")]
    public void Render_OutOfRangeValue_IsOutOfRange(string rule)
    {
        var result = Files.Render(("r.yaml", Route + $"\n  rules:\n  - {rule}\n"));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.OutOfRange && d.Line == 7);
    }

    [Theory]
    [InlineData("filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}, {type: URLRewrite, urlRewrite: {hostname: a.example.com}}]")]
    [InlineData("filters: [{type: RequestHeaderModifier, requestHeaderModifier: {}}, {type: RequestHeaderModifier, requestHeaderModifier: {}}]")]
    [InlineData("filters: [{type: ExtensionRef, extensionRef: {group: x.io, kind: K, name: n}}]")]
    [InlineData("filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: \"bad header\", value: v}]}}]")]
    public void Render_InvalidFilter_IsDiagnostic(string rule)
    {
        var result = Files.Render(("r.yaml", Route + $"\n  rules:\n  - {rule}\n"));
        // A broken CRD rule (a repeated filter type) is said in the rule's words, as the API server says it.
        Assert.Contains(result.Diagnostics, d => d.Code is DiagnosticCodes.InvalidFilter or DiagnosticCodes.InvalidField or DiagnosticCodes.RuleViolation && d.Line == 7);
    }

    [Fact]
    public void Render_BadDuration_IsInvalidDuration()
    {
        var result = Files.Render(("r.yaml", Route + "\n  rules:\n  - timeouts: {request: 10 seconds}\n"));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.InvalidDuration);
    }

    [Fact]
    public void Render_NonMappingDocument_IsNotAnObject()
    {
        var result = Files.Render(("a.yaml", "- just\n- a list\n"));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.NotAnObject);
    }

    [Fact]
    public void Render_BinaryGarbage_DoesNotThrow()
    {
        var bytes = Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) % 256)).ToArray();
        var result = PlanRenderer.Render(new RenderInput([new SourceFile("g.yaml", bytes)], "test"));
        Assert.True(result.HasErrors);
        Assert.Empty(result.Plan.Listeners);
    }
}
