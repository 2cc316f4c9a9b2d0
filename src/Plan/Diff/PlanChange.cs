namespace GitGateway.Plan.Diff;

/// <summary>
/// One difference between two plans. <see cref="Path"/> lists the ids from the plan root down to the element
/// (e.g. listener, virtual host, route entry, backend); <see cref="Field"/> is the JSON path of the changed
/// field inside that element (null for Added/Removed); values are compact JSON.
/// </summary>
public sealed record PlanChange(
    ChangeKind Kind,
    EquatableArray<string> Path,
    string? Field,
    string? Before,
    string? After)
{
    /// <summary>The innermost element id.</summary>
    public string Id => Path.Count == 0 ? "" : Path[Path.Count - 1];

    /// <summary>A one-line description, e.g. <c>~ …/backend/Service/store/v1:8080 weight: 90 → 50</c>.</summary>
    public override string ToString() => Kind switch
    {
        ChangeKind.Added => $"+ {string.Join(" > ", Path)}",
        ChangeKind.Removed => $"- {string.Join(" > ", Path)}",
        _ => $"~ {string.Join(" > ", Path)} {Field}: {Before ?? "(none)"} → {After ?? "(none)"}",
    };
}
