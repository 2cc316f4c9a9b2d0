using System.Text.Json.Nodes;
using static GitGateway.Reconciler.Tests.Import.IngressImportFixture;

namespace GitGateway.Reconciler.Tests.Import;

/// <summary>
/// gitgateway import ingress end to end: convert, validate, then plan the pull request, whose routing tests (the
/// ones the import generated from the Ingress rules) must all pass.
/// </summary>
public sealed class IngressImportTests
{
    private const string Nginx = "nginx.ingress.kubernetes.io/";

    // The NovaEdge walkthrough's Ingress kept during a move: class novaedge, rewrite-target "/" on the /api prefix.
    private static readonly string SeedNovaEdge = Ingress($"{Nginx}rewrite-target: /", "  ingressClassName: novaedge\n  rules:\n"
        + Rule("legacy.example.com", ("/api", "Prefix", "api", 8080), ("/", "Prefix", "web", 8080)), name: "api-gateway");

    // ingress-nginx's rewrite example: the regex path with capture groups that strips the /api prefix.
    private static readonly string SeedIngressNginx = Ingress($"{Nginx}use-regex: \"true\"\n{Nginx}rewrite-target: /$2", "  ingressClassName: nginx\n  rules:\n"
        + Rule("api.legacy.example.com", ("/api(/|$)(.*)", "ImplementationSpecific", "api", 8080), ("/", "Prefix", "web", 8080)), name: "rewrite");

    [Fact]
    public async Task Import_SeedNovaEdgeRewriteToSlash_ValidAndGeneratedTestsPass()
    {
        using var fx = new IngressImportFixture();

        var (exit, output, _) = await fx.ImportAsync(SeedNovaEdge);

        Assert.Equal(0, exit);
        Assert.Contains("wrote teams/legacy/routes/ingress-legacy.api-gateway.yaml", output, StringComparison.Ordinal);
        var routes = File.ReadAllText(Path.Combine(fx.TeamDir, "routes", "ingress-legacy.api-gateway.yaml"));
        Assert.Contains("type: ReplaceFullPath\n          replaceFullPath: /\n", routes, StringComparison.Ordinal);
        await AssertPlanGreenAsync(fx, expectedTests: 2);
    }

    [Fact]
    public async Task Import_SeedIngressNginxCaptureGroups_StripsThePrefixAndGeneratedTestsPass()
    {
        using var fx = new IngressImportFixture();

        var (exit, _, _) = await fx.ImportAsync(SeedIngressNginx);

        Assert.Equal(0, exit);
        var routes = File.ReadAllText(Path.Combine(fx.TeamDir, "routes", "ingress-legacy.rewrite.yaml"));
        Assert.Contains("type: PathPrefix\n        value: /api\n", routes, StringComparison.Ordinal);
        Assert.Contains("type: ReplacePrefixMatch\n          replacePrefixMatch: /\n", routes, StringComparison.Ordinal);
        var tests = await AssertPlanGreenAsync(fx, expectedTests: 2);
        Assert.Contains(tests, t => (string?)t["detail"] == "forwarded to legacy/api:8080 (weight 1)");
    }

    [Theory]
    [InlineData("rewrite-target: /v2", "replaceFullPath: /v2", 2)]
    [InlineData("ssl-redirect: \"true\"", "statusCode: 308", 4)]
    [InlineData("force-ssl-redirect: \"true\"", "statusCode: 308", 4)]
    [InlineData("canary", "weight: 70", 2)]
    [InlineData("canary-by-header", "name: X-Canary\n", 3)]
    [InlineData("enable-cors: \"true\"\ncors-allow-origin: \"https://app.example.com\"", "allowOrigins:\n    - \"https://app.example.com\"", 2)]
    [InlineData("whitelist-source-range: \"10.0.0.0/8, 192.0.2.7\"", "- \"192.0.2.7/32\"", 2)]
    [InlineData("limit-rps: \"5\"\nlimit-burst-multiplier: \"3\"", "requestsPerSecond: 5\n    burst: 15", 2)]
    [InlineData("proxy-read-timeout: \"30\"\nproxy-send-timeout: \"45\"", "backendRequest: \"45s\"", 2)]
    [InlineData("permanent-redirect: https://shop.example.org/new", "statusCode: 301", 2)]
    [InlineData("backend-protocol: GRPC", "kind: GRPCRoute", 1)]
    public async Task Import_Annotation_ConvertedAndGeneratedTestsPass(string annotation, string expected, int expectedTests)
    {
        using var fx = new IngressImportFixture();
        var (yaml, tls) = annotation switch
        {
            "canary" => (Canary($"{Nginx}canary-weight: \"30\""), ""),
            "canary-by-header" => (Canary($"{Nginx}canary-by-header: X-Canary\n{Nginx}canary-weight: \"10\""), ""),
            _ when annotation.StartsWith("ssl-redirect", StringComparison.Ordinal) => (null, "  tls:\n  - hosts: [legacy.example.com]\n    secretName: legacy-tls\n"),
            _ => (null, ""),
        };
        yaml ??= annotation.StartsWith("backend-protocol", StringComparison.Ordinal)
            ? Ingress(Nginx + annotation, "  rules:\n" + Rule("legacy.example.com", ("/", "Prefix", "grpc", 9090)))
            : Ingress(string.Join('\n', annotation.Split('\n').Select(a => Nginx + a)), tls + "  rules:\n" + Rule("legacy.example.com", ("/api", "Prefix", "api", 8080), ("/", "Prefix", "web", 8080)));

        var (exit, output, error) = await fx.ImportAsync(yaml, "--output", "json");

        Assert.True(exit == 0, output + error);
        Assert.Empty(JsonNode.Parse(output)!["notConverted"]!.AsArray());
        Assert.Contains(expected, fx.Written(), StringComparison.Ordinal);
        await AssertPlanGreenAsync(fx, expectedTests);
    }

