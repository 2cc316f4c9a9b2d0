using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GitGateway.Reconciler.Demo;

/// <summary>
/// Where the running demo answers, and the exact commands that try each part of it (curl, git and openssl only):
/// printed as the banner, as one JSON object (<c>--output json</c>), and as shell variables in <c>demo.env</c> for
/// <c>scripts/demo.sh</c>'s tour.
/// </summary>
internal sealed record DemoEndpoints(string Repository, int ControlPort, int AdminPort, IReadOnlyDictionary<int, int> GatewayPorts)
{
    public string Control => $"http://127.0.0.1:{ControlPort}";

    public string Admin => $"http://127.0.0.1:{AdminPort}";

    public int Port(int gatewayPort) => GatewayPorts.GetValueOrDefault(gatewayPort);

    public string ShellVariables() => string.Create(CultureInfo.InvariantCulture, $"""
        GG_REPO='{Repository}'
        GG_CONTROL='{Control}'
        GG_ADMIN='{Admin}'
        GG_TOKEN='{DemoRunner.Token}'
        GG_HTTP={Port(80)}
        GG_HTTPS={Port(443)}
        GG_TCP={Port(5432)}
        GG_TLS={Port(8443)}

        """);

    public string Json() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["repository"] = Repository,
        ["controlPlane"] = Control,
        ["nodeAdmin"] = Admin,
        ["token"] = DemoRunner.Token,
        ["gatewayPorts"] = GatewayPorts.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
        ["try"] = Commands().Select(c => new { what = c.What, command = c.Command }).ToList(),
    });

    public string Banner(IEnumerable<string> dropped)
    {
        var text = new StringBuilder();
        text.AppendLine().AppendLine("GitGateway demo is running.");
        text.AppendLine(CultureInfo.InvariantCulture, $"  config repository : {Repository}   (commit there; served within about a second)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  control plane     : {Control}   /v1/status (Authorization: Bearer {DemoRunner.Token}), /metrics, /readyz");
        text.AppendLine(CultureInfo.InvariantCulture, $"  proxy node admin  : {Admin}   /metrics, /readyz");
        text.AppendLine(CultureInfo.InvariantCulture, $"  gateway ports     : {string.Join(", ", GatewayPorts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}→127.0.0.1:{kv.Value}"))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  left out          : {string.Join(", ", dropped)} (no identity provider here)");
        text.AppendLine().AppendLine("Try:");
        foreach (var (what, command) in Commands())
        {
            text.AppendLine("  # " + what).AppendLine("  " + command);
        }

        return text.AppendLine().AppendLine("Ctrl+C stops (and removes the temporary repository).").ToString();
    }

    public IReadOnlyList<(string What, string Command)> Commands()
    {
        var https = Port(443);
        var store = $"curl -sk --resolve store.example.com:{https}:127.0.0.1";
        var tls = Port(8443);
        const string git = "git -c user.name=demo -c user.email=demo@gitgateway.invalid";
        return
        [
            ("HTTPS: the storefront", $"{store} https://store.example.com:{https}/"),
            ("HTTP: redirected to HTTPS", $"curl -si -H 'Host: store.example.com' http://127.0.0.1:{Port(80)}/ | head -3"),
            ("the canary: /api goes 90% to store-api-v1, 10% to store-api-v2", $"for i in $(seq 40); do {store} https://store.example.com:{https}/api/cart; done | grep -o '\"backend\":\"[^\"]*\"' | sort | uniq -c"),
            ("the canary pinned by header", $"{store} -H 'X-Canary: always' https://store.example.com:{https}/api/cart"),
            ("gRPC: a GRPCRoute matches service and method (the echo backend answers in JSON)",
                $"curl -sk --http2 --resolve pay.example.com:{https}:127.0.0.1 -H 'content-type: application/grpc' -H 'te: trailers' --data-binary '' https://pay.example.com:{https}/payments.v1.Payments/Charge"),
            ("TCP: TCPRoute payments-db on the Gateway's port 5432", $"curl -s http://127.0.0.1:{Port(5432)}/"),
            ("TLS passthrough: routed by SNI, TLS ended by the backend", $"curl -sk --resolve os.search.example.com:{tls}:127.0.0.1 https://os.search.example.com:{tls}/"),
            ("TLS passthrough: the certificate is the backend's, not the node's", $"openssl s_client -connect 127.0.0.1:{tls} -servername os.search.example.com </dev/null 2>/dev/null | grep '^subject'"),
            ("control-plane metrics", $"curl -s {Control}/metrics | grep '^gitgateway_'"),
            ("node readiness and metrics", $"curl -s {Admin}/readyz; echo; curl -s {Admin}/metrics | grep '^gitgateway_proxy_requests_total'"),
            ("a refused commit: the node keeps the last good revision", $"cd {Repository} && sed -i 's/name: store-web, port: 8080/name: no-such-service, port: 8080/' teams/store/routes/store-web.yaml && {git} commit -qam 'storefront to a service nobody has'"),
            ("... and the status says why", $"curl -s -H 'Authorization: Bearer {DemoRunner.Token}' {Control}/v1/status"),
            ("roll back with Git", $"cd {Repository} && {git} revert --no-edit HEAD"),
        ];
    }
}
