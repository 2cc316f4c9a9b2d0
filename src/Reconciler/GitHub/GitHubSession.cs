using Octokit;
using Octokit.Internal;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// An Octokit <see cref="IConnection"/> for one call: one bearer token (an installation token, a personal token, or
/// the app JWT) and one <see cref="CancellationToken"/> that every request it sends honours. Sessions are cheap (the
/// sockets belong to the shared <see cref="HttpClient"/>), so concurrent calls never share mutable credentials.
/// The base address is used as given: <c>https://api.github.com/</c>, or a GitHub Enterprise Server's
/// <c>https://host/api/v3/</c>; Octokit's own <c>/api/v3</c> guess applies only to its high-level client.
/// </summary>
internal sealed class GitHubSession : IDisposable
{
    private static readonly ProductHeaderValue Product = new("gitgateway", "1.0");
    private static readonly SimpleJsonSerializer Json = new();
    private readonly HttpClientAdapter _adapter;

    public GitHubSession(HttpClient http, Uri apiBase, string bearer, ILogger logger, CancellationToken cancellationToken)
    {
        _adapter = new HttpClientAdapter(() => new GitHubHttpHandler(http, logger, cancellationToken));
        var credentials = new InMemoryCredentialStore(new Credentials(bearer, AuthenticationType.Bearer));
        Connection = new Connection(Product, apiBase, credentials, _adapter, Json);
    }

    public IConnection Connection { get; }

    public void Dispose() => _adapter.Dispose();
}
