using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GitGateway.Fixtures;
using GitGateway.Reconciler.Git;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitGateway.Reconciler.Tests.Source;

/// <summary>
/// A remote that answers with a redirect to another host: the mirror must not follow it (the credentials would go
/// along). Real git over HTTPS: one Kestrel server redirects every request, the other serves the repository over
/// git's dumb HTTP protocol, which git would happily fetch from if it followed.
/// </summary>
public sealed class GitRedirectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fetch_RedirectToAnotherHost_IsRefused()
    {
        using var repo = GitTestRepo.Create();
        repo.Commit("seed");
        GitTestRepo.Run(repo.Bare, "update-server-info");
        using var certificate = Certificate();
        var caFile = Path.Combine(repo.Root, "ca.pem");
        await File.WriteAllTextAsync(caFile, certificate.ExportCertificatePem(), Ct);
        var served = 0;
        var targetPort = Ports.FreeTcp();
        await using var target = await StartAsync(certificate, targetPort, localhostToo: true, async context =>
        {
            Interlocked.Increment(ref served);
            var relative = (context.Request.Path.Value ?? "").Replace("/routing.git/", "", StringComparison.Ordinal);
            var file = Path.GetFullPath(Path.Combine(repo.Bare, relative));
            if (!file.StartsWith(repo.Bare + "/", StringComparison.Ordinal) || !File.Exists(file))
            {
                context.Response.StatusCode = 404;
                return;
            }

            await context.Response.SendFileAsync(file, Ct);
        });
        var redirectPort = Ports.FreeTcp();
        await using var redirector = await StartAsync(certificate, redirectPort, localhostToo: false, context =>
        {
            context.Response.Redirect($"https://localhost:{targetPort}{context.Request.Path}{context.Request.QueryString}");
            return Task.CompletedTask;
        });
        var previous = Environment.GetEnvironmentVariable("GIT_SSL_CAINFO");
        Environment.SetEnvironmentVariable("GIT_SSL_CAINFO", caFile);
        try
        {
            var mirror = new GitMirror($"https://127.0.0.1:{redirectPort}/routing.git", Path.Combine(repo.Root, "mirror.git"), GitCredentials.None, TimeSpan.FromSeconds(20));

            await Assert.ThrowsAsync<GitMirrorException>(() => mirror.FetchAsync(Ct));

            Assert.Equal(0, served);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GIT_SSL_CAINFO", previous);
        }
    }

    private static async Task<WebApplication> StartAsync(X509Certificate2 certificate, int port, bool localhostToo, RequestDelegate handler)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o =>
        {
            if (localhostToo)
            {
                o.ListenLocalhost(port, l => l.UseHttps(certificate));
            }
            else
            {
                o.Listen(IPAddress.Loopback, port, l => l.UseHttps(certificate));
            }
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync(Ct);
        return app;
    }

    private static X509Certificate2 Certificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=git-redirect-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
