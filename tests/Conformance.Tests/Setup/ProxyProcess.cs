using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GitGateway.Conformance.Tests.Setup;

/// <summary>
/// A running <c>gitgateway-proxy</c> process serving one plan, started with the documented CLI and stopped (killed
/// after a bounded wait) on dispose. Ready once it printed its admin port and <c>/readyz</c> answers 200.
/// </summary>
internal sealed partial class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ProxyProcess(Process process) => _process = process;

    public int AdminPort { get; private set; }

    /// <summary>The last lines the proxy printed, for failure messages.</summary>
    public string Tail
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString();
                return text.Length > 2000 ? text[^2000..] : text;
            }
        }
    }

    public static async Task<ProxyProcess> StartAsync(string dll, IReadOnlyList<string> args, TimeSpan readyWithin, CancellationToken ct)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        var admin = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var proxy = new ProxyProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        proxy._process.OutputDataReceived += (_, e) => proxy.OnLine(e.Data, admin);
        proxy._process.ErrorDataReceived += (_, e) => proxy.OnLine(e.Data, admin);
        proxy._process.Exited += (_, _) => admin.TrySetException(new InvalidOperationException("gitgateway-proxy exited early:\n" + proxy.Tail));
        proxy._process.Start();
        proxy._process.BeginOutputReadLine();
        proxy._process.BeginErrorReadLine();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(readyWithin);
            proxy.AdminPort = await admin.Task.WaitAsync(timeout.Token);
            await proxy.WaitReadyAsync(timeout.Token);
            return proxy;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await proxy.DisposeAsync();
            throw new TimeoutException("gitgateway-proxy not ready in time:\n" + proxy.Tail);
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _process.Dispose();
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{AdminPort}/readyz"), ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // this request's own 2 s ran out on a busy machine: ask again until readyWithin ends
            }

            await Task.Delay(50, ct);
        }
    }

    private void OnLine(string? line, TaskCompletionSource<int> admin)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length > 64_000)
            {
                _output.Remove(0, 32_000);
            }

            _output.AppendLine(line);
        }

        if (AdminLine().Match(line) is { Success: true } m)
        {
            admin.TrySetResult(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"admin listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex AdminLine();
}
