using System.Net;
using System.Net.Sockets;
using System.Text;
using GitGateway.Reconciler.Webhook;

namespace GitGateway.Reconciler.Tests.EndToEnd;

/// <summary>
/// Unauthenticated webhook deliveries against the real control plane endpoint: refused before their body is read
/// or parsed, bounded in size and in number, and secrets rotated through the secret file without a restart.
/// </summary>
public sealed class WebhookHardeningTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Webhook_NoSignatureAndA20MegabyteBodyNeverSent_Answers401BeforeTheBody()
    {
        await using var cp = await MultiRepoFixture.StartAsync(new Dictionary<string, IReadOnlyList<string>> { ["alpha"] = [] }, Ct);

        // Without the change the server waits for 20 MB that never come, and the read below times out.
        var answer = await HeadOnlyAsync(cp.Port, "/webhooks/github/alpha", 20_000_000, signature: null);
        var control = await cp.PushAsync(cp["alpha"], cp["alpha"].Repo.Head());

        Assert.Equal(401, answer);
        Assert.Equal(HttpStatusCode.Accepted, control.StatusCode);
    }

    [Fact]
    public async Task Webhook_DeclaredOver25Megabytes_Answers413BeforeTheBody()
    {
        await using var cp = await MultiRepoFixture.StartAsync(new Dictionary<string, IReadOnlyList<string>> { ["alpha"] = [] }, Ct);

        var answer = await HeadOnlyAsync(cp.Port, "/webhooks/github/alpha", 26L * 1024 * 1024, signature: "sha256=" + new string('0', 64));

        Assert.Equal(413, answer);
    }

    [Fact]
    public async Task Webhook_ChunkedBodyGrowingPastTheLimit_Answers413()
    {
        await using var cp = await MultiRepoFixture.StartAsync(new Dictionary<string, IReadOnlyList<string>> { ["alpha"] = [] }, Ct);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(cp.BaseUri, "webhooks/github/alpha"))
        {
            Content = new StreamContent(new ZeroStream(26L * 1024 * 1024)), // no length: sent chunked
        };
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + new string('0', 64));

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_MoreUnauthenticatedDeliveriesThanTheLimit_AreAnswered503()
    {
        await using var cp = await MultiRepoFixture.StartAsync(new Dictionary<string, IReadOnlyList<string>> { ["alpha"] = [] }, Ct);
        var held = new List<TcpClient>();
        try
        {
            for (var i = 0; i < WebhookLimits.Default.MaxUnauthenticated; i++)
            {
                // Each holds a slot: a well-formed signature and a body that stops after its first byte.
                var tcp = new TcpClient();
                held.Add(tcp);
                await tcp.ConnectAsync(IPAddress.Loopback, cp.Port, Ct);
                await tcp.GetStream().WriteAsync(Head("/webhooks/github/alpha", 1000, "sha256=" + new string('0', 64), "{"), Ct);
            }

            await Task.Delay(500, Ct); // let the server start reading them (not a timing assertion: it only makes the 503 likelier to be due)
            var refused = await cp.WebhookAsync("webhooks/github/alpha", "push", MultiRepoFixture.PushJson(cp["alpha"].FullName, cp["alpha"].Repo.Head()), "wrong-secret");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }
        finally
        {
            held.ForEach(t => t.Dispose());
        }

        var again = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 100 && again == HttpStatusCode.ServiceUnavailable; attempt++)
        {
            await Task.Delay(100, Ct);
            again = (await cp.PushAsync(cp["alpha"], cp["alpha"].Repo.Head())).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Accepted, again); // the slots come back once the held deliveries are gone
    }

    [Fact]
    public async Task Webhook_SecretFileRotated_OldAndNewValidTogetherThenOnlyNew()
    {
        var directory = Directory.CreateTempSubdirectory("gg-webhook-").FullName;
        var file = Path.Combine(directory, "secret");
        await File.WriteAllTextAsync(file, "old-secret\n", Ct);
        try
        {
            await using var cp = await MultiRepoFixture.StartAsync(new Dictionary<string, IReadOnlyList<string>> { ["alpha"] = [] }, Ct, new Dictionary<string, string> { ["alpha"] = file });
            var push = MultiRepoFixture.PushJson(cp["alpha"].FullName, cp["alpha"].Repo.Head());

            var beforeOld = await cp.WebhookAsync("webhook", "push", push, "old-secret");
            var beforeNew = await cp.WebhookAsync("webhook", "push", push, "new-secret");
            await File.WriteAllTextAsync(file, "new-secret\nold-secret\n", Ct);
            var duringOld = await cp.WebhookAsync("webhook", "push", push, "old-secret");
            var duringNew = await cp.WebhookAsync("webhooks/github/alpha", "push", push, "new-secret");
            await File.WriteAllTextAsync(file, "new-secret\n", Ct);
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5)); // a rewrite of the same size within the clock's tick still shows
            var afterOld = await cp.WebhookAsync("webhook", "push", push, "old-secret");
            var afterNew = await cp.WebhookAsync("webhook", "push", push, "new-secret");

            Assert.Equal(HttpStatusCode.Accepted, beforeOld.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, beforeNew.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, duringOld.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, duringNew.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, afterOld.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, afterNew.StatusCode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static byte[] Head(string path, long length, string? signature, string bodyStart) => Encoding.ASCII.GetBytes(
        $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-GitHub-Event: push\r\n"
        + $"X-GitHub-Delivery: {Guid.NewGuid()}\r\n{(signature is null ? "" : $"X-Hub-Signature-256: {signature}\r\n")}Content-Length: {length}\r\n\r\n{bodyStart}");

    /// <summary>Sends only the head of a delivery and waits (10 s at most) for the status line.</summary>
    private static async Task<int> HeadOnlyAsync(int port, string path, long length, string? signature)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, Ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Head(path, length, signature, ""), Ct);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(10));
        var buffer = new byte[12];
        await stream.ReadExactlyAsync(buffer, bound.Token);
        return int.Parse(Encoding.ASCII.GetString(buffer, 9, 3), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class ZeroStream(long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _left);
            Array.Clear(buffer, offset, n);
            _left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
