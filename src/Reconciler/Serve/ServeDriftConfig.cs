namespace GitGateway.Reconciler.Serve;

/// <summary>
/// <c>drift:</c> at the top of the serve config (defaults) or in a repository: how often drift is looked at, how
/// long a node may differ before it counts, how a node behind is re-sent its revision, and how long an unlisted
/// silent node is shown before it is let go. Fields left out keep the defaults (<see cref="Drift.DriftOptions.Default"/>).
/// </summary>
internal sealed class ServeDriftConfig
{
    public string? Interval { get; set; }

    public string? Grace { get; set; }

    public int? MaxRepairs { get; set; }

    public string? RepairBackoff { get; set; }

    public string? MaxRepairBackoff { get; set; }

    public string? ForgetAfter { get; set; }
}
