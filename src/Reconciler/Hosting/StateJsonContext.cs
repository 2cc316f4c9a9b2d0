using System.Text.Json;
using System.Text.Json.Serialization;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.GitHub;
using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Hosting;

/// <summary>
/// The files of a repository's state folder (and their copies in the cluster) read and written by compiled
/// serializers instead of reflection, so they need no run-time code generation. Each property is the options a
/// file was written with before: the same names, order, enums and indentation, so a file written by one version
/// is read by the next and the other way round.
/// </summary>
[JsonSerializable(typeof(Dictionary<string, ReviewedPlan>))]
[JsonSerializable(typeof(SortedDictionary<string, ReviewedPlan>))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(SortedDictionary<string, ReviewedHead>))]
[JsonSerializable(typeof(ReviewedHead))]
[JsonSerializable(typeof(ControlPlaneState))]
[JsonSerializable(typeof(PauseRecord))]
[JsonSerializable(typeof(List<HeldCheckRun>))]
[JsonSerializable(typeof(List<OutboxEntry>))]
[JsonSerializable(typeof(IReadOnlyList<OutboxEntry>))]
internal sealed partial class StateJsonContext : JsonSerializerContext
{
    /// <summary>
    /// System.Text.Json's web defaults (camelCase, names read in any case, numbers read from strings), compact:
    /// <c>paused.json</c>, the held check runs, the state read back from the cluster's copy.
    /// </summary>
    public static StateJsonContext Web { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>The web defaults, indented: <c>state.json</c>.</summary>
    public static StateJsonContext WebIndented { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });

    /// <summary>The web defaults, indented, a check's outcome by name: <c>github-outbox.json</c>.</summary>
    public static StateJsonContext Outbox { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter<CheckOutcome>() },
    });
}
