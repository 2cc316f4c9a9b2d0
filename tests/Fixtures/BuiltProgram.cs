namespace GitGateway.Fixtures;

/// <summary>
/// Finds a program another project builds next to a test project's output, in the classic layout
/// (<c>tests/X.Tests/bin/…</c> ↔ <c>src/Y/bin/…</c>) or the <c>--artifacts-path</c> one (<c>bin/X.Tests/…</c> ↔ <c>bin/Y/…</c>).
/// The test project references the program's project with <c>ReferenceOutputAssembly="false"</c> so it is built first.
/// </summary>
public static class BuiltProgram
{
    /// <summary>The path of <paramref name="dllName"/> built by <c>src/<paramref name="sourceProject"/></c>.</summary>
    public static string Find(string testProject, string sourceProject, string dllName)
    {
        var here = AppContext.BaseDirectory;
        var sep = Path.DirectorySeparatorChar;
        string[] candidates =
        [
            here.Replace(Path.Combine("tests", testProject), Path.Combine("src", sourceProject), StringComparison.Ordinal),
            here.Replace(sep + testProject + sep, sep + sourceProject + sep, StringComparison.Ordinal),
        ];
        foreach (var dir in candidates)
        {
            var dll = Path.Combine(dir, dllName);
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new FileNotFoundException($"{dllName} not found near {here}");
    }
}
