using System.Globalization;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// A commit waiting for a freeze window to close, as the state keeps it: which window holds it (its
/// <c>reason</c> in <c>gitgateway.yaml</c>, repository text kept as one bounded line) and when it closes, so the
/// review of a pull request against the held branch can say which freeze, also after a restart.
/// </summary>
internal sealed record FreezeHold(string Commit, string Window, DateTimeOffset Until)
{
    /// <summary>How much of a window's reason is kept.</summary>
    public const int MaxWindow = 120;

    public static FreezeHold Of(string commit, FreezeStatus freeze) => new(commit, BoundedText.Clean(freeze.Reason, MaxWindow), freeze.Until);

    /// <summary>"weekend freeze until 2026-11-23 10:00 UTC"; bounded again, the state file being a file anyone may edit.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{BoundedText.Clean(Window, MaxWindow)} until {Until.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
}
