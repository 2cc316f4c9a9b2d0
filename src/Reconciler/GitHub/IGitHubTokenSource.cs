namespace GitGateway.Reconciler.GitHub;

/// <summary>Where the client's bearer token comes from: a fixed token, or a GitHub App installation.</summary>
internal interface IGitHubTokenSource
{
    /// <summary>True when authenticated as a GitHub App (then the Checks API is available).</summary>
    bool IsApp { get; }

    /// <summary>A token valid for at least the next few minutes.</summary>
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);
}
