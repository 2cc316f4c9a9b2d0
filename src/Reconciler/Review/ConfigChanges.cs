using GitGateway.Reconciler.Scheduling;
using GitGateway.Renderer.Layout;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Review;

/// <summary>
/// Changes to the repository's own settings, which the plan does not carry but which decide what is applied and
/// when: freeze windows added or removed, and <c>gitgateway.yaml</c>'s other fields. A pull request that deletes the
/// freeze windows is reviewed as that, not as "no change to traffic".
/// </summary>
internal static class ConfigChanges
{
    private const string SettingsFile = "gitgateway.yaml";

    public static IReadOnlyList<string> Compare(IReadOnlyList<SourceFile>? before, IReadOnlyList<SourceFile> after)
    {
        var changes = new List<string>();
        var (oldWindows, _) = FreezeWindowReader.Read(before ?? []);
        var (newWindows, newErrors) = FreezeWindowReader.Read(after);
        var was = oldWindows.Select(Describe).ToHashSet(StringComparer.Ordinal);
        var now = newWindows.Select(Describe).ToHashSet(StringComparer.Ordinal);
        changes.AddRange(was.Except(now).Order(StringComparer.Ordinal).Select(w => "freeze window removed: " + w));
        changes.AddRange(now.Except(was).Order(StringComparer.Ordinal).Select(w => "freeze window added: " + w));
        changes.AddRange(newErrors.Select(e => "freeze window unreadable: " + e));

        var oldConfig = before is null ? null : RepoLayout.Load(before).Config;
        var newConfig = RepoLayout.Load(after).Config;
        Field(changes, "controllerName", oldConfig?.ControllerName, newConfig?.ControllerName);
        Field(changes, "platformDir", oldConfig?.PlatformDir, newConfig?.PlatformDir);
        Field(changes, "teamsDir", oldConfig?.TeamsDir, newConfig?.TeamsDir);
        if (changes.Count == 0 && !Same(Settings(before), Settings(after)))
        {
            changes.Add(SettingsFile + " changed (no setting GitGateway reads)");
        }

        return changes;
    }

    private static string Describe(FreezeWindow w) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{w.Reason} ({w.Schedule}, {(w.Duration.TotalMinutes % 60 == 0 ? $"{w.Duration.TotalHours:0}h" : $"{w.Duration.TotalMinutes:0}m")})");

    private static void Field(List<string> changes, string name, string? before, string? after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes.Add($"{SettingsFile} {name}: {before ?? "(none)"} → {after ?? "(none)"}");
        }
    }

    private static SourceFile? Settings(IReadOnlyList<SourceFile>? files) => files?.FirstOrDefault(f => f.Path == SettingsFile);

    private static bool Same(SourceFile? a, SourceFile? b) =>
        a is null ? b is null : b is not null && a.Content.Span.SequenceEqual(b.Content.Span);
}
