using System.Text;

namespace GitGateway.Reconciler.Git;

/// <summary>
/// How the mirror authenticates: an HTTPS token (the serve config reads it from a file or an environment variable;
/// it reaches git through <c>GIT_CONFIG_*</c> environment variables so it never appears on a command line) or an SSH
/// key file.
/// </summary>
internal sealed record GitCredentials(string? Token, string? SshKeyFile)
{
    public static GitCredentials None { get; } = new(null, null);

    public void AddTo(IDictionary<string, string?> environment)
    {
        var count = 0;
        if (Token is not null)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + Token));
            environment[$"GIT_CONFIG_KEY_{count}"] = "http.extraHeader";
            environment[$"GIT_CONFIG_VALUE_{count}"] = "Authorization: Basic " + basic;
            count++;
        }

        environment["GIT_CONFIG_COUNT"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (SshKeyFile is not null)
        {
            environment["GIT_SSH_COMMAND"] = $"ssh -i '{SshKeyFile}' -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new";
        }
    }

    /// <summary>Removes the token (raw and encoded) and any URL user-info from text that may reach a log or a check.</summary>
    public string Sanitize(string text)
    {
        var result = GitUrl.StripUserInfo(text);
        if (Token is not null)
        {
            result = result.Replace(Token, "***", StringComparison.Ordinal)
                .Replace(Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + Token)), "***", StringComparison.Ordinal);
        }

        return result;
    }

    public override string ToString() => $"GitCredentials(token: {(Token is null ? "none" : "***")}, ssh key: {SshKeyFile ?? "none"})";
}
