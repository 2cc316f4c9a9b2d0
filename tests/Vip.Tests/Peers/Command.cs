using System.Diagnostics;

namespace GitGateway.Vip.Tests.Peers;

/// <summary>Runs a short command with a time limit and returns its output.</summary>
internal static class Command
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
            var stderr = process.StandardError.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    /// <summary>Runs and throws when the command fails.</summary>
    public static async Task<string> CheckAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var (code, output) = await RunAsync(program, arguments, cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {code}: {output}");
        }

        return output;
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value or the time is up; returns the last value.</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
