using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Yarp.ReverseProxy.Configuration;

namespace GitGateway.Bench.YarpPeer;

/// <summary>
/// <c>yarp-peer PORT H2PORT BACKEND_URL</c>: YARP (Yarp.ReverseProxy, in-memory configuration, its defaults) proxying
/// every request to one backend, HTTP/1.1 on PORT and HTTP/2 without TLS (prior knowledge) on H2PORT, both on
/// 127.0.0.1. The peer that keeps the choice of the node's own forwarder justified by numbers (bench/proxy/README.md).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 3 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var port)
            || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var h2Port))
        {
            Console.Error.WriteLine("usage: yarp-peer PORT H2PORT BACKEND_URL");
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(System.Net.IPAddress.Loopback, h2Port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        RouteConfig[] routes = [new() { RouteId = "all", ClusterId = "backend", Match = new() { Path = "{**path}" } }];
        ClusterConfig[] clusters =
        [
            new()
            {
                ClusterId = "backend",
                Destinations = new Dictionary<string, DestinationConfig> { ["one"] = new() { Address = args[2] } },
            },
        ];
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
        var app = builder.Build();
        app.MapReverseProxy();
        app.Run();
        return 0;
    }
}
