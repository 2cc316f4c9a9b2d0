using System.Diagnostics;
using System.Net;

namespace GitGateway.Proxy.Tests.Support;

/// <summary>A <c>gitgateway-proxy</c> started as a program by a test: started with its output drained, asked, stopped by its PID.</summary>
internal static class NodeProgram
{
    /// <summary>Starts <paramref name="info"/> with <paramref name="arguments"/> appended, its output read and dropped.</summary>
    public static Process Start(ProcessStartInfo info, IEnumerable<string> arguments)
    {
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Whether the node answered <c>/</c> with 200; false while it is not listening yet.</summary>
    public static async Task<bool> OkAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("/", cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Kills the process this test started, if it still runs, and waits for it.</summary>
    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}
