namespace GitGateway.Reconciler.Git;

/// <summary>
/// The commit a branch of a mirror points at, read from its loose ref file (<c>refs/heads/&lt;name&gt;</c>, which
/// <c>git fetch</c> writes by lock and rename) instead of a <c>git rev-parse</c> process, for the names where that file
/// is what <c>rev-parse --verify name^{commit}</c> reads: a plain branch name (letters, digits, <c>. _ - /</c>, no
/// <c>..</c>, no component starting with a dot or ending in <c>.lock</c>, not all hex digits, which git would try as
/// an object id) whose first component is none of the names git tries before <c>refs/heads/</c> (a file of the git
/// directory, <c>refs</c>, <c>tags</c>, <c>heads</c>, <c>remotes</c>, or <c>pull</c>, where the mirror keeps pull
/// request heads). The mirror fetches only into <c>refs/heads/</c> and <c>refs/pull/</c>, and git writes nothing but
/// a commit to a branch. Anything else (another name, no loose file, content that is not one object id) is null: the
/// caller asks git.
/// </summary>
internal static class LooseBranch
{
    private const int MaxName = 200;
    private static readonly string[] Shadowing = ["refs", "tags", "heads", "remotes", "pull"];

    public static string? Read(string gitDir, string name)
    {
        if (!IsPlain(name) || Shadowing.Contains(FirstComponent(name), StringComparer.Ordinal) || Path.Exists(Path.Combine(gitDir, FirstComponent(name))))
        {
            return null;
        }

        try
        {
            var file = new FileInfo(Path.Combine(gitDir, "refs", "heads", name));
            if (!file.Exists || file.LinkTarget is not null || file.Length != 41)
            {
                return null;
            }

            var text = File.ReadAllText(file.FullName);
            return text.Length == 41 && text[40] == '\n' && text[..40].All(char.IsAsciiHexDigitLower) ? text[..40] : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string FirstComponent(string name) => name.Split('/')[0];

    private static bool IsPlain(string name) =>
        name.Length is > 0 and <= MaxName
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/')
        && !name.All(char.IsAsciiHexDigit)
        && !name.Contains("..", StringComparison.Ordinal)
        && name[0] != '-'
        && name.Split('/').All(c => c.Length > 0 && c[0] != '.' && !c.EndsWith(".lock", StringComparison.Ordinal) && !c.EndsWith('.'));
}
