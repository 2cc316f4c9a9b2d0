using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using GitGateway.Plan.Model;
using GitGateway.Reconciler.Review.RoutingTests;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// Replays the repository's routing tests (the ones <c>plan</c> runs) as real HTTP requests against a canary node's
/// listeners: Host, path, method and headers from each test, sent to the listener the plan routes it on. Only tests
/// that pass against the plan are replayed (one that fails was let through by the override and says so already),
/// so a failure means the node does not do what the plan says: a backend that does not answer, a redirect or
/// status that differs, another backend answering. The backend is named by the response's JSON <c>backend</c>
/// field (the demo and test echo backends); a backend that does not name itself proves only that the request was
/// forwarded (2xx). Certificates are not checked (routing is tested, not the node's TLS chain); HTTP tests only,
/// at most <see cref="MaxTests"/>, each bounded by <see cref="RequestTimeout"/>. Tests of routes behind an IP filter
/// or JWT policy are not replayed (the answer depends on who asks), and a 429 from a rate limit is not a failure.
/// </summary>
internal sealed class CanaryReplay(IRouteResolver resolver, IReadOnlyDictionary<string, ReplayTarget> targets)
{
    public const int MaxTests = 200;
    private const int MaxBody = 64 * 1024;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The first test that fails on <paramref name="node"/> (file:line, name, what differed), or null.</summary>
    public async Task<string?> RunAsync(string node, RoutingPlan plan, IReadOnlyList<RoutingTestCase> cases, CancellationToken cancellationToken)
    {
        if (!targets.TryGetValue(node, out var target))
        {
            return null;
        }

        using var client = Client(target);
        var runner = new RoutingTestRunner(resolver);
        foreach (var test in cases.Where(c => c.Request.Protocol is null or "HTTP" or "HTTPS").Take(MaxTests))
        {
            if (!runner.Run(plan, [test])[0].Passed)
            {
                continue;
            }

            var outcome = resolver.Resolve(plan, test.Request);
            var expected = RoutingTestActual.From(outcome, test.Request);
            if (DependsOnClient(outcome) || ListenerFor(plan, outcome, test.Request) is not { } listener)
            {
                continue;
            }

            var live = await CanaryResponse.SendAsync(client, listener, test.Request, RequestTimeout, MaxBody, cancellationToken);
            if (Mismatch(test, expected, live) is { } problem)
            {
                return $"routing test {test.File}:{test.Line.ToString(CultureInfo.InvariantCulture)} '{test.Name}': {problem}";
            }
        }

        return null;
    }

    // Who asks decides these (client address, token), and a routing test does not say who asks.
    private static bool DependsOnClient(RouteOutcome outcome) =>
        outcome.Entry?.Policies.Any(p => p.Type is PolicyType.IPFilter or PolicyType.JWT) == true;

    private static Listener? ListenerFor(RoutingPlan plan, RouteOutcome outcome, RoutingTestRequest request)
    {
        if (outcome.Listener is { } listener)
        {
            return listener;
        }

        var wanted = string.Equals(request.Scheme, "http", StringComparison.OrdinalIgnoreCase) ? ListenerProtocol.HTTP : ListenerProtocol.HTTPS;
        return plan.Listeners.FirstOrDefault(l => request.Port is { } port ? l.Port == port : l.Protocol == wanted);
    }

    private static string? Mismatch(RoutingTestCase test, RoutingTestActual expected, CanaryResponse live)
    {
        var allowed = test.Expect.Backends?.Keys.ToList() ?? expected.Backends.Select(RoutingTestActual.Name).ToList();
        var want = expected.Status == 200 && allowed.Count > 0 ? string.Join(" or ", allowed) : expected.Describe();
        if (live.Error is { } error)
        {
            return $"expected {want}, the request failed: {error}";
        }

        if (expected.Status != 200)
        {
            return live.Status != expected.Status
                ? $"expected {want}, got status {live.Status}"
                : expected.Location is { } location && live.Location != location ? $"expected redirect to {location}, got {live.Location ?? "no Location"}" : null;
        }

        if (live.Status == 429)
        {
            return null; // a rate limit answered for the route; the request reached the route, not a backend to compare
        }

        if (live.Status is < 200 or >= 300)
        {
            return $"expected {want}, got status {live.Status}";
        }

        return live.Backend is { } name && allowed.Count > 0 && !allowed.Any(a => a == name || a == NameOnly(name))
            ? $"expected {want}, {name} answered"
            : null;
    }

    // "namespace/name:port" → "name", as tests may name a backend either way.
    private static string NameOnly(string backend)
    {
        var name = backend[(backend.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var colon = name.LastIndexOf(':');
        return colon < 0 ? name : name[..colon];
    }

    private static HttpClient Client(ReplayTarget target) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(target.Address, target.PortFor(context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
    })
    { Timeout = Timeout.InfiniteTimeSpan };
}