    [Theory]
    [InlineData("configuration-snippet: \"more_set_headers 'X: y';\"", "raw nginx configuration")]
    [InlineData("auth-url: https://auth.example.com/check", "authentication")]
    [InlineData("affinity: cookie", "sticky sessions")]
    [InlineData("backend-protocol: HTTPS", "TLS or another protocol")]
    [InlineData("canary-by-cookie: beta", "cookie")]
    [InlineData("limit-rpm: \"600\"", "per second")]
    [InlineData("limit-rps: lots", "not a whole number")]
    [InlineData("whitelist-source-range: not-a-cidr", "not a CIDR")]
    [InlineData("permanent-redirect: /relative", "absolute")]
    [InlineData("x-made-up: \"1\"", "no GitGateway equivalent")]
    public async Task Import_AnnotationNotConvertible_ListedWithReasonAndTheRestConverts(string annotation, string reason)
    {
        using var fx = new IngressImportFixture();
        var yaml = Ingress(Nginx + annotation, "  rules:\n" + Rule("legacy.example.com", ("/", "Prefix", "web", 8080)));

        var (exit, output, _) = await fx.ImportAsync(yaml, "--output", "json");

        Assert.Equal(0, exit);
        var note = Assert.Single(JsonNode.Parse(output)!["notConverted"]!.AsArray());
        Assert.Equal(Nginx + annotation.Split(':')[0], (string?)note!["subject"]);
        Assert.Contains(reason, (string?)note["reason"], StringComparison.Ordinal);
        Assert.EndsWith("/ingress.yaml", (string?)note["file"], StringComparison.Ordinal);
        Assert.Equal(7, (int)note["line"]!);
        var report = File.ReadAllText(Path.Combine(fx.TeamDir, "ingress-import.md"));
        Assert.Contains($"`{Nginx}{annotation.Split(':')[0]}` ({note["file"]}:7)", report[report.IndexOf("## Not converted", StringComparison.Ordinal)..], StringComparison.Ordinal);
        await AssertPlanGreenAsync(fx, expectedTests: 1);
    }

    [Fact]
    public async Task Import_ForeignAnnotationAndImplementationSpecific_ExplainedNotDropped()
    {
        using var fx = new IngressImportFixture();
        var yaml = Ingress("cert-manager.io/cluster-issuer: letsencrypt", "  rules:\n" + Rule("legacy.example.com", ("/shop", "ImplementationSpecific", "web", 8080)));

        var (_, output, _) = await fx.ImportAsync(yaml, "--output", "json");

        var json = JsonNode.Parse(output)!;
        Assert.Equal("cert-manager.io/cluster-issuer", (string?)Assert.Single(json["notConverted"]!.AsArray())!["subject"]);
        Assert.Contains(json["explained"]!.AsArray(), n => (string?)n!["subject"] == "pathType" && ((string?)n["reason"])!.Contains("'/foo' also matched '/foobar'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_TlsHost_ListenerRequestForThePlatform()
    {
        using var fx = new IngressImportFixture();
        var yaml = Ingress("", "  tls:\n  - hosts: [legacy.example.com]\n    secretName: legacy-tls\n  rules:\n" + Rule("legacy.example.com", ("/", "Prefix", "web", 8080)));

        var (_, output, _) = await fx.ImportAsync(yaml, "--output", "json");

        var request = Assert.Single(JsonNode.Parse(output)!["listenerRequests"]!.AsArray())!;
        Assert.Equal(("legacy.example.com", "legacy-tls", "gateway-system/public/https"), ((string?)request["host"], (string?)request["secretName"], (string?)request["coveredBy"]));
        Assert.Contains("`legacy.example.com` (legacy/shop, certificate `legacy/legacy-tls`)", File.ReadAllText(Path.Combine(fx.TeamDir, "ingress-import.md")), StringComparison.Ordinal);
    }

    private static string Canary(string annotations) =>
        Ingress("", "  rules:\n" + Rule("legacy.example.com", ("/api", "Prefix", "api", 8080), ("/", "Prefix", "web", 8080)))
        + "---\n" + Ingress($"{Nginx}canary: \"true\"\n{annotations}", "  rules:\n" + Rule("legacy.example.com", ("/api", "Prefix", "api-v2", 8080)), name: "shop-canary");

    private static async Task<List<JsonNode>> AssertPlanGreenAsync(IngressImportFixture fx, int expectedTests)
    {
        var (validate, diagnostics, _) = await Cli.Cli.RunAsync("validate", fx.Repo.Path);
        Assert.True(validate == 0, diagnostics);
        var (exit, tests, output) = await fx.PlanAsync();
        Assert.True(exit == 0, output);
        Assert.Equal(expectedTests, tests.Count);
        Assert.All(tests, t => Assert.True((bool)t["passed"]!, (string?)t["detail"]));
        return tests;
    }
}
