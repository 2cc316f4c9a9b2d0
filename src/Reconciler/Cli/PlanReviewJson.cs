using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GitGateway.Reconciler.Review;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// The pull-request review for machines, from the same <see cref="PlanReview"/> the comment is rendered from:
/// both revisions with their sources, the summary, the traffic lines by hostname, the other changes, routing
/// tests, unhealthy statuses, the head's diagnostics, the blast radius and every structural change.
/// </summary>
internal static class PlanReviewJson
{
    public static string ToJson(PlanComparison c)
    {
        var r = c.Review;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            WriteFirst(w, r);
            WriteSide(w, "base", c.Base, r.BaseSha, Plan.Serialization.PlanJson.Hash(c.Base.Plan), rendered: null);
            WriteSide(w, "head", c.Head, r.HeadSha, r.HeadPlanHash, rendered: !r.HeadNotRendered);
            w.WriteStartObject("summary");
            w.WriteBoolean("valid", r.Valid);
            w.WriteBoolean("headRendered", !r.HeadNotRendered);
            w.WriteBoolean("passed", r.Passed);
            w.WriteNumber("routesAdded", r.Routes.Added);
            w.WriteNumber("routesChanged", r.Routes.Changed);
            w.WriteNumber("routesRemoved", r.Routes.Removed);
            w.WriteNumber("testsPassed", r.Tests.Count - r.TestsFailed);
            w.WriteNumber("testsFailed", r.TestsFailed);
            w.WriteBoolean("noChangeToTraffic", r.NoTrafficChange);
            w.WriteBoolean("destructive", r.Destructive.IsDestructive);
            w.WriteNumber("claimChanges", r.Claims.Count);
            w.WriteStartArray("keptTeams");
            foreach (var team in r.KeptTeams)
            {
                w.WriteStringValue(team);
            }

            w.WriteEndArray();
            w.WriteBoolean("baseRead", !r.BaseOverCap.NotRead);
            WriteStrings(w, "baseOverCap", r.BaseOverCap.Lines);
            w.WriteEndObject();
            w.WriteStartArray("traffic");
            foreach (var t in r.Traffic)
            {
                w.WriteStartObject();
                w.WriteString("host", t.Host);
                w.WriteString("key", t.Key);
                w.WriteString("change", t.Change);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteStrings(w, "otherChanges", r.OtherChanges);
            WriteTests(w, r);
            WriteStrings(w, "statusProblems", r.StatusProblems);
            w.WritePropertyName("diagnostics");
            RenderJson.WriteDiagnostics(w, r.Diagnostics);
            w.WriteStartObject("blastRadius");
            WriteStrings(w, "teams", r.Radius.Teams);
            WriteStrings(w, "hostnames", r.Radius.Hostnames);
            WriteStrings(w, "gateways", r.Radius.Gateways);
            w.WriteEndObject();
            WriteChanges(w, r);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    // What decides the mark and what needs the platform's review come first, as in the comment.
    private static void WriteFirst(Utf8JsonWriter w, PlanReview r)
    {
        w.WriteStartArray("claimChanges");
        foreach (var claim in r.Claims)
        {
            w.WriteStartObject();
            w.WriteString("team", claim.Team);
            w.WriteString("file", claim.File);
            w.WriteString("change", claim.Change);
            w.WriteString("review", "claim change — needs platform review");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("failedTests");
        foreach (var t in r.Tests.Where(t => !t.Passed))
        {
            w.WriteStartObject();
            w.WriteString("file", t.File);
            w.WriteNumber("line", t.Line);
            w.WriteString("name", t.Name);
            w.WriteString("detail", t.Detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("destructive");
        w.WriteBoolean("destructive", r.Destructive.IsDestructive);
        WriteStrings(w, "reasons", r.Destructive.Reasons);
        w.WriteString("override", r.Override);
        w.WriteEndObject();
    }

    // rendered (the head's) is false when it is over the repository's cap on files or bytes and was not read.
    private static void WriteSide(Utf8JsonWriter w, string name, RenderResult result, string? commit, string planHash, bool? rendered)
    {
        w.WriteStartObject(name);
        w.WriteString("source", result.Plan.Source);
        if (rendered is { } r)
        {
            w.WriteBoolean("rendered", r);
        }

        w.WriteString("commit", commit);
        w.WriteString("planHash", planHash);
        w.WriteBoolean("valid", !result.HasErrors);
        w.WriteNumber("errors", result.Diagnostics.Count(PlanReviewer.IsError));
        w.WriteEndObject();
    }

    private static void WriteTests(Utf8JsonWriter w, PlanReview r)
    {
        w.WriteStartArray("tests");
        foreach (var t in r.Tests)
        {
            w.WriteStartObject();
            w.WriteString("file", t.File);
            w.WriteNumber("line", t.Line);
            w.WriteString("name", t.Name);
            w.WriteBoolean("passed", t.Passed);
            w.WriteString("detail", t.Detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteChanges(Utf8JsonWriter w, PlanReview r)
    {
        w.WriteStartArray("changes");
        foreach (var change in r.Changes)
        {
            w.WriteStartObject();
            w.WriteString("kind", change.Kind.ToString());
            WriteStrings(w, "path", change.Path);
            w.WriteString("field", change.Field);
            w.WriteString("before", change.Before);
            w.WriteString("after", change.After);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
