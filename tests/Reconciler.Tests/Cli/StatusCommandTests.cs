using System.Text.Json;
using System.Text.Json.Nodes;
using GitGateway.Reconciler.Cli;

namespace GitGateway.Reconciler.Tests.Cli;

/// <summary>
/// <c>gitgateway status</c> (issue 15): the view of a control plane's <c>/v1/status</c> for a person, its exit codes
/// and its usage errors (the end-to-end test runs it against a real control plane: DriftEndToEndTests).
/// </summary>
public sealed class StatusCommandTests
{
    private const string Drifting = """
        {
          "targetBranch": "main", "revision": 5, "planHash": "sha256:aaaaaaaaaaaaaaaa", "commit": "0123456789abcdef",
          "nodes": [
            {"name": "edge-a", "planHash": "sha256:aaaaaaaaaaaaaaaa", "accepted": true, "ready": true, "serving": "sha256:aaaaaaaaaaaaaaaa"},
            {"name": "edge-b\u001b[31m", "planHash": "sha256:aaaaaaaaaaaaaaaa", "accepted": false, "ready": true, "serving": "sha256:bbbbbbbbbbbbbbbb"}
          ],
          "drift": [
            {"node": "edge-b\u001b[31m", "differences": ["serves plan bbbbbbbbbbbb, not revision 5 (aaaaaaaaaaaa)"], "behindSeconds": 42.4, "behind": true}
          ],
          "repairs": [{"node": "edge-b\u001b[31m", "revision": 5, "attempts": 2, "nextAttempt": "2026-11-18T12:00:20+00:00", "gaveUp": false}],
          "repositories": [{"name": "routing"}]
        }
        """;

    [Fact]
    public void Table_NodeDrifting_NamesItsPlanHowLongBehindAndTheRepair_ControlCharactersDefused()
    {
        using var json = JsonDocument.Parse(Drifting);
        var view = StatusView.Select(json.RootElement, null)!;

        var table = view.Table();

        Assert.False(view.InSync);
        Assert.Contains("revision 5 (commit 0123456789ab, plan aaaaaaaaaaaa): DRIFT on 1 node(s)", table, StringComparison.Ordinal);
        Assert.Matches(@"edge-a\s+revision 5\s+yes\s+no\s+-", table);
        Assert.Matches(@"edge-b\?\[31m\s+plan bbbbbbbbbbbb\s+yes\s+yes\s+42 s\s+serves plan bbbbbbbbbbbb, not revision 5", table);
        Assert.Contains("repair: edge-b?[31m re-sent revision 5 2 time(s)", table, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', table);
    }

    [Fact]
    public void Table_LongNodeNamesAndManyDifferences_FitsIn120ColumnsAndKeepsEveryWord()
    {
        var node = "edge-" + new string('n', 90);
        var differences = Enumerable.Range(1, 6).Select(i => $"peer 192.0.2.{i} was not sent prefix 198.51.100.{i}/32 of VIP public-{i}").ToList();
        var json = $$"""
            {"targetBranch": "main", "revision": 7, "planHash": "sha256:aaaaaaaaaaaaaaaa", "commit": "0123456789abcdef",
             "nodes": [{"name": "{{node}}", "planHash": "sha256:aaaaaaaaaaaaaaaa", "accepted": true, "ready": true, "serving": "sha256:aaaaaaaaaaaaaaaa"}],
             "drift": [{"node": "{{node}}", "differences": {{JsonSerializer.Serialize(differences)}}, "behindSeconds": 12, "behind": true}],
             "repairs": [{"node": "{{node}}", "revision": 7, "attempts": 1, "nextAttempt": "2026-11-18T12:00:20+00:00", "gaveUp": false}]}
            """;
        using var doc = JsonDocument.Parse(json);

        var table = StatusView.Select(doc.RootElement, null)!.Table();

        var lines = table.Split('\n');
        Assert.All(lines, l => Assert.True(l.TrimEnd('\r').Length <= RenderCommand.MaxWidth, $"{l.Length} columns: {l}"));
        var words = string.Join(' ', lines).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("198.51.100.6/32", words);
        Assert.Contains("public-1", string.Concat(lines.Select(l => l.Trim())), StringComparison.Ordinal);
        Assert.Contains("WHAT DIFFERS", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_TipHeldByAHaltedCanary_SaysWhyOnItsOwnLine_ControlCharactersDefused()
    {
        var json = """
            {"targetBranch": "main", "revision": 5, "planHash": "sha256:aaaaaaaaaaaaaaaa", "commit": "0123456789abcdef",
             "held": {"commit": "fedcba9876543210", "reason": "its canary rollout was halted at edge-a\u001b[2J: route shop answered 503"},
             "nodes": [], "drift": [], "repairs": []}
            """;
        using var doc = JsonDocument.Parse(json);
        var view = StatusView.Select(doc.RootElement, null)!;

        var table = view.Table();
        var body = JsonNode.Parse(view.Json())!;

        Assert.Contains("held: main's tip fedcba987654 is not applied (its canary rollout was halted at edge-a?[2J: route shop answered 503)", table, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', table);
        Assert.Equal("fedcba9876543210", (string)body["held"]!["commit"]!);
        Assert.True(view.InSync);
    }

    [Fact]
    public void Json_NothingHeld_HeldIsNull()
    {
        using var json = JsonDocument.Parse(Drifting);

        var view = JsonNode.Parse(StatusView.Select(json.RootElement, null)!.Json())!.AsObject();

        Assert.True(view.ContainsKey("held"));
        Assert.Null(view["held"]);
        Assert.DoesNotContain("held:", StatusView.Select(json.RootElement, null)!.Table(), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_NodeDrifting_SaysNotInSyncWithEachNode()
    {
        using var json = JsonDocument.Parse(Drifting);

        var view = JsonNode.Parse(StatusView.Select(json.RootElement, null)!.Json())!;

        Assert.False((bool)view["inSync"]!);
        Assert.Equal(5, (int)view["revision"]!);
        var b = view["nodes"]![1]!;
        Assert.True((bool)b["drift"]!);
        Assert.Equal(42.4, (double)b["behindSeconds"]!);
        Assert.Null(b["revision"]);
        Assert.Equal(5, (int)view["nodes"]![0]!["revision"]!);
    }

    [Fact]
    public void Select_NamedRepositoryTheTokenDoesNotOpen_Null_OnlyRepositoryChosenWithoutAName()
    {
        using var json = JsonDocument.Parse("""{"repositories": [{"name": "routing", "revision": 1, "nodes": [], "drift": []}]}""");

        Assert.Null(StatusView.Select(json.RootElement, "other"));
        Assert.True(StatusView.Select(json.RootElement, null)!.InSync);
    }

    [Theory]
    [InlineData("status", "--control-plane", "ftp://127.0.0.1/")]
    [InlineData("status", "--output", "xml")]
    [InlineData("status", "extra")]
    [InlineData("status", "--control-plane", "http://127.0.0.1:1")]
    public async Task Status_UsageErrorOrNoControlPlane_ExitsTwo(params string[] args)
    {
        var (exit, _, error) = await Cli.RunAsync(args);

        Assert.Equal(CliOptions.Failure, exit);
        Assert.NotEmpty(error);
    }
}
