using System.Globalization;
using System.Net;
using System.Text;
using GitGateway.Fixtures;

namespace GitGateway.Vip.Tests.Peers;

/// <summary>Stands in for the proxy's <c>/readyz</c> (the proxy node is its own project): answers what the test sets.</summary>
internal sealed class ReadyzServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private volatile string? _body;
    private volatile bool _unavailable;

    public ReadyzServer()
    {
        Port = Ports.FreeTcp();
        _listener.Prefixes.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/"));
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Url => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/readyz"));

    /// <summary>The JSON body to answer 200 with, or null to answer 503.</summary>
    public void Set(string? body, bool unavailable = false)
    {
        _unavailable = unavailable;
        _body = body;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // the listener was closed under the loop
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var body = _body;
            context.Response.StatusCode = body is null || _unavailable ? 503 : 200;
            var bytes = Encoding.UTF8.GetBytes(body ?? "not ready");
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
