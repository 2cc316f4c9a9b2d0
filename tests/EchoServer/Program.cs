using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using GitGateway.Fixtures.Echo;
using EchoBackend = GitGateway.Fixtures.Echo.EchoServer;

namespace GitGateway.EchoServer;

/// <summary>
/// <c>gitgateway-echo --pod NAME --namespace NS [--http-port N] [--h2c-port N] [--https-port N --cert crt.pem --key key.pem]
/// [--tcp-port N] [--udp-port N] [--quiet]</c>: serves until SIGINT/SIGTERM and prints its ports first.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quiet")
            {
                flags.Add(args[i]);
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[args[i]] = args[++i];
            }
            else
            {
                await Console.Error.WriteLineAsync("unexpected argument " + args[i]);
                return 2;
            }
        }

        int Port(string name) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : 0;
        X509Certificate2? cert = values.TryGetValue("--cert", out var crt) && values.TryGetValue("--key", out var key)
            ? X509Certificate2.CreateFromPemFile(crt, key)
            : null;
        var options = new EchoOptions
        {
            Pod = values.GetValueOrDefault("--pod", "echo-x-y"),
            Namespace = values.GetValueOrDefault("--namespace", "default"),
            Certificate = cert,
            RequestedPorts = new EchoPorts(Port("--http-port"), Port("--h2c-port"), Port("--https-port"), Port("--tcp-port"), null, Port("--udp-port")),
            LogToConsole = !flags.Contains("--quiet"),
        };

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            ctx =>
            {
                ctx.Cancel = true;
                stop.Cancel();
            });

        await using var server = await EchoBackend.StartAsync(options, stop.Token);
        Console.WriteLine($"echo listening {server.Ports}");
        await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return 0;
    }
}
