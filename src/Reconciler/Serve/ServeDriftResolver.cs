using System.Globalization;
using GitGateway.Reconciler.Drift;
using GitGateway.Reconciler.Scheduling;

namespace GitGateway.Reconciler.Serve;

/// <summary>
/// A repository's <see cref="DriftOptions"/>: each field from its own <c>drift:</c>, else the top level's, else the
/// default; a value out of its range is a problem at its field. Every duration is bounded, so no sum with a moment
/// can overflow in the drift look.
/// </summary>
internal sealed class ServeDriftResolver(ServeConfigProblems problems, ServeDriftConfig? top)
{
    private static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxGrace = TimeSpan.FromDays(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxMaxBackoff = TimeSpan.FromDays(1);
    private static readonly TimeSpan MaxForgetAfter = TimeSpan.FromDays(365);
    private const int MaxMaxRepairs = 100;

    public DriftOptions Resolve(ServeDriftConfig? own, string path)
    {
        var d = DriftOptions.Default;
        var interval = Duration(own?.Interval, top?.Interval, path, "interval", d.Interval);
        var grace = Duration(own?.Grace, top?.Grace, path, "grace", d.Grace);
        var (repairs, repairsPath) = own?.MaxRepairs is { } r ? (r, path) : top?.MaxRepairs is { } t ? (t, "drift") : (d.MaxRepairs, path);
        var backoff = Duration(own?.RepairBackoff, top?.RepairBackoff, path, "repairBackoff", d.RepairBackoff);
        var maxBackoff = Duration(own?.MaxRepairBackoff, top?.MaxRepairBackoff, path, "maxRepairBackoff", d.MaxRepairBackoff);
        var forget = Duration(own?.ForgetAfter, top?.ForgetAfter, path, "forgetAfter", d.ForgetAfter);
        Check(interval, v => v <= MaxInterval, "interval must be from 1s to 1h");
        Check(grace, v => v <= MaxGrace, "grace must be at most 1d");
        if (repairs is < 0 or > MaxMaxRepairs)
        {
            problems.Add(repairsPath + ".maxRepairs", $"maxRepairs must be from 0 (never re-send) to {MaxMaxRepairs}");
        }

        Check(backoff, v => v <= MaxBackoff, "repairBackoff must be at most 1h");
        Check(maxBackoff, v => v >= backoff.Value && v <= MaxMaxBackoff, $"maxRepairBackoff must be from repairBackoff ({backoff.Text}) to 1d");
        Check(forget, v => v > Endpoints.FleetDocument.StaleAfter && v <= MaxForgetAfter, "forgetAfter must be longer than the 10s after which a node counts as silent, and at most 365d");
        return new DriftOptions(interval.Value, grace.Value, repairs, backoff.Value) { MaxRepairBackoff = maxBackoff.Value, ForgetAfter = forget.Value };
    }

    /// <summary>The value, the text it was written as, the path of its field, and whether it read (a value that did not is already a problem).</summary>
    private (TimeSpan Value, string Text, string Path, bool Read) Duration(string? own, string? fromTop, string path, string field, TimeSpan fallback)
    {
        var (text, at) = own is not null ? (own, $"{path}.{field}") : fromTop is not null ? (fromTop, $"drift.{field}") : (null, $"{path}.{field}");
        if (text is null)
        {
            return (fallback, ((long)fallback.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s", at, true);
        }

        var read = FreezeWindowReader.TryParseDuration(text, out _);
        return (problems.Duration(text, at), text, at, read);
    }

    private void Check((TimeSpan Value, string Text, string Path, bool Read) value, Func<TimeSpan, bool> valid, string rule)
    {
        if (value.Read && !valid(value.Value))
        {
            problems.Add(value.Path, rule);
        }
    }
}
