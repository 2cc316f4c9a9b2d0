using System.Text.Json;
using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Vip.Announcing;

/// <summary>
/// The speaker's strict reading of a plan file: it must be a plan (a JSON object with this library's
/// <c>schemaVersion</c> and a <c>source</c>; not <c>{}</c>, not a whole <c>render</c> output) and hold at least the
/// platform's floor of VIPs for this node. Anything else is refused with a reason, so the caller keeps the last
/// good plan: a broken or shrunken source is never a reason to withdraw.
/// </summary>
public static class PlanIntake
{
    /// <summary>The default floor: a plan that would leave this node announcing no VIP at all is refused.</summary>
    public const int DefaultMinVips = 1;

    /// <summary>Reads <paramref name="utf8Json"/>; the plan, or null with the reason it was refused.</summary>
    /// <param name="utf8Json">The file's bytes.</param>
    /// <param name="options">This node (its labels choose which VIPs count towards the floor).</param>
    /// <param name="minVips">The floor of VIPs this node must be given.</param>
    public static (RoutingPlan? Plan, string? Refusal) Read(ReadOnlySpan<byte> utf8Json, AnnouncerOptions options, int minVips)
    {
        ArgumentNullException.ThrowIfNull(options);
        RoutingPlan plan;
        try
        {
            using (var document = JsonDocument.Parse(utf8Json.ToArray()))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object || HasNullItem(document.RootElement))
                {
                    return (null, "not a plan: the root is no object, or a list holds null");
                }
            }

            plan = PlanJson.Parse(utf8Json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            return (null, "not a plan: " + e.Message);
        }

        if (plan.SchemaVersion != RoutingPlan.CurrentSchemaVersion)
        {
            var hint = utf8Json.IndexOf("\"plan\""u8) >= 0 ? " (a render document? give its \"plan\" member)" : "";
            return (null, $"not a plan: schemaVersion is '{plan.SchemaVersion}', expected '{RoutingPlan.CurrentSchemaVersion}'{hint}");
        }

        if (string.IsNullOrEmpty(plan.Source) || plan.Vips.Any(v => v is null) || plan.Listeners.Any(l => l is null))
        {
            return (null, "not a plan: no source, or null entries");
        }

        var count = VipSelection.ForNode(plan, options).Count();
        return count < minVips
            ? (null, $"the plan gives this node {count} VIPs, below the floor of {minVips} (--min-vips)")
            : (plan, null);
    }

    // The plan writer never puts null in a list; the records' nullable annotations cannot say so for items.
    private static bool HasNullItem(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Null || HasNullItem(e)),
        JsonValueKind.Object => element.EnumerateObject().Any(p => HasNullItem(p.Value)),
        _ => false,
    };
}
