namespace GitGateway.Reconciler.GitHub;

/// <summary>A personal access token or any other fixed token; commit statuses are used for checks.</summary>
internal sealed class StaticTokenSource(string token) : IGitHubTokenSource
{
    public bool IsApp => false;

    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(token);

    public override string ToString() => "StaticTokenSource(***)";
}
