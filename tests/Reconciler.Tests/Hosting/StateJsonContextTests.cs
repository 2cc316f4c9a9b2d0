using System.Text.Json;
using System.Text.Json.Serialization;
using CsCheck;
using GitGateway.Proxy.Sync;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.GitHub;
using GitGateway.Reconciler.Hosting;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Tests.Cli;

namespace GitGateway.Reconciler.Tests.Hosting;

/// <summary>
/// The state folder's files written by the compiled serializers (<see cref="StateJsonContext"/>) against the same
/// files written as they were before, by the reflection serializer with each file's options: the same bytes for any
/// strings, and a file written the old way reads back to what it held.
/// </summary>
public sealed class StateJsonContextTests
{
    // The options each file was written with before the compiled serializers, read by reflection.
    private static readonly JsonSerializerOptions Plain = new() { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
    private static readonly JsonSerializerOptions WebIndented = new(Web) { WriteIndented = true };
    private static readonly JsonSerializerOptions Outbox = new(WebIndented) { Converters = { new JsonStringEnumConverter() } };

    private static readonly Gen<string> Text = Gen.Frequency((3, Gen.String), (1, Gen.Char.Array[0, 40].Select(c => new string(c))), (1, Gen.Const("ü<&>'\"\\\u001b\u2028")));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Serialize_ReviewedPlansAndHeadsOfAnyText_SameBytesAsTheReflectionSerializer()
    {
        Gen.Select(Text, Text, Text, Gen.Int, Gen.Long, Gen.Bool).Sample((key, head, other, number, order, passed) =>
        {
            var plans = new Dictionary<string, ReviewedPlan> { [key] = new(number, head, passed, order), ["sha256:" + other] = new(1, other, !passed, 0) };
            Assert.Equal(
                JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, ReviewedPlan>(plans, StringComparer.Ordinal), Plain),
                ReviewedPlans.Serialize(plans));

            var heads = new Dictionary<int, ReviewedHead> { [number] = new ReviewedHead(head, other, key) { Applied = key, Held = head, HeldReason = other }, [7] = new(head, null, null) };
            var sorted = new SortedDictionary<string, ReviewedHead>(heads.ToDictionary(h => h.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), h => h.Value), StringComparer.Ordinal);
            Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(sorted, Plain), ReviewedHeadsStore.Serialize(heads));
        });
    }

    [Fact]
    public void Serialize_PauseHeldRunsOutboxAndStateOfAnyText_SameBytesAsTheReflectionSerializer()
    {
        Gen.Select(Text, Text, Text, Gen.Long, Gen.Enum<CheckOutcome>(), Gen.DateTimeOffset).Sample((a, b, c, id, outcome, at) =>
        {
            var pause = new PauseRecord(a, at);
            Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(pause, Web), JsonSerializer.SerializeToUtf8Bytes(pause, StateJsonContext.Web.PauseRecord));

            List<HeldCheckRun> runs = [new(a, b, id), new(c, a, 0)];
            Assert.Equal(JsonSerializer.SerializeToUtf8Bytes<IEnumerable<HeldCheckRun>>(runs, Web), HeldCheckRuns.Serialize(runs));

            IReadOnlyList<OutboxEntry> outbox = [OutboxEntry.Comment((int)id, a), OutboxEntry.ForCheck(Check(a, b, c, outcome))];
            Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(outbox, Outbox), JsonSerializer.SerializeToUtf8Bytes(outbox, StateJsonContext.Outbox.IReadOnlyListOutboxEntry));

            var state = State(a, b, c, id, at);
            Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(state, WebIndented), JsonSerializer.SerializeToUtf8Bytes(state, StateJsonContext.WebIndented.ControlPlaneState));
        });
    }

    [Fact]
    public async Task Load_FilesWrittenByTheReflectionSerializer_ReadBackToWhatTheyHeld()
    {
        using var dir = new TempDirectory();
        var at = new DateTimeOffset(2026, 12, 7, 10, 30, 0, TimeSpan.FromHours(1));
        // No applied commit, so the load reads no plan file: this is about state.json's own fields.
        var state = State("0123abcd", "edge-ä", "route r answered 5xx", 9, at) with { AppliedCommit = null };
        var plans = new SortedDictionary<string, ReviewedPlan>(StringComparer.Ordinal) { ["sha256:aa"] = new(7, "h7", true, 3), ["sha256:bb"] = new(8, "h8", false, 4) };
        var heads = new SortedDictionary<string, ReviewedHead>(StringComparer.Ordinal) { ["7"] = new("h7", "b7", "d7") { Applied = "a7", Held = "t7", HeldReason = "frozen" } };
        List<OutboxEntry> outbox = [OutboxEntry.Comment(7, "body"), OutboxEntry.ForCheck(Check("n", "sha", "t", CheckOutcome.Failure))];
        await File.WriteAllBytesAsync(Path.Combine(dir.Path, "state.json"), JsonSerializer.SerializeToUtf8Bytes(state, WebIndented), Ct);
        await File.WriteAllBytesAsync(Path.Combine(dir.Path, ReviewedPlans.FileName), JsonSerializer.SerializeToUtf8Bytes(plans, Plain), Ct);
        await File.WriteAllBytesAsync(Path.Combine(dir.Path, ReviewedHeadsStore.FileName), JsonSerializer.SerializeToUtf8Bytes(heads, Plain), Ct);
        await File.WriteAllBytesAsync(Path.Combine(dir.Path, "paused.json"), JsonSerializer.SerializeToUtf8Bytes(new PauseRecord("upgrade", at), Web), Ct);
        await File.WriteAllBytesAsync(Path.Combine(dir.Path, HeldCheckRuns.FileName), JsonSerializer.SerializeToUtf8Bytes(new List<HeldCheckRun> { new("c1", "gitgateway/apply", 42) }, Web), Ct);
        var outboxFile = new OutboxFile(dir.Path);
        await File.WriteAllBytesAsync(outboxFile.Path, JsonSerializer.SerializeToUtf8Bytes(outbox, Outbox), Ct);

        var (loaded, _) = await new ControlPlaneStateStore(dir.Path).LoadAsync(Ct);
        var reviewed = new ReviewedPlans(dir.Path);
        await reviewed.LoadAsync(Ct);
        var loadedHeads = await new ReviewedHeadsStore(dir.Path).LoadAsync(Ct);
        var loadedOutbox = await outboxFile.LoadAsync(Ct);

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(state, WebIndented), JsonSerializer.SerializeToUtf8Bytes(loaded, WebIndented));
        Assert.Equal((plans["sha256:aa"], plans["sha256:bb"]), (reviewed.Find("sha256:aa"), reviewed.Find("sha256:bb")));
        Assert.Equal(heads["7"], loadedHeads[7]);
        Assert.Equal(new PauseRecord("upgrade", at), new PauseSwitch(dir.Path).Record);
        Assert.Equal(42, new HeldCheckRuns(dir.Path).Find("c1", "gitgateway/apply"));
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(outbox, Outbox), JsonSerializer.SerializeToUtf8Bytes(loadedOutbox, Outbox));
    }

    [Fact]
    public async Task Load_OutboxWithOutcomeByNameOrNumber_ReadsBoth()
    {
        using var dir = new TempDirectory();
        var file = new OutboxFile(dir.Path);
        const string Check = """{"name":"gitgateway/plan","sha":"c1","title":"t","summary":"s","text":null,"annotations":[]}""";
        await File.WriteAllTextAsync(file.Path, $$"""[{"key":"check/a","check":{{Check.Insert(1, "\"outcome\": \"Failure\",")}}},{"key":"check/b","check":{{Check.Insert(1, "\"outcome\": 1,")}}}]""", Ct);

        var entries = await file.LoadAsync(Ct);

        Assert.Equal(new[] { CheckOutcome.Failure, CheckOutcome.Success }, entries.Select(e => e.Check!.Outcome));
    }

    private static CheckReport Check(string a, string b, string c, CheckOutcome outcome) =>
        new("gitgateway/plan", a, outcome, b, c, a, [new LineAnnotation("teams/a/r.yaml", 3, "failure", b, c)]) { DetailsUrl = c };

    private static ControlPlaneState State(string a, string b, string c, long number, DateTimeOffset at)
    {
        var peer = new PeerReport("127.0.0.1", 65001, "Established", 1.5, 2, 0, b) { Advertised = ["198.51.100.1/32"] };
        var node = new NodeStatus(b, "sha256:" + a, true, c, true, at, [peer]) { Serving = a, ReportedAt = at, VipServing = [c], VipHeld = [] };
        return new ControlPlaneState(number, a, "sha256:" + a, b, c, new Dictionary<string, NodeStatus> { [b] = node }, ApplyRefusal.Of(a, b, [c, a], at))
        {
            KeptTeams = new Dictionary<string, string> { ["teams/" + b] = a },
            KeptTeamErrors = new Dictionary<string, string> { ["teams/" + b] = c },
            Frozen = new FreezeHold(a, b, at),
            Halted = new CanaryHalt(a, number, b, c),
        };
    }
}
