using System.IdentityModel.Tokens.Jwt;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Tokens;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// Authenticates as a GitHub App installation: signs a short-lived app JWT (RS256, <c>iss</c> = app id,
/// <c>iat</c> 60 s in the past to allow for clock drift, <c>exp</c> under GitHub's 10-minute limit) and trades it
/// for an installation access token (through Octokit), cached until five minutes before it expires.
/// See https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
/// </summary>
internal sealed class AppTokenSource : IGitHubTokenSource, IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly HttpClient _http;
    private readonly Uri _apiBase;
    private readonly string _appId;
    private readonly long _installationId;
    private readonly RSA _key;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _token;
    private DateTimeOffset _expiresAt;

    public AppTokenSource(HttpClient http, Uri apiBase, string appId, long installationId, string privateKeyPem, TimeProvider time)
    {
        _http = http;
        _apiBase = GitHubPages.WithTrailingSlash(apiBase);
        _appId = appId;
        _installationId = installationId;
        _time = time;
        _key = RSA.Create();
        _key.ImportFromPem(privateKeyPem);
    }

    public bool IsApp => true;

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_token is null || _time.GetUtcNow() >= _expiresAt - RefreshMargin)
            {
                (_token, _expiresAt) = await RequestInstallationTokenAsync(cancellationToken);
            }

            return _token;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The app JWT (RS256) GitHub expects on <c>/app/...</c> endpoints.</summary>
    public string CreateAppJwt()
    {
        var now = _time.GetUtcNow();
        var credentials = new SigningCredentials(new RsaSecurityKey(_key), SecurityAlgorithms.RsaSha256);
        var payload = new JwtPayload
        {
            { "iat", now.AddSeconds(-60).ToUnixTimeSeconds() },
            { "exp", now.AddMinutes(9).ToUnixTimeSeconds() },
            { "iss", _appId },
        };
        return new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(new JwtHeader(credentials), payload));
    }

    public void Dispose()
    {
        _key.Dispose();
        _lock.Dispose();
    }

    public override string ToString() => $"AppTokenSource(app {_appId}, installation {_installationId})";

    /// <summary>
    /// <c>POST /app/installations/{id}/access_tokens</c> with the app JWT, through Octokit's connection: what
    /// <c>GitHubApps.CreateInstallationToken</c> sends, with the caller's cancellation (that method takes none).
    /// </summary>
    private async Task<(string Token, DateTimeOffset ExpiresAt)> RequestInstallationTokenAsync(CancellationToken cancellationToken)
    {
        var uri = Octokit.ApiUrls.AccessTokens(_installationId);
        var what = $"POST /{uri}";
        try
        {
            using var session = new GitHubSession(_http, _apiBase, CreateAppJwt(), NullLogger.Instance, cancellationToken);
            var response = await session.Connection.Post<Octokit.AccessToken>(uri, cancellationToken);
            return response.Body is { Token.Length: > 0 } body
                ? (body.Token, body.ExpiresAt)
                : throw new GitHubApiException($"{what}: empty body", response.HttpResponse.StatusCode);
        }
        catch (Octokit.ApiException e)
        {
            throw GitHubApiException.From(e, what, _time);
        }
        catch (HttpRequestException e)
        {
            throw new GitHubApiException($"{what}: {e.Message}", null, e);
        }
    }
}
