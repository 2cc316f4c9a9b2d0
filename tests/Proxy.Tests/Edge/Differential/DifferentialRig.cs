using GitGateway.Proxy.Admission;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Edge.Differential;

/// <summary>
/// nginx and the node side by side, each case with its own port on both and its own pair of recording backends
/// (one behind nginx, one behind the node, answering alike), so cases run at the same time and what each backend
/// received belongs to one case and one proxy. Both close an idle client connection after about a second.
/// </summary>
internal sealed class DifferentialRig : IAsyncDisposable
{
    private const int FirstGatewayPort = 20000;

    private readonly List<RecordingBackend> _backends;

    private DifferentialRig(List<RecordingBackend> backends, NginxPeer nginx, ProxyHost node, int count)
    {
        _backends = backends;
        Nginx = nginx;
        Node = node;
        Count = count;
    }

    public NginxPeer Nginx { get; }

    public ProxyHost Node { get; }

    public int Count { get; }

    /// <param name="count">Cases.</param>
    /// <param name="answer">What case i's backends answer to their n-th request.</param>
    public static async Task<DifferentialRig> StartAsync(int count, Func<int, int, RawAnswer> answer, CancellationToken cancellationToken)
    {
        GitGateway.Fixtures.Peer.Require("nginx", "nginx");
        var backends = Enumerable.Range(0, 2 * count).Select(b => new RecordingBackend(n => answer(b / 2, n))).ToList();
        NginxPeer? nginx = null;
        try
        {
            nginx = await NginxPeer.StartAsync([.. Enumerable.Range(0, count).Select(i => backends[2 * i].Port)], cancellationToken);
            var limits = ConnectionLimits.Default with { KeepAliveTimeout = TimeSpan.FromSeconds(1), RequestHeadersTimeout = TimeSpan.FromSeconds(3) };
            var map = Enumerable.Range(0, count).ToDictionary(i => $"infra/c{i}:8080", i => new[] { backends[(2 * i) + 1].Authority });
            var ports = Enumerable.Range(0, count).Select(i => FirstGatewayPort + i).ToArray();
            var node = await ProxyHost.StartAsync(map, ports, limits: limits);
            await node.ApplyAsync(Of([.. Enumerable.Range(0, count).Select(i => Listener($"c{i}", FirstGatewayPort + i, GitGateway.Plan.Model.ListenerProtocol.HTTP, null, null, [Host("*", Entry($"c{i}", Prefix("/"), Service($"c{i}")))]))]));
            return new DifferentialRig(backends, nginx, node, count);
        }
        catch
        {
            if (nginx is not null)
            {
                await nginx.DisposeAsync();
            }

            foreach (var backend in backends)
            {
                await backend.DisposeAsync();
            }

            throw;
        }
    }

    public int NginxPort(int i) => Nginx.Ports[i];

    public int NodePort(int i) => Node.LocalPort(FirstGatewayPort + i);

    public RecordingBackend NginxBackend(int i) => _backends[2 * i];

    public RecordingBackend NodeBackend(int i) => _backends[(2 * i) + 1];

    /// <summary>Runs <paramref name="run"/> for every case, a few at a time.</summary>
    public async Task<T[]> ForEachAsync<T>(Func<int, Task<T>> run)
    {
        using var gate = new SemaphoreSlim(8);
        return await Task.WhenAll(Enumerable.Range(0, Count).Select(async i =>
        {
            await gate.WaitAsync(TestContext.Current.CancellationToken);
            try
            {
                return await run(i);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        await Nginx.DisposeAsync();
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }
    }
}
