using System.Runtime.CompilerServices;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Routing;

namespace GitGateway.Reconciler.Review.RoutingTests;

/// <summary>
/// Resolves HTTP routing tests with the data plane's own code: the plan is compiled into the proxy's route table
/// (<see cref="RouteTableCompiler"/>) and each request goes through <see cref="RouteSelector"/>, exactly as a node
/// would route it. L4 tests (TLS by SNI, TCP) use <see cref="PlanRouteResolver"/>, which needs no socket.
/// </summary>
internal sealed class ProxyRouteResolver : IRouteResolver
{
    private static readonly ConditionalWeakTable<RoutingPlan, RouteTable> Tables = [];
    private readonly PlanRouteResolver _l4 = new();

    public RouteOutcome Resolve(RoutingPlan plan, RoutingTestRequest request)
    {
        if (request.Protocol is { } p && !p.Equals("HTTP", StringComparison.OrdinalIgnoreCase) && !p.Equals("HTTPS", StringComparison.OrdinalIgnoreCase))
        {
            return _l4.Resolve(plan, request);
        }

        var table = Tables.GetValue(plan, Compile);
        var wanted = string.Equals(request.Scheme, "http", StringComparison.OrdinalIgnoreCase) ? ListenerProtocol.HTTP : ListenerProtocol.HTTPS;
        var ports = plan.Listeners
            .Where(l => request.Port is { } port ? l.Port == port : l.Protocol == wanted)
            .Select(l => l.Port)
            .Distinct()
            .ToList();
        if (ports.Count == 0 && request.Port is null)
        {
            ports = plan.Listeners.Where(l => l.Protocol is ListenerProtocol.HTTP or ListenerProtocol.HTTPS).Select(l => l.Port).Distinct().ToList();
        }

        foreach (var port in ports)
        {
            var selection = RouteSelector.Select(table, port, Context(request), tls: false);
            if (selection.Entry is { } compiled)
            {
                var listener = plan.Listeners.First(l => l.Port == port && l.VirtualHosts.Any(v => v.Routes.Any(e => e.Id == compiled.Entry.Id)));
                return new RouteOutcome(listener, compiled.Entry);
            }
        }

        return new RouteOutcome(null, null);
    }

    private static RouteTable Compile(RoutingPlan plan) =>
        new RouteTableCompiler(BackendMap.Empty, new TlsMaterialCompiler(new CertificateStore(null)), null, TimeProvider.System)
            .Compile(plan, PlanJson.Hash(plan));

    private static DefaultHttpContext Context(RoutingTestRequest request)
    {
        var context = new DefaultHttpContext();
        var parts = request.Path.Split('?', 2);
        context.Request.Method = request.Method;
        context.Request.Path = parts[0];
        context.Request.QueryString = parts.Length > 1 ? new QueryString("?" + parts[1]) : QueryString.Empty;
        context.Request.Headers.Host = request.Host;
        foreach (var (name, value) in request.Headers)
        {
            context.Request.Headers[name] = value;
        }

        return context;
    }
}
