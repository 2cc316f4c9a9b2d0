using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using GitGateway.Fixtures.Echo;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Tests.Support;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Forwarding;

/// <summary>
/// TLS from the node to a backend (BackendTLSPolicy) against a real TLS echo (the conformance echo fixture's HTTPS
/// port, which reports the SNI, ALPN and the client certificate it saw). The backend's certificate is signed by a
/// CA made here for abc.example.com and spiffe://abc.example.com/test-identity; every failing check must answer
/// 502, never reach the backend in cleartext.
/// </summary>
public sealed class UpstreamTlsTests : IAsyncLifetime
{
    private readonly string _certDir = Path.Combine(Path.GetTempPath(), "gg-upstream-" + Guid.NewGuid().ToString("N"));
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("backend-ca");
    private readonly X509Certificate2 _otherCa = TestCertificates.CreateCa("other-ca");
    private readonly X509Certificate2 _client;
    private readonly X509Certificate2 _leaf;
    private EchoServer _echo = null!;

    public UpstreamTlsTests()
    {
        _client = TestCertificates.CreateLeaf(_ca, "gateway-client");
        _leaf = Leaf(_ca);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        WriteCa("ca", _ca);
        WriteCa("other-ca", _otherCa);
        TestCertificates.WriteSecret(_certDir, "infra", "client", _client);
        _echo = await EchoServer.StartAsync(new EchoOptions { Pod = "tls-backend-x-y", Namespace = "infra", Certificate = _leaf, Tcp = false, Udp = false }, Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _echo.DisposeAsync();
        _ca.Dispose();
        _otherCa.Dispose();
        _client.Dispose();
        _leaf.Dispose();
        Directory.Delete(_certDir, recursive: true);
    }

    [Fact]
    public async Task Forward_ValidChainAndHostname_200OverTlsWithPolicySni()
    {
        var (status, tls) = await SendAsync(Tls("abc.example.com", "ca"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("abc.example.com", tls?.GetProperty("serverName").GetString());
        Assert.Equal("http/1.1", tls?.GetProperty("negotiatedProtocol").GetString());
        Assert.Equal(0, tls?.GetProperty("peerCertificates").GetArrayLength());
    }

    // hostname: "Hostname MUST be used for authentication and MUST match the certificate served by the matching
    // backend, unless SubjectAltNames is specified."
    [Fact]
    public async Task Forward_HostnameNotInCertificate_502AndNothingForwarded()
    {
        var (status, _) = await SendAsync(Tls("mismatch.example.com", "ca"));
        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Empty(_echo.Events);
    }

    [Fact]
    public async Task Forward_ChainFromAnotherCa_502AndNothingForwarded()
    {
        var (status, _) = await SendAsync(Tls("abc.example.com", "other-ca"));
        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Empty(_echo.Events);
    }

    // A CA bundle the node cannot find trusts nothing: the handshake fails, it never goes on unvalidated.
    [Fact]
    public async Task Forward_CaBundleMissingOnNode_502()
    {
        var (status, _) = await SendAsync(Tls("abc.example.com", "absent"));
        Assert.Equal(HttpStatusCode.BadGateway, status);
    }

    // subjectAltNames: "When specified the certificate served from the backend MUST have at least one Subject
    // Alternate Name matching one of the specified SubjectAltNames." ... "If SubjectAltNames are specified, Hostname
    // can be used for certificate selection but MUST NOT be used for authentication."
    [Theory]
    [InlineData("URI", "spiffe://abc.example.com/test-identity", HttpStatusCode.OK)]
    [InlineData("URI", "spiffe://abc.example.com/other-identity", HttpStatusCode.BadGateway)]
    [InlineData("Hostname", "abc.example.com", HttpStatusCode.OK)]
    [InlineData("Hostname", "*.example.com", HttpStatusCode.OK)]
    [InlineData("Hostname", "other.example.net", HttpStatusCode.BadGateway)]
    public async Task Forward_SubjectAltNames_OneMustMatchHostnameNotUsed(string type, string value, HttpStatusCode expected)
    {
        var tls = Tls("sni-only.example.com", "ca") with { SubjectAltNames = [new SubjectAltName(type, value)] };
        var (status, seen) = await SendAsync(tls);
        Assert.Equal(expected, status);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal("sni-only.example.com", seen?.GetProperty("serverName").GetString());
        }
    }

    // GatewayBackendTLS.clientCertificateRef: the Gateway presents this certificate to backends that use TLS.
    [Fact]
    public async Task Forward_GatewayClientCertificate_PresentedToBackend()
    {
        var (status, tls) = await SendAsync(Tls("abc.example.com", "ca") with { ClientCertificateRef = new CertificateRef("Secret", "infra", "client") });
        Assert.Equal(HttpStatusCode.OK, status);
        var presented = X509Certificate2.CreateFromPem(tls!.Value.GetProperty("peerCertificates")[0].GetString());
        Assert.Equal(_client.Thumbprint, presented.Thumbprint);
    }

    // An HTTP/2 backend under a policy (gRPC, or appProtocol kubernetes.io/h2c) gets h2 by ALPN and requests with
    // :scheme https (RFC 9113 §8.3.1: ":scheme ... the scheme portion of the target URI"); the echo (Kestrel)
    // resets a stream whose :scheme says http on its TLS port, which answered 502 before.
    [Fact]
    public async Task Forward_Http2BackendOverTls_200WithH2AndSchemeHttps()
    {
        var (status, tls, proto) = await SendAsync(Tls("abc.example.com", "ca"), "kubernetes.io/h2c");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("h2", tls?.GetProperty("negotiatedProtocol").GetString());
        Assert.Equal("HTTP/2.0", proto);
    }

    // A RequestMirror to a Service under a policy: the copy goes over the policy's TLS like the Service's own
    // requests; the echo's TLS port refuses cleartext, so a copy sent in the clear never arrives.
    [Fact]
    public async Task Mirror_ToTlsBackend_CopyArrivesOverPolicyTls()
    {
        var events = await MirrorAsync(Tls("abc.example.com", "ca"));
        Assert.Equal("/mirrored?id=1", Assert.Single(events).RequestUri);
    }

    private static UpstreamTls Tls(string sni, string ca) =>
        new(new ObjectRef("BackendTLSPolicy", "infra", "p"), sni, [new CertificateRef("ConfigMap", "infra", ca)], false, default, null);

    private async Task<(HttpStatusCode Status, JsonElement? Tls)> SendAsync(UpstreamTls tls)
    {
        var (status, seen, _) = await SendAsync(tls, appProtocol: null);
        return (status, seen);
    }

    private async Task<(HttpStatusCode Status, JsonElement? Tls, string? Proto)> SendAsync(UpstreamTls tls, string? appProtocol)
    {
        var backends = new Dictionary<string, string[]> { ["infra/tls-backend:8080"] = [$"127.0.0.1:{_echo.Ports.Https}"] };
        await using var proxy = await ProxyHost.StartAsync(backends, [80], _certDir);
        var backend = Service("tls-backend", appProtocol: appProtocol) with { Tls = tls };
        await proxy.ApplyAsync(Of(Http(80, Host("app.example.com", Entry("r", Prefix("/"), backend)))));
        using var client = proxy.Client(80);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo") { Headers = { Host = "app.example.com" } };
        using var response = await client.SendAsync(request, Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null, null);
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        Assert.Equal("app.example.com", body.RootElement.GetProperty("host").GetString());
        return (response.StatusCode, body.RootElement.TryGetProperty("tls", out var t) ? t.Clone() : null, body.RootElement.GetProperty("proto").GetString());
    }

    private async Task<IReadOnlyList<EchoEvent>> MirrorAsync(UpstreamTls tls)
    {
        await using var primary = await EchoBackend.StartAsync("v1");
        var backends = ProxyHost.Backends(primary);
        backends["infra/tls-backend:8080"] = [$"127.0.0.1:{_echo.Ports.Https}"];
        await using var proxy = await ProxyHost.StartAsync(backends, [80], _certDir);
        var mirror = new Filter(FilterType.RequestMirror, RequestMirror: new MirrorFilter(Service("tls-backend") with { Tls = tls }, 1, 1));
        await proxy.ApplyAsync(Of(Http(80, Host("*", Entry("r", new RouteMatch(Prefix("/"), null, default, default), [mirror], Service("v1"))))));
        using var client = proxy.Client(80);
        var (_, echo) = await Requests.GetAsync(client, "/mirrored?id=1");
        Assert.Equal("v1", echo!.Name);

        // The copy is sent beside the answer: wait for it, within a bound.
        for (var i = 0; i < 60 && _echo.Events.Count == 0; i++)
        {
            await Task.Delay(50, Token);
        }

        return _echo.Events;
    }

    private void WriteCa(string name, X509Certificate2 ca)
    {
        var folder = Path.Combine(_certDir, "infra", name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "ca.crt"), ca.ExportCertificatePem());
    }

    // The backend's certificate, as the conformance suite's tls-checks-certificate: a DNS and a SPIFFE URI SAN.
    private static X509Certificate2 Leaf(X509Certificate2 ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=backend", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("abc.example.com");
        san.AddUri(new Uri("spiffe://abc.example.com/test-identity"));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), RandomNumberGenerator.GetBytes(12));
        using var withKey = signed.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
