using GitGateway.Plan.Model;
using GitGateway.Plan.Serialization;

namespace GitGateway.Proxy.Sync;

/// <summary>
/// The last plan this node served, on disk, so a restarted node serves at once even when its plan source is
/// away (static stability). Written to a temporary file and renamed, so a crash never leaves half a plan.
/// </summary>
internal sealed class LastGoodPlanStore(string? directory)
{
    private const string FileName = "last-good-plan.json";

    public RoutingPlan? TryLoad()
    {
        if (directory is null)
        {
            return null;
        }

        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return PlanJson.Parse(File.ReadAllBytes(path));
        }
        catch (System.Text.Json.JsonException)
        {
            return null; // unreadable: the plan source will provide one
        }
    }

    /// <summary>Keeps a plan given as its canonical bytes (<see cref="PlanJson.ToCanonicalBytesWithHash"/>).</summary>
    public async Task SaveAsync(byte[] canonical, CancellationToken cancellationToken)
    {
        if (directory is null)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, canonical, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
