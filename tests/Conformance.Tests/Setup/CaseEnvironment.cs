using System.Globalization;
using System.Text;
using System.Text.Json;
using GitGateway.Conformance.Tests.Cases;
using GitGateway.Fixtures;
using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Conformance.Tests.Setup;

/// <summary>
/// Everything one case runs against at one phase: the rendered plan, echo backends for the Deployments it reaches,
/// and one <c>gitgateway-proxy</c> per Gateway the requests target (each Gateway has its own address upstream;
/// here each gets its own process so Gateways sharing port 80 stay apart).
/// </summary>
internal sealed class CaseEnvironment : IAsyncDisposable
{
    private readonly Dictionary<string, (ProxyProcess Proxy, Dictionary<int, int> Ports)> _gateways = new(StringComparer.Ordinal);
    private readonly string _dir;

    private CaseEnvironment(string dir, RoutingPlan plan, BackendSet backends)
    {
        _dir = dir;
        Plan = plan;
        Backends = backends;
    }

    public RoutingPlan Plan { get; }

    public BackendSet Backends { get; }

    public static IReadOnlyDictionary<string, SuiteObject> Secrets => SuiteCertificates.All;

    /// <summary>Renders the case (or takes <paramref name="planOverride"/>) and starts backends and proxies.</summary>
    public static async Task<CaseEnvironment> StartAsync(ConformanceCase c, int phase, string proxyDll, RoutingPlan? planOverride, CancellationToken ct)
    {
        var files = CaseManifests.For(c, phase);
        var plan = planOverride ?? RenderPlan(files);
        var manifests = files.SelectMany(f => Manifest.ParseAll(f.Yaml)).ToList();
        var selectorless = c.Mutations.Any(m => m.TryGetProperty("object", out var o) && o.TryGetProperty("kind", out var k) && k.GetString() == "EndpointSlice")
            ? "infra-backend-v1" : null;
        var topology = new Topology(manifests, selectorless);
        var backends = await BackendSet.StartAsync(topology, PlanServices.Referenced(plan), Secrets, ct);
        var dir = Directory.CreateTempSubdirectory("gitgateway-conformance-").FullName;
        var env = new CaseEnvironment(dir, plan, backends);
        try
        {
            WriteCertificates(Path.Combine(dir, "certs"), manifests);
            var gateways = c.Requests.Where(r => Phase(r) == phase).Select(r => r.GetProperty("gateway"))
                .Select(g => (g.GetProperty("namespace").GetString()!, g.GetProperty("name").GetString()!)).Distinct();
            foreach (var (ns, name) in gateways)
            {
                await env.StartGatewayAsync(ns, name, proxyDll, ct);
            }

            return env;
        }
        catch
        {
            await env.DisposeAsync();
            throw;
        }
    }

    public static RoutingPlan RenderPlan(IReadOnlyList<(string Path, string Yaml)> files)
    {
        var input = new RenderInput(
            [.. files.Select(f => new SourceFile(f.Path, Encoding.UTF8.GetBytes(f.Yaml)))], "main@sha1:0000000000000000000000000000000000000000", RenderInput.DefaultControllerName, ["127.0.0.1"])
        {
            Ages = CaseHistory.Ages(files),
        };
        return PlanRenderer.Render(input).Plan;
    }

