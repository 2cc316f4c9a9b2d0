namespace GitGateway.Reconciler.GitHub;

/// <summary>A repository on the code host, <c>owner/name</c>.</summary>
internal sealed record GitHubRepo(string Owner, string Name)
{
    public static GitHubRepo Parse(string slug)
    {
        var parts = slug.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new FormatException($"'{slug}' is not owner/name.");
        }

        return new GitHubRepo(parts[0], parts[1]);
    }

    public override string ToString() => $"{Owner}/{Name}";
}
