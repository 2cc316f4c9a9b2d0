using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Hosting;

public sealed class TlsListenerTests : IDisposable
{
    private readonly string _certDir = Path.Combine(Path.GetTempPath(), "gg-certs-" + Guid.NewGuid().ToString("N"));
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("test-ca");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _ca.Dispose();
        if (Directory.Exists(_certDir))
        {
            Directory.Delete(_certDir, recursive: true);
        }
    }

    [Fact]
    public async Task Https_TwoCertificates_ChosenBySniAndRequestRouted()
    {
        TestCertificates.WriteSecret(_certDir, "infra", "a", TestCertificates.CreateLeaf(_ca, "a", "a.example.com"));
        TestCertificates.WriteSecret(_certDir, "infra", "b", TestCertificates.CreateLeaf(_ca, "b", "*.b.example.com"));
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [443], _certDir);
        var tls = new ListenerTls(TlsMode.Terminate, [new CertificateRef("Secret", "infra", "a"), new CertificateRef("Secret", "infra", "b")], null);
        await proxy.ApplyAsync(Of(Listener("https", 443, ListenerProtocol.HTTPS, null, tls, [Host("*", Entry("r", Prefix("/"), Service("v1")))])));

        var (subjectA, responseA) = await RequestAsync(proxy.LocalPort(443), "a.example.com", "a.example.com", null);
        var (subjectB, responseB) = await RequestAsync(proxy.LocalPort(443), "x.b.example.com", "x.b.example.com", null);

        Assert.Equal("CN=a", subjectA);
        Assert.StartsWith("HTTP/1.1 200", responseA, StringComparison.Ordinal);
        Assert.Equal("CN=b", subjectB);
        Assert.StartsWith("HTTP/1.1 200", responseB, StringComparison.Ordinal);
        Assert.Equal("https", backend.Seen.First().Headers["X-Forwarded-Proto"]);
    }

    [Fact]
    public async Task Https_MountedSecretUpdatedByDataSymlinkSwap_NextHandshakeServesRenewal()
    {
        using var volume = MountedVolume.Create(Path.Combine(_certDir, "infra", "web"), TestCertificates.SecretFiles(TestCertificates.CreateLeaf(_ca, "before", "web.example.com")));
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [443], _certDir);
        var tls = new ListenerTls(TlsMode.Terminate, [new CertificateRef("Secret", "infra", "web")], null);
        await proxy.ApplyAsync(Of(Listener("https", 443, ListenerProtocol.HTTPS, null, tls, [Host("*", Entry("r", Prefix("/"), Service("v1")))])));
        var (before, _) = await RequestAsync(proxy.LocalPort(443), "web.example.com", "web.example.com", null);

        volume.Update(TestCertificates.SecretFiles(TestCertificates.CreateLeaf(_ca, "after", "web.example.com")));
        var after = before;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (after == before && DateTime.UtcNow < deadline)
        {
            // No new plan: only the directory watch can bring the renewal to the next handshake.
            await Task.Delay(50, Token);
            (after, _) = await RequestAsync(proxy.LocalPort(443), "web.example.com", "web.example.com", null);
        }

        Assert.Equal("CN=before", before);
        Assert.Equal("CN=after", after);
    }

    [Fact]
    public async Task Https_HostOfAnotherListener_Answers421()
    {
        TestCertificates.WriteSecret(_certDir, "infra", "wild", TestCertificates.CreateLeaf(_ca, "wild", "*.example.com", "second.example.org"));
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [443], _certDir);
        var tls = new ListenerTls(TlsMode.Terminate, [new CertificateRef("Secret", "infra", "wild")], null);
        await proxy.ApplyAsync(Of(
            Listener("any", 443, ListenerProtocol.HTTPS, null, tls, [Host("first.example.com", Entry("first", Prefix("/"), Service("v1")))]),
            Listener("second", 443, ListenerProtocol.HTTPS, "second.example.org", tls, [Host("second.example.org", Entry("second", Prefix("/"), Service("v1")))])));

        var (_, misdirected) = await RequestAsync(proxy.LocalPort(443), "first.example.com", "second.example.org", null);
        var (_, served) = await RequestAsync(proxy.LocalPort(443), "second.example.org", "second.example.org", null);

        Assert.StartsWith("HTTP/1.1 421", misdirected, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", served, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_ClientValidationAllowValidOnly_RejectsMissingCertificateAtTls()
    {
        TestCertificates.WriteSecret(_certDir, "infra", "server", TestCertificates.CreateLeaf(_ca, "server", "mtls.example.com"));
        TestCertificates.WriteSecret(_certDir, "infra", "client-ca", _ca, _ca);
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [443], _certDir);
        var validation = new ClientValidation([new CertificateRef("ConfigMap", "infra", "client-ca")], "AllowValidOnly");
        var tls = new ListenerTls(TlsMode.Terminate, [new CertificateRef("Secret", "infra", "server")], validation);
        await proxy.ApplyAsync(Of(Listener("mtls", 443, ListenerProtocol.HTTPS, null, tls, [Host("*", Entry("r", Prefix("/"), Service("v1")))])));
        using var clientCert = TestCertificates.CreateLeaf(_ca, "client");
        using var otherCa = TestCertificates.CreateCa("other");
        using var strangerCert = TestCertificates.CreateLeaf(otherCa, "stranger");

        var (_, withCert) = await RequestAsync(proxy.LocalPort(443), "mtls.example.com", "mtls.example.com", clientCert);

        Assert.StartsWith("HTTP/1.1 200", withCert, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => RequestAsync(proxy.LocalPort(443), "mtls.example.com", "mtls.example.com", null));
        await Assert.ThrowsAnyAsync<Exception>(() => RequestAsync(proxy.LocalPort(443), "mtls.example.com", "mtls.example.com", strangerCert));
    }

    [Fact]
    public async Task TlsPassthrough_BySni_SplicesToTheBackendThatTerminates()
    {
        using var aCert = TestCertificates.CreateLeaf(_ca, "backend-a", "a.example.com");
        using var bCert = TestCertificates.CreateLeaf(_ca, "backend-b", "b.example.com");
        await using var a = L4Backend.StartTcp("a", aCert);
        await using var b = L4Backend.StartTcp("b", bCert);
        var backends = new Dictionary<string, string[]> { ["infra/a:8080"] = [a.Authority], ["infra/b:8080"] = [b.Authority] };
        await using var proxy = await ProxyHost.StartAsync(backends, [8443]);
        var tls = new ListenerTls(TlsMode.Passthrough, default, null);
        await proxy.ApplyAsync(Of(Listener("tls", 8443, ListenerProtocol.TLS, null, tls, [],
            L4("a", ["a.example.com"], Service("a")), L4("b", ["*.example.com"], Service("b")))));

        var (subjectA, lineA) = await LineOverTlsAsync(proxy.LocalPort(8443), "a.example.com");
        var (subjectB, lineB) = await LineOverTlsAsync(proxy.LocalPort(8443), "other.example.com");

        Assert.Equal("CN=backend-a", subjectA);
        Assert.Equal("a:hello", lineA);
        Assert.Equal("CN=backend-b", subjectB);
        Assert.Equal("b:hello", lineB);
    }

    [Fact]
    public async Task TlsTerminate_L4Route_SplicesPlaintextToTcpBackend()
    {
        TestCertificates.WriteSecret(_certDir, "infra", "edge", TestCertificates.CreateLeaf(_ca, "edge", "db.example.com"));
        await using var backend = L4Backend.StartTcp("plain");
        await using var proxy = await ProxyHost.StartAsync(new Dictionary<string, string[]> { ["infra/plain:8080"] = [backend.Authority] }, [5432], _certDir);
        var tls = new ListenerTls(TlsMode.Terminate, [new CertificateRef("Secret", "infra", "edge")], null);
        await proxy.ApplyAsync(Of(Listener("tls", 5432, ListenerProtocol.TLS, null, tls, [], L4("db", [], Service("plain")))));

        var (subject, line) = await LineOverTlsAsync(proxy.LocalPort(5432), "db.example.com");

        Assert.Equal("CN=edge", subject); // the proxy terminated TLS
        Assert.Equal("plain:hello", line); // and the backend received plaintext
    }

    private static async Task<(string Subject, string Line)> LineOverTlsAsync(int port, string sni)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, Token);
        await using var ssl = new SslStream(tcp.GetStream());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = sni, RemoteCertificateValidationCallback = (_, _, _, _) => true }, Token);
        await ssl.WriteAsync("hello\n"u8.ToArray(), Token);
        using var reader = new StreamReader(ssl);
        var line = await reader.ReadLineAsync(Token);
        return (ssl.RemoteCertificate!.Subject, line!);
    }

    private static async Task<(string Subject, string Response)> RequestAsync(int port, string sni, string host, X509Certificate2? clientCertificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, Token);
        await using var ssl = new SslStream(tcp.GetStream());
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = sni,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            EnabledSslProtocols = SslProtocols.Tls12, // TLS 1.2 reports a rejected client certificate during the handshake
        };
        if (clientCertificate is not null)
        {
            options.ClientCertificates = [clientCertificate];
        }

        await ssl.AuthenticateAsClientAsync(options, Token);
        await ssl.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"), Token);
        var response = await new StreamReader(ssl).ReadToEndAsync(Token);
        if (response.Length == 0)
        {
            throw new IOException("connection closed without a response");
        }

        return (ssl.RemoteCertificate!.Subject, response);
    }
}
