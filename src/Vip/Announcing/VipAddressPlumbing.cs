using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// Optional: keeps the node's VIP addresses on a local dummy interface with <c>ip</c>, so a proxy bound to the
/// VIP itself can accept its traffic. Off unless an interface name is configured.
/// </summary>
internal sealed class VipAddressPlumbing
{
    private readonly string _interface;
    private readonly ILogger _logger;
    private readonly HashSet<IPNetwork> _present = [];
    private bool _created;

    public VipAddressPlumbing(string interfaceName, ILogger logger)
    {
        _interface = interfaceName;
        _logger = logger;
    }

    public async Task ApplyAsync(IReadOnlySet<IPNetwork> wanted, CancellationToken cancellationToken)
    {
        if (!_created)
        {
            // "add" fails harmlessly when the interface exists already.
            await RunAsync(["link", "add", "name", _interface, "type", "dummy"], quiet: true, cancellationToken);
            await RunAsync(["link", "set", _interface, "up"], quiet: false, cancellationToken);
            _created = true;
        }

        foreach (var prefix in wanted.Where(p => !_present.Contains(p)).ToList())
        {
            await RunAsync(["addr", "replace", prefix.ToString(), "dev", _interface], quiet: false, cancellationToken);
            _present.Add(prefix);
        }

        foreach (var prefix in _present.Where(p => !wanted.Contains(p)).ToList())
        {
            await RunAsync(["addr", "del", prefix.ToString(), "dev", _interface], quiet: true, cancellationToken);
            _present.Remove(prefix);
        }
    }

    private async Task RunAsync(string[] arguments, bool quiet, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 && !quiet)
        {
            AnnouncerLog.PlumbingFailed(_logger, "ip " + string.Join(' ', arguments), error.Trim());
        }
    }
}