    public static int Phase(JsonElement request) => request.TryGetProperty("phase", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0;

    /// <summary>The local port standing for the Gateway address and port a request names (README section 3.1).</summary>
    public int LocalPort(JsonElement gateway, string scheme)
    {
        var key = $"{gateway.GetProperty("namespace").GetString()}/{gateway.GetProperty("name").GetString()}";
        var port = gateway.TryGetProperty("port", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : scheme is "https" or "tls" ? 443 : 80;
        // No listener in the plan (e.g. an invalid Gateway): a port nobody listens on, so connections are refused.
        return _gateways.TryGetValue(key, out var g) && g.Ports.TryGetValue(port, out var local) ? local : Ports.FreeTcp();
    }

    public string ProxyOutput => string.Join("\n", _gateways.Values.Select(g => g.Proxy.Tail));

    public async ValueTask DisposeAsync()
    {
        foreach (var (proxy, _) in _gateways.Values)
        {
            await proxy.DisposeAsync();
        }

        await Backends.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a stale temp folder is harmless
        }
    }

    private async Task StartGatewayAsync(string ns, string name, string proxyDll, CancellationToken ct)
    {
        var listeners = Plan.Listeners.Where(l => l.Gateway.Namespace == ns && l.Gateway.Name == name).ToList();
        if (listeners.Count == 0)
        {
            return;
        }

        var ports = new Dictionary<int, int>();
        foreach (var l in listeners.Where(l => !ports.ContainsKey(l.Port)))
        {
            ports[l.Port] = l.Protocol == ListenerProtocol.UDP ? Ports.FreeUdp() : Ports.FreeTcp();
        }

        var gatewayDir = Path.Combine(_dir, ns, name);
        Directory.CreateDirectory(gatewayDir);
        var plan = Plan with { Listeners = new EquatableArray<Listener>([.. listeners]), Vips = default };
        var planPath = Path.Combine(gatewayDir, "plan.json");
        var backendsPath = Path.Combine(gatewayDir, "backends.json");
        await File.WriteAllBytesAsync(planPath, PlanJson.ToCanonicalBytes(plan), ct);
        await File.WriteAllTextAsync(backendsPath, JsonSerializer.Serialize(Backends.Endpoints), ct);
        string[] args =
        [
            "--plan", planPath, "--backends", backendsPath, "--listen", "127.0.0.1",
            "--port-map", string.Join(",", ports.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}"))),
            "--cert-dir", Path.Combine(_dir, "certs"), "--admin-port", "0", "--access-log", "off", "--drain-seconds", "0",
            "--state-dir", Path.Combine(gatewayDir, "state"),
        ];
        // Ready in about a second on a quiet machine; the bound is for a loaded one (the case itself is bounded at 90 s).
        var proxy = await ProxyProcess.StartAsync(proxyDll, args, TimeSpan.FromSeconds(60), ct);
        _gateways[$"{ns}/{name}"] = (proxy, ports);
    }

    /// <summary><c>DIR/&lt;ns&gt;/&lt;name&gt;/tls.crt|tls.key|ca.crt</c> for generated objects and for Secrets/ConfigMaps in the YAML.</summary>
    private static void WriteCertificates(string root, IEnumerable<Manifest> manifests)
    {
        foreach (var o in Secrets.Values)
        {
            var dir = Directory.CreateDirectory(Path.Combine(root, o.Namespace, o.Name)).FullName;
            File.WriteAllText(Path.Combine(dir, o.Kind == "Secret" ? "tls.crt" : "ca.crt"), o.CertificatePem);
            if (o.KeyPem is not null)
            {
                File.WriteAllText(Path.Combine(dir, "tls.key"), o.KeyPem);
            }
        }

        foreach (var m in manifests.Where(m => m.Kind is "Secret" or "ConfigMap" && !Secrets.ContainsKey($"{m.Namespace}/{m.Name}")))
        {
            var data = Manifest.Map(m.Root, "data");
            if (data is null)
            {
                continue;
            }

            var dir = Directory.CreateDirectory(Path.Combine(root, m.Namespace, m.Name)).FullName;
            foreach (var key in new[] { "tls.crt", "tls.key", "ca.crt" })
            {
                if (Manifest.Scalar(data, key) is { } value)
                {
                    var bytes = m.Kind == "Secret" ? Convert.FromBase64String(value) : Encoding.UTF8.GetBytes(value);
                    File.WriteAllBytes(Path.Combine(dir, key), bytes);
                }
            }
        }
    }
}
