using GitGateway.Reconciler.Scheduling;

namespace GitGateway.Reconciler.Serve;

/// <summary>
/// Collects the problems of one serve config, each at the file:line of the field (see <see cref="ServeConfigMarks"/>),
/// and reads the values that can fail: secrets from files or environment variables, durations.
/// </summary>
internal sealed class ServeConfigProblems(string file, ServeConfigMarks marks)
{
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> All => _problems;

    public void Add(string path, string rule)
    {
        var (line, column) = marks.Find(path);
        var problem = $"{file}:{line}:{column}: {path}: {rule}";
        if (!_problems.Contains(problem))
        {
            _problems.Add(problem); // a top-level default read for each repository is reported once
        }
    }

    public long LineOf(string path) => marks.Find(path).Line;

    /// <summary>
    /// The secret in the file <paramref name="file"/> names or the environment variable <paramref name="env"/>
    /// names (each with the path of its field); null when neither is given. An unreadable file or an unset variable is a problem.
    /// </summary>
    public string? Secret((string? Value, string Path) file, (string? Value, string Path) env)
    {
        if (file.Value is { } name)
        {
            try
            {
                var text = File.ReadAllText(name).Trim();
                if (text.Length > 0)
                {
                    return text;
                }

                Add(file.Path, $"'{name}' is empty");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Add(file.Path, $"cannot read '{name}': {ex.Message}");
            }

            return null;
        }

        if (env.Value is { } variable)
        {
            var value = Environment.GetEnvironmentVariable(variable)?.Trim();
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }

            Add(env.Path, $"the environment variable {variable} is not set");
        }

        return null;
    }

    public TimeSpan Duration(string text, string path)
    {
        if (FreezeWindowReader.TryParseDuration(text, out var duration))
        {
            return duration;
        }

        Add(path, $"'{text}' is not a duration like 60s or 5m");
        return TimeSpan.FromSeconds(60);
    }
}
