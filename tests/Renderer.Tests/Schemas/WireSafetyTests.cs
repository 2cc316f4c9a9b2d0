using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Tests.Schemas;

public sealed class WireSafetyTests
{
    private static string Route(string rule) =>
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: app}\nspec:\n  parentRefs: [{name: gw}]\n  rules:\n"
        + rule + "    backendRefs: [{name: svc, port: 8080}]\n";

    [Theory]
    [InlineData("  - matches: [{path: {type: PathPrefix, value: /api}}]\n    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: \"/v2\\r\\nGET /admin HTTP/1.1\"}}}]\n", "spec.rules[0].filters[0].urlRewrite.path.replacePrefixMatch")]
    [InlineData("  - filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-A, value: \"a\\r\\nX-Admin: 1\"}]}}]\n", "spec.rules[0].filters[0].requestHeaderModifier.set[0].value")]
    [InlineData("  - filters: [{type: ResponseHeaderModifier, responseHeaderModifier: {add: [{name: X-A, value: \"a\\u0000b\"}]}}]\n", "spec.rules[0].filters[0].responseHeaderModifier.add[0].value")]
    [InlineData("  - matches: [{path: {type: Exact, value: \"/a\\nb\"}}]\n", "spec.rules[0].matches[0].path.value")]
    [InlineData("  - matches: [{headers: [{name: X-A, value: \"a\\rb\"}]}]\n", "spec.rules[0].matches[0].headers[0].value")]
    public void Render_ControlCharacterInWireString_ControlCharacterError(string rule, string path)
    {
        var result = Files.Render(("r.yaml", Route(rule)));

        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticCodes.ControlCharacter, d.Code);
        Assert.StartsWith(path + " holds the control character U+00", d.Message, StringComparison.Ordinal);
        Assert.Empty(result.Plan.Listeners.SelectMany(l => l.VirtualHosts));
    }

    [Theory]
    [InlineData("  - filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: \"/a b\"}}}]\n")]
    [InlineData("  - filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplaceFullPath, replaceFullPath: \"/a%zz\"}}}]\n")]
    [InlineData("  - matches: [{path: {type: PathPrefix, value: \"/a<b\"}}]\n")]
    [InlineData("  - matches: [{path: {type: PathPrefix, value: \"/a%0d%0a\"}}]\n")]
    public void Render_PathOutsideRfc3986_InvalidPath(string rule)
    {
        var result = Files.Render(("r.yaml", Route(rule)));
        var errors = result.Diagnostics.Where(x => x.Severity == DiagnosticSeverity.Error).ToList();

        // A path match value outside the grammar also breaks the CRD's own character rule, said in its words.
        Assert.Single(errors, x => x.Code == DiagnosticCodes.InvalidPath);
        Assert.All(errors, x => Assert.Contains(x.Code, new[] { DiagnosticCodes.InvalidPath, DiagnosticCodes.RuleViolation }));
    }

    [Fact]
    public void Render_PercentEncodedPath_IsValid()
    {
        var result = Files.Render(("r.yaml", Route("  - matches: [{path: {type: PathPrefix, value: \"/caf%C3%A9/~user;v=1\"}}]\n")));
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void Render_PolicyCorsOriginAndForwardedHeader_AreChecked()
    {
        var cors = "apiVersion: gitgateway.dev/v1alpha1\nkind: ProxyPolicy\nmetadata: {name: p, namespace: app}\nspec:\n  type: CORS\n  targetRef: {kind: HTTPRoute, name: r}\n  cors: {allowOrigins: [\"javascript:alert(1)\"], allowHeaders: [\"X-A\\r\\nSet-Cookie\"]}\n";
        var result = Files.Render(("p.yaml", cors));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.InvalidField && d.Message.StartsWith("spec.cors.allowOrigins[0] is not an origin", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.ControlCharacter && d.Message.StartsWith("spec.cors.allowHeaders[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnostic_HostileText_IsEscapedForDisplay()
    {
        // A name with a bidi override and a line break, quoted back in a message: shown escaped, never raw.
        var result = Files.Render(("r.yaml", Route("  - matches: [{headers: [{name: \"X-\\u202Eevil\\nX-B\", value: a}]}]\n")));

        Assert.NotEmpty(result.Diagnostics);
        foreach (var d in result.Diagnostics)
        {
            Assert.DoesNotContain('\u202E', d.ToString());
            Assert.DoesNotContain('\n', d.ToString());
        }

        Assert.Contains(result.Diagnostics, d => d.Message.Contains("<U+202E>", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a\u202Eb\u2066c", "a<U+202E>b<U+2066>c")]
    [InlineData("line\r\nnext\u0000", "line<U+000D><U+000A>next<U+0000>")]
    [InlineData("plain text", "plain text")]
    [InlineData("shop.exa\u200Bmple.com\uFEFF\u00AD\u2060x", "shop.exa<U+200B>mple.com<U+FEFF><U+00AD><U+2060>x")]
    public void DisplayText_Escape_ShowsCodePoints(string input, string expected) =>
        Assert.Equal(expected, DisplayText.Escape(input));

    [Fact]
    public void DisplayText_EscapeKeepingLineBreaks_KeepsNewlineOnly() =>
        Assert.Equal("a\nb<U+000D><U+202D> ⚠️", DisplayText.EscapeKeepingLineBreaks("a\nb\r\u202D ⚠️"));

    [Theory]
    [InlineData("shop.example.com\\n")]
    [InlineData("shop.example.com\\u2028")]
    public void Render_HostnameEndingInALineBreak_RouteRefused(string hostname)
    {
        var result = Files.Render(("r.yaml", Route("  - matches: [{path: {type: PathPrefix, value: /}}]\n").Replace("  rules:\n", $"  hostnames: [\"{hostname}\"]\n  rules:\n", StringComparison.Ordinal)));

        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Message.Contains("shop.example.com<U+", StringComparison.Ordinal));
        Assert.Empty(result.Plan.Listeners.SelectMany(l => l.VirtualHosts));
    }

    [Fact]
    public void Render_HostnameWithCyrillicLetter_ErrorShowsItsPunycodeForm()
    {
        var result = Files.Render(("r.yaml", Route("  - matches: [{path: {type: PathPrefix, value: /}}]\n").Replace("  rules:\n", "  hostnames: [\"sh\u043Ep.example.com\"]\n  rules:\n", StringComparison.Ordinal)));

        var d = Assert.Single(result.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Contains("'sh\u043Ep.example.com' (xn--shp-ted.example.com: not all ASCII) is not a valid DNS name", d.Message, StringComparison.Ordinal);
    }
}
