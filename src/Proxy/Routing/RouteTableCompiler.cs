using GitGateway.Plan;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Filters;
using GitGateway.Proxy.Forwarding;
using GitGateway.Proxy.Policies;
using GitGateway.Proxy.Policies.Waf;

namespace GitGateway.Proxy.Routing;

/// <summary>
/// Compiles a validated plan into a <see cref="RouteTable"/>, off the request path. Reads as its steps: group
/// listeners by port, compile each listener's hosts and entries, its L4 routes and its TLS material. WAF findings go
/// to <paramref name="waf"/> when there is one (a node has; a table compiled only to resolve routes has not).
/// Regular expressions come from <paramref name="regexes"/>, shared across the tables it compiles. A route entry that
/// is the same object as one of the table compiled last (a delta applied to the plan in force keeps the entries it
/// does not change) keeps that entry's compiled form: its matchers, backends, filters and policies (so a rate limit's
/// buckets are not reset by a change elsewhere in the plan); only new and changed entries are compiled.
/// </summary>
internal sealed class RouteTableCompiler(
    BackendMap backends, TlsMaterialCompiler tls, JwksCache? jwks, TimeProvider time, WafReporter? waf = null, RegexCache? regexes = null)
{
    /// <summary>The regular expressions shared by every table this compiler builds.</summary>
    public RegexCache Regexes { get; } = regexes ?? new RegexCache();

    // The compiled entries of the table compiled last, by host id and the plan's entry object: what the next table may
    // reuse. By host, because each host compiles its own entry (its own rate-limit buckets) even where hosts share one.
    private Dictionary<(string Host, RouteEntry Entry), CompiledEntry> _last = new(EntryKeys.Instance);

    /// <summary>How many entries the tables compiled so far reused from the table before instead of compiling them.</summary>
    public long ReusedEntries { get; private set; }

    public RouteTable Compile(RoutingPlan plan, string hash)
    {
        var warnings = new List<string>();
        var ports = new Dictionary<int, PortTable>();
        var scope = new RegexScope(Regexes);
        var compiled = new Dictionary<(string Host, RouteEntry Entry), CompiledEntry>(EntryKeys.Instance);
        foreach (var group in plan.Listeners.GroupBy(l => l.Port))
        {
            var listeners = group.Select(l => CompileListener(l, scope, warnings, compiled)).ToArray();
            ports[group.Key] = new PortTable(group.Key, KindOf(group.First().Protocol), listeners);
        }

        _last = compiled;

        // One line per distinct problem, with how many entries it touches, not one per route entry.
        var summary = warnings.GroupBy(w => w, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ({g.Count()} route entries)")
            .ToList();
        return new RouteTable(plan, hash, ports, summary) { RegexPatterns = scope.Patterns };
    }

    public static PortKind KindOf(ListenerProtocol protocol) => protocol switch
    {
        ListenerProtocol.HTTP => PortKind.Http,
        ListenerProtocol.HTTPS or ListenerProtocol.TLS => PortKind.Tls,
        ListenerProtocol.TCP => PortKind.Tcp,
        _ => PortKind.Udp,
    };

    private ListenerTable CompileListener(Listener listener, RegexScope scope, List<string> warnings, Dictionary<(string Host, RouteEntry Entry), CompiledEntry> entries)
    {
        var hosts = listener.VirtualHosts.Select(h => new KeyValuePair<string, VirtualHostTable>(h.Hostname, CompileHost(h, scope, warnings, entries)));
        var l4 = new List<KeyValuePair<string, CompiledL4Route>>();
        foreach (var route in listener.L4Routes)
        {
            var compiled = new CompiledL4Route(route.Id, new WeightedBackends(route.Backends.Select(b => CompileBackend(b, forceHttp2: false)).ToArray()));
            if (route.Hostnames.IsEmpty)
            {
                l4.Add(new("*", compiled));
            }

            foreach (var hostname in route.Hostnames)
            {
                l4.Add(new(hostname, compiled));
            }
        }

        var serverTls = listener.Tls is { Mode: TlsMode.Terminate } t ? tls.Compile(listener.Id, t, warnings) : null;
        return new ListenerTable(listener, new HostnameMap<VirtualHostTable>(hosts), new HostnameMap<CompiledL4Route>(l4), serverTls);
    }

    private VirtualHostTable CompileHost(VirtualHost host, RegexScope scope, List<string> warnings, Dictionary<(string Host, RouteEntry Entry), CompiledEntry> compiled)
    {
        var entries = new CompiledEntry[host.Routes.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = host.Routes[i];
            var done = Reuse(host.Id, entry, scope) ?? CompileEntry(entry, scope);
            compiled.TryAdd((host.Id, entry), done);
            warnings.AddRange(done.Warnings);
            entries[i] = done;
        }

        return new VirtualHostTable(host, entries);
    }

    // The last table's compiled form of this very entry object, its regular expressions counted in this table's scope.
    private CompiledEntry? Reuse(string host, RouteEntry entry, RegexScope scope)
    {
        if (!_last.TryGetValue((host, entry), out var known))
        {
            return null;
        }

        foreach (var pattern in known.RegexPatterns)
        {
            scope.Get(pattern);
        }

        ReusedEntries++;
        return known;
    }

    private CompiledEntry CompileEntry(RouteEntry entry, RegexScope scope)
    {
        var grpc = string.Equals(entry.Route.Kind, "GRPCRoute", StringComparison.Ordinal);
        var backends = entry.Backends.Select(b => CompileBackend(b, grpc)).ToArray();
        var warnings = new List<string>();
        var policies = CompilePolicies(entry, warnings);
        return new CompiledEntry(entry, CompileFilters(entry.Filters), new WeightedBackends(backends), policies, scope) { Warnings = warnings };
    }

    private CompiledBackend CompileBackend(Backend backend, bool forceHttp2)
    {
        var endpoints = backend.Unresolved is null ? backends.Resolve(backend.Namespace, backend.Name, backend.Port) : null;
        var upstreamTls = endpoints is not null && backend.Tls is { } t ? tls.Upstream.Compile(t) : null;
        return new CompiledBackend(backend, endpoints, CompileFilters(backend.Filters), forceHttp2) { Tls = upstreamTls };
    }

    private FilterSet CompileFilters(EquatableArray<Filter> filters)
    {
        if (filters.IsEmpty)
        {
            return FilterSet.None;
        }

        HeaderModifier? request = null, response = null;
        RedirectFilter? redirect = null;
        RewriteFilter? rewrite = null;
        CorsPolicy? cors = null;
        var mirrors = new List<MirrorTarget>();
        foreach (var filter in filters)
        {
            request ??= filter.RequestHeaderModifier;
            response ??= filter.ResponseHeaderModifier;
            redirect ??= filter.RequestRedirect;
            rewrite ??= filter.UrlRewrite;
            if (filter.Cors is not null)
            {
                cors ??= new CorsPolicy(filter.Cors);
            }

            if (filter.RequestMirror is { Backend.Unresolved: null } mirror)
            {
                var b = mirror.Backend;
                var http2 = string.Equals(b.AppProtocol, "kubernetes.io/h2c", StringComparison.Ordinal);
                var mirrorTls = b.Tls is { } t ? tls.Upstream.Compile(t) : null;
                mirrors.Add(new MirrorTarget(b.Id, backends.Resolve(b.Namespace, b.Name, b.Port), http2, mirror.Numerator, mirror.Denominator, mirrorTls));
            }
        }

        return new FilterSet(request, response, redirect, rewrite, [.. mirrors], cors);
    }

    private PolicySet CompilePolicies(RouteEntry entry, List<string> warnings)
    {
        if (entry.Policies.IsEmpty)
        {
            return PolicySet.None;
        }

        var limits = new List<TokenBucketLimiter>();
        var ipFilters = new List<IpFilter>();
        var jwts = new List<JwtValidator>();
        CorsPolicy? cors = null;
        foreach (var policy in entry.Policies)
        {
            switch (policy.Type)
            {
                case PolicyType.RateLimit when policy.RateLimit is not null:
                    limits.Add(new TokenBucketLimiter(policy.Id, policy.RateLimit, time));
                    break;
                case PolicyType.IPFilter when policy.IpFilter is not null:
                    ipFilters.Add(new IpFilter(policy.Id, policy.IpFilter));
                    break;
                case PolicyType.JWT when policy.Jwt is not null && jwks is not null:
                    jwts.Add(new JwtValidator(policy.Id, policy.Jwt, jwks, time));
                    break;
                case PolicyType.CORS when policy.Cors is not null:
                    cors ??= new CorsPolicy(policy.Cors);
                    break;
                case PolicyType.WAF when policy.Waf is not null:
                    break; // all of the entry's WAF policies share one guard, below
                case PolicyType.Timeout or PolicyType.Retry:
                    break; // rendered into the entry's timeouts and retry policy
                default:
                    warnings.Add($"{policy.Type} policy {policy.Id} is not enforced by this node");
                    break;
            }
        }

        return new PolicySet([.. limits], [.. ipFilters], [.. jwts], cors, WafGuard.Create(entry.Policies, waf));
    }

    // The host id by value, the entry by reference: value equality would compare whole entries.
    private sealed class EntryKeys : IEqualityComparer<(string Host, RouteEntry Entry)>
    {
        public static EntryKeys Instance { get; } = new();

        public bool Equals((string Host, RouteEntry Entry) x, (string Host, RouteEntry Entry) y) =>
            ReferenceEquals(x.Entry, y.Entry) && string.Equals(x.Host, y.Host, StringComparison.Ordinal);

        public int GetHashCode((string Host, RouteEntry Entry) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Entry), StringComparer.Ordinal.GetHashCode(obj.Host));
    }
}
