using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GitGateway.Fixtures.Kube;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Discovery;
using GitGateway.Proxy.Routing;
using GitGateway.Proxy.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Discovery;

/// <summary>A node with <c>--certificates kubernetes</c> serves the certificate of the Secret a listener names, renewed without a new plan.</summary>
public sealed class SecretCertificateTests : IDisposable
{
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("test-ca");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _ca.Dispose();

    [Fact]
    public async Task Secret_Rotated_NewCertificateServedWithinFiveSeconds()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.FromSeconds(1), Token);
        using var client = KubeObjects.Client(api);
        using var first = TestCertificates.CreateLeaf(_ca, "first", "secure.example.com");
        using var renewed = TestCertificates.CreateLeaf(_ca, "renewed", "secure.example.com");
        await client.CoreV1.CreateNamespacedSecretAsync(TlsSecret("site", first), "infra", cancellationToken: Token);
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [443], kubernetes: new KubeApiOptions(api.Address.ToString()), certificatesFromApi: true);
        var tls = new ListenerTls(TlsMode.Terminate, [new CertificateRef("Secret", "infra", "site")], null);
        await proxy.ApplyAsync(Of(Listener("https", 443, ListenerProtocol.HTTPS, null, tls, [Host("*", Entry("r", Prefix("/"), Service("v1")))])));
        await UntilAsync(async () => await ServedSubjectAsync(proxy.LocalPort(443)) == "CN=first", TimeSpan.FromSeconds(10));
        var plan = proxy.Node.Tables.Current.Hash;

        await client.CoreV1.ReplaceNamespacedSecretAsync(TlsSecret("site", renewed), "site", "infra", cancellationToken: Token);
        var rotated = Stopwatch.StartNew();
        await UntilAsync(async () => await ServedSubjectAsync(proxy.LocalPort(443)) == "CN=renewed", TimeSpan.FromSeconds(5));

        Assert.True(rotated.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(plan, proxy.Node.Tables.Current.Hash);
    }

    [Fact]
    public async Task Secret_NoLongerInThePlan_ItsWatchIsStopped_TheOthersGoOn()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.FromSeconds(1), Token);
        using var client = KubeObjects.Client(api);
        using var site = TestCertificates.CreateLeaf(_ca, "site", "secure.example.com");
        using var old = TestCertificates.CreateLeaf(_ca, "old", "old.example.com");
        using var renewed = TestCertificates.CreateLeaf(_ca, "renewed", "secure.example.com");
        await client.CoreV1.CreateNamespacedSecretAsync(TlsSecret("site", site), "infra", cancellationToken: Token);
        await client.CoreV1.CreateNamespacedSecretAsync(TlsSecret("old", old), "infra", cancellationToken: Token);
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [443], kubernetes: new KubeApiOptions(api.Address.ToString()), certificatesFromApi: true);
        RoutingPlan Naming(params string[] secrets) => Of(Listener(
            "https", 443, ListenerProtocol.HTTPS, null, new ListenerTls(TlsMode.Terminate, [.. secrets.Select(s => new CertificateRef("Secret", "infra", s))], null), [Host("*", Entry("r", Prefix("/"), Service("v1")))]));
        await proxy.ApplyAsync(Naming("site", "old"));
        await UntilAsync(() => Task.FromResult(api.Store.OpenWatchesOf(KubeKind.Secret) == 2), TimeSpan.FromSeconds(10));

        await proxy.ApplyAsync(Naming("site"));
        await UntilAsync(() => Task.FromResult(api.Store.OpenWatchesOf(KubeKind.Secret) == 1), TimeSpan.FromSeconds(5));
        await client.CoreV1.ReplaceNamespacedSecretAsync(TlsSecret("site", renewed), "site", "infra", cancellationToken: Token);
        await UntilAsync(async () => await ServedSubjectAsync(proxy.LocalPort(443)) == "CN=renewed", TimeSpan.FromSeconds(5));

        Assert.Equal(1, api.Store.OpenWatchesOf(KubeKind.Secret));
    }

    [Fact]
    public async Task Retain_SecretsNotNamed_WatchStoppedAndCertificateDropped()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.FromSeconds(1), Token);
        using var client = KubeObjects.Client(api);
        using var a = TestCertificates.CreateLeaf(_ca, "a", "a.example.com");
        using var b = TestCertificates.CreateLeaf(_ca, "b", "b.example.com");
        await client.CoreV1.CreateNamespacedSecretAsync(TlsSecret("a", a), "infra", cancellationToken: Token);
        await client.CoreV1.CreateNamespacedSecretAsync(TlsSecret("b", b), "infra", cancellationToken: Token);
        using var node = KubeObjects.Node(api);
        var source = new SecretCertificateSource(node, new GitGateway.Proxy.Routing.CertificateStore(null), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SecretCertificateSource>.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var run = source.RunAsync(stop.Token);
        var refA = new CertificateRef("Secret", "infra", "a");
        var refB = new CertificateRef("Secret", "infra", "b");
        await UntilAsync(() => Task.FromResult(source.LoadServer(refA) is not null & source.LoadServer(refB) is not null), TimeSpan.FromSeconds(10));
        var version = source.Version;

        source.Retain(new HashSet<(string, string)> { ("infra", "a") });
        await UntilAsync(() => Task.FromResult(api.Store.OpenWatchesOf(KubeKind.Secret) == 1), TimeSpan.FromSeconds(5));

        Assert.Equal(1, source.Watched);
        Assert.True(source.Version > version); // listeners reload, and find b gone
        Assert.Equal("CN=a", source.LoadServer(refA)?.Subject);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Secret_NotTlsType_NotServed()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.FromSeconds(1), Token);
        using var client = KubeObjects.Client(api);
        using var certificate = TestCertificates.CreateLeaf(_ca, "opaque", "secure.example.com");
        var opaque = TlsSecret("site", certificate);
        opaque.Type = "Opaque";
        await client.CoreV1.CreateNamespacedSecretAsync(opaque, "infra", cancellationToken: Token);
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [443], kubernetes: new KubeApiOptions(api.Address.ToString()), certificatesFromApi: true);
        var tls = new ListenerTls(TlsMode.Terminate, [new CertificateRef("Secret", "infra", "site")], null);
        await proxy.ApplyAsync(Of(Listener("https", 443, ListenerProtocol.HTTPS, null, tls, [Host("*", Entry("r", Prefix("/"), Service("v1")))])));
        await UntilAsync(() => Task.FromResult(api.Count("WATCH", KubeKind.Secret) > 0), TimeSpan.FromSeconds(10));

        Assert.Null(await ServedSubjectAsync(proxy.LocalPort(443)));
    }

    [Fact]
    public async Task OpaqueSecretWithCaCrt_TrustedAsBackendCaAndFollowedWhenReplaced()
    {
        await using var api = await ApiEmulator.StartAsync(TimeSpan.FromSeconds(1), Token);
        using var client = KubeObjects.Client(api);
        using var other = TestCertificates.CreateCa("other-ca");
        await client.CoreV1.CreateNamespacedSecretAsync(OpaqueCa("backend-ca", _ca), "infra", cancellationToken: Token);
        using var node = KubeObjects.Node(api);
        var source = new SecretCertificateSource(node, new CertificateStore(null), TimeProvider.System, NullLogger<SecretCertificateSource>.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var run = source.RunAsync(stop.Token);
        var reference = new CertificateRef("Secret", "infra", "backend-ca");

        await UntilAsync(() => Task.FromResult(Subjects(source.LoadCa(reference)) == "CN=test-ca"), TimeSpan.FromSeconds(10));
        Assert.Null(source.LoadServer(reference));
        await client.CoreV1.ReplaceNamespacedSecretAsync(OpaqueCa("backend-ca", other), "backend-ca", "infra", cancellationToken: Token);
        await UntilAsync(() => Task.FromResult(Subjects(source.LoadCa(reference)) == "CN=other-ca"), TimeSpan.FromSeconds(10));

        await stop.CancelAsync();
        await run;
    }

    private static string Subjects(X509Certificate2Collection collection) => string.Join(",", collection.Select(c => c.Subject));

    private static V1Secret OpaqueCa(string name, X509Certificate2 ca) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Type = "Opaque",
        Data = new Dictionary<string, byte[]> { ["ca.crt"] = Encoding.ASCII.GetBytes(ca.ExportCertificatePem()), ["password"] = "not kept"u8.ToArray() },
    };

    private static V1Secret TlsSecret(string name, X509Certificate2 certificate) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Type = "kubernetes.io/tls",
        Data = new Dictionary<string, byte[]>
        {
            ["tls.crt"] = Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()),
            ["tls.key"] = Encoding.ASCII.GetBytes(certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()),
        },
    };

    /// <summary>The subject of the certificate the node presents for SNI secure.example.com, or null when the handshake fails.</summary>
    private static async Task<string?> ServedSubjectAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, Token);
        await using var ssl = new SslStream(tcp.GetStream());
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions { TargetHost = "secure.example.com", RemoteCertificateValidationCallback = (_, _, _, _) => true }, Token);
            return ssl.RemoteCertificate?.Subject;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return null;
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < within, $"condition not met within {within.TotalSeconds} s");
            await Task.Delay(50, Token);
        }
    }
}
