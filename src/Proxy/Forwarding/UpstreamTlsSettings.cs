using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GitGateway.Plan.Model;

namespace GitGateway.Proxy.Forwarding;

/// <summary>
/// How the node opens TLS to one backend (BackendTLSPolicy, GEP-1897): <c>hostname</c> as the SNI; the backend's
/// chain must end at one of the policy's CAs (or, with <c>wellKnownCACertificates: System</c>, the system roots);
/// and the certificate must carry one of the policy's subjectAltNames, or, when none are given, match the
/// hostname. Nothing is skipped: a chain or name that does not check out fails the handshake.
/// </summary>
internal sealed class UpstreamTlsSettings
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private readonly X509Certificate2Collection _trusted;
    private readonly bool _systemRoots;
    private readonly SubjectAltName[] _subjectAltNames;
    private readonly SslStreamCertificateContext? _client;

    public UpstreamTlsSettings(string sni, X509Certificate2Collection trusted, bool systemRoots, IEnumerable<SubjectAltName> subjectAltNames, X509Certificate2? clientCertificate)
    {
        Sni = sni;
        _trusted = trusted;
        _systemRoots = systemRoots;
        _subjectAltNames = [.. subjectAltNames];
        _client = clientCertificate is null ? null : SslStreamCertificateContext.Create(clientCertificate, additionalCertificates: null, offline: true);
    }

    /// <summary>The SNI sent, also the name checked when no subjectAltNames are given.</summary>
    public string Sni { get; }

    /// <summary>Whether the node presents a client certificate.</summary>
    public bool PresentsClientCertificate => _client is not null;

    /// <summary>Opens TLS over <paramref name="inner"/> (which it then owns); ALPN offers h2 only for HTTP/2 backends, http/1.1 for HTTP/1.1, none for TCP.</summary>
    /// <exception cref="AuthenticationException">The backend's certificate did not validate, or the handshake failed.</exception>
    public async Task<SslStream> AuthenticateAsync(Stream inner, SslApplicationProtocol? protocol, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = Sni,
                    ApplicationProtocols = protocol is { } p ? [p] : null,
                    ClientCertificateContext = _client,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    RemoteCertificateValidationCallback = Validate,
                },
                cancellationToken);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    /// <summary>The policy's check of the backend's certificate, in place of the platform's default one.</summary>
    internal bool Validate(object? sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var leaf = new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuth);
        if (!_systemRoots)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        }

        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
        }

        if (!chain.Build(leaf))
        {
            return false;
        }

        // "If SubjectAltNames are specified, Hostname ... MUST NOT be used for authentication."
        return _subjectAltNames.Length == 0 ? leaf.MatchesHostname(Sni) : UpstreamCertificateNames.MatchesAny(leaf, _subjectAltNames);
    }
}
