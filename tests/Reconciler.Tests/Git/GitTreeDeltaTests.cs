using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using GitGateway.Reconciler.Git;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Tests.Git;

/// <summary>
/// A commit's tree derived from the tree read before and the first-parent log between them is what listing the whole
/// tree gives (<see cref="GitTreeReader"/>): the same files, blobs and contents, the same reports, on random histories
/// of adds, edits, deletes, renames, mode changes, links, submodules, a file replacing a folder and back, files in dot
/// folders, a config with caps crossed, a file over the size limit, merges, side branches read between, and a head
/// forced back onto an older commit.
/// </summary>
public sealed class GitTreeDeltaTests
{
    private static readonly GitCli Git = new(defaultTimeout: TimeSpan.FromSeconds(60));

    private static readonly string[] Paths =
        ["a.yaml", "b.yml", "README.md", "d/c.yaml", "d/e/f.yaml", ".hidden/g.yaml", "d/.x/h.yaml", "gitgateway.yaml", "d", "d/e", "teams/t/r1.yaml", "x.json"];

    private static readonly string[] Configs =
    [
        "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\n",
        "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec:\n  limits:\n    repository: {files: 4}\n",
        "apiVersion: gitgateway.dev/v1alpha1\nkind: GitGatewayConfig\nmetadata: {name: config}\nspec:\n  limits:\n    repository: {bytes: 60}\n",
    ];

    private static readonly string[] Submodules = ["1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222"];

    // One file operation: what it does (Kind), where, with which content, and where a rename goes.
    private static readonly Gen<Op> OpGen = Gen.Select(
        Gen.Frequency((6, Gen.Const(OpKind.Put)), (2, Gen.Const(OpKind.Executable)), (1, Gen.Const(OpKind.Link)), (1, Gen.Const(OpKind.Submodule)),
            (3, Gen.Const(OpKind.Delete)), (2, Gen.Const(OpKind.Rename)), (1, Gen.Const(OpKind.Large))),
        Gen.Int[0, Paths.Length - 1], Gen.Int[0, 4], Gen.Int[0, Paths.Length - 1]).Select((kind, path, content, to) => new Op(kind, path, content, to));

    // One step of history: a commit on the target branch, one on a side branch (read as a review would), a merge of the side branch, or a head forced back.
    private static readonly Gen<Step> StepGen = Gen.Select(
        Gen.Frequency((6, Gen.Const(StepKind.Main)), (2, Gen.Const(StepKind.Side)), (1, Gen.Const(StepKind.Merge)), (1, Gen.Const(StepKind.Forced))),
        OpGen.Array[0, 4], Gen.Int[0, 20]).Select((kind, ops, back) => new Step(kind, ops, back));

    [Fact]
    public async Task Derive_RandomHistories_SameAsListingTheWholeTree()
    {
        var reads = 0;
        var derived = 0;
        await StepGen.Array[4, 12].SampleAsync(
            async steps =>
            {
                var (r, d) = await CheckHistoryAsync(steps);
                reads += r;
                derived += d;
            },
            iter: 12,
            threads: 1);

        // Most reads go on from the one before: a property that held only because nothing was derived would say nothing.
        Assert.True(derived * 3 >= reads, $"{derived} of {reads} reads derived");
    }

    [Fact]
    public async Task Derive_OneRouteAddedToThousands_ReadsOnlyItsBlobAndKeepsTheRest()
    {
        using var temp = TempGitRepository.Create();
        for (var i = 0; i < 1000; i++)
        {
            temp.Write($"teams/store/routes/r{i:0000}.yaml", $"r: {i}\n");
        }

        var first = temp.Commit("a thousand routes");
        temp.Write("teams/store/routes/new.yaml", "r: new\n");
        var second = temp.Commit("one more");
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        var listing = TreeListing.Of(first, await new GitTreeReader(repo).ReadAsync(first, TestContext.Current.CancellationToken));

        var changes = await FirstParentChanges.ReadAsync(repo, first, second, TestContext.Current.CancellationToken);
        var next = await GitTreeDelta.DeriveAsync(repo, listing, changes!, TestContext.Current.CancellationToken);

        Assert.Equal(Describe(await new GitTreeReader(repo).ReadAsync(second, TestContext.Current.CancellationToken)), Describe(next!.Result));
        var kept = listing.Result.Files.ToDictionary(f => f.Path);
        Assert.All(next.Result.Files.Where(f => f.Path != "teams/store/routes/new.yaml"), f => Assert.Same(kept[f.Path], f));
        Assert.Equal((1001L, listing.Bytes + 7), (next.Counted, next.Bytes));
    }

    [Fact]
    public async Task Changes_HeadNotOnTheChainOfTheListedCommit_None()
    {
        using var temp = TempGitRepository.Create();
        temp.Write("a.yaml", "a: 1\n");
        var first = temp.Commit("one");
        temp.Write("a.yaml", "a: 2\n");
        var second = temp.Commit("two");
        temp.Git("checkout", "-q", "-b", "other", first);
        temp.Write("b.yaml", "b: 1\n");
        var other = temp.Commit("beside two");
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);

        Assert.Null(await FirstParentChanges.ReadAsync(repo, second, other, TestContext.Current.CancellationToken));
        Assert.Null(await FirstParentChanges.ReadAsync(repo, second, first, TestContext.Current.CancellationToken));
        Assert.Equal([second], (await FirstParentChanges.ReadAsync(repo, first, second, TestContext.Current.CancellationToken))!.Commits.Select(c => c.Commit));
    }

    // Builds the history with one git fast-import, then reads each head as the mirror does: from the listing before when
    // the log joins it, else whole; every derived read is compared with a whole listing of the same commit.
    private static async Task<(int Reads, int Derived)> CheckHistoryAsync(Step[] steps)
    {
        using var temp = TempGitRepository.Create();
        var (stream, reads) = History(steps);
        var marksFile = Path.Combine(temp.Path, ".git", "marks");
        temp.Run(stream, "fast-import", "--quiet", "--export-marks=" + marksFile);
        var marks = File.ReadAllLines(marksFile).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var repo = await GitRepository.OpenAsync(Git, temp.Path, TestContext.Current.CancellationToken);
        var reader = new GitTreeReader(repo);
        TreeListing? listing = null;
        var derivedCount = 0;
        foreach (var mark in reads)
        {
            var commit = marks[mark];
            var whole = await reader.ReadAsync(commit, TestContext.Current.CancellationToken);
            TreeListing? derived = null;
            if (listing is not null && await FirstParentChanges.ReadAsync(repo, listing.Commit, commit, TestContext.Current.CancellationToken) is { } changes)
            {
                derived = await GitTreeDelta.DeriveAsync(repo, listing, changes, TestContext.Current.CancellationToken);
            }

            if (derived is not null)
            {
                derivedCount++;
                Assert.Equal(Describe(whole), Describe(derived.Result));
                Assert.Equal(TreeListing.Of(commit, whole), derived with { Result = whole });
            }

            listing = derived ?? (whole.OverRepositoryCap ? null : TreeListing.Of(commit, whole));
        }

        return (reads.Count, derivedCount);
    }

    // The fast-import stream of the steps and the marks of the commits to read, in the order to read them.
    private static (string Stream, List<string> Reads) History(Step[] steps)
    {
        var text = new StringBuilder();
        var main = new SortedDictionary<string, (string Mode, string Data)>(StringComparer.Ordinal);
        var mainHeads = new List<(string Mark, SortedDictionary<string, (string Mode, string Data)> Tree)>();
        SortedDictionary<string, (string Mode, string Data)>? side = null;
        string? sideHead = null;
        var reads = new List<string>();
        var next = 1;
        string Commit(string branch, string? from, string? merge, SortedDictionary<string, (string Mode, string Data)> tree)
        {
            var mark = ":" + next.ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"commit refs/heads/{branch}\nmark {mark}\ncommitter T <t@example.com> {1_700_000_000 + next++} +0000\ndata 0\n");
            text.Append(from is null ? "" : $"from {from}\n").Append(merge is null ? "" : $"merge {merge}\n").Append("deleteall\n");
            foreach (var (path, (mode, data)) in tree)
            {
                if (mode == GitTreeEntry.SubmoduleMode)
                {
                    text.Append(CultureInfo.InvariantCulture, $"M {mode} {data} {path}\n");
                }
                else
                {
                    text.Append(CultureInfo.InvariantCulture, $"M {mode} inline {path}\ndata {Encoding.UTF8.GetByteCount(data)}\n{data}\n");
                }
            }

            return mark;
        }

        mainHeads.Add((Commit("main", null, null, main), new(main)));
        reads.Add(mainHeads[^1].Mark);
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case StepKind.Side:
                    side ??= new(main);
                    Apply(side, step.Ops);
                    sideHead = Commit("side", sideHead ?? mainHeads[^1].Mark, null, side);
                    reads.Add(sideHead);
                    continue;
                case StepKind.Merge when side is not null:
                    main = new(side);
                    Apply(main, step.Ops);
                    mainHeads.Add((Commit("main", mainHeads[^1].Mark, sideHead, main), new(main)));
                    side = null;
                    sideHead = null;
                    break;
                case StepKind.Forced:
                    var back = mainHeads[Math.Max(0, mainHeads.Count - 1 - step.Back)];
                    main = new(back.Tree);
                    Apply(main, step.Ops);
                    mainHeads.Add((Commit("main", back.Mark, null, main), new(main)));
                    break;
                default:
                    Apply(main, step.Ops);
                    mainHeads.Add((Commit("main", mainHeads[^1].Mark, null, main), new(main)));
                    break;
            }

            reads.Add(mainHeads[^1].Mark);
        }

        return (text.ToString(), reads);
    }

    // The operations on a tree, a file taking the place of a folder (or of a file its path goes through) as a checkout would.
    private static void Apply(SortedDictionary<string, (string Mode, string Data)> tree, Op[] ops)
    {
        foreach (var op in ops)
        {
            var path = Paths[op.Path];
            switch (op.Kind)
            {
                case OpKind.Delete:
                    tree.Remove(path);
                    break;
                case OpKind.Rename when tree.Remove(path, out var moved) && Paths[op.To] != path:
                    Put(tree, Paths[op.To], moved);
                    break;
                case OpKind.Rename:
                    break;
                case OpKind.Executable:
                    Put(tree, path, ("100755", tree.TryGetValue(path, out var kept) && kept.Mode != GitTreeEntry.SubmoduleMode ? kept.Data : Content(path, op.Content)));
                    break;
                case OpKind.Link:
                    Put(tree, path, (GitTreeEntry.SymlinkMode, Paths[op.To]));
                    break;
                case OpKind.Submodule:
                    Put(tree, path, (GitTreeEntry.SubmoduleMode, Submodules[op.Content % Submodules.Length]));
                    break;
                case OpKind.Large:
                    Put(tree, path, ("100644", new string('#', SourceFiles.MaxFileBytes + op.Content) + "\n"));
                    break;
                default:
                    Put(tree, path, ("100644", Content(path, op.Content)));
                    break;
            }
        }
    }

    private static void Put(SortedDictionary<string, (string Mode, string Data)> tree, string path, (string Mode, string Data) entry)
    {
        foreach (var inside in tree.Keys.Where(p => p.StartsWith(path + "/", StringComparison.Ordinal) || path.StartsWith(p + "/", StringComparison.Ordinal)).ToList())
        {
            tree.Remove(inside);
        }

        tree[path] = entry;
    }

    private static string Content(string path, int content) =>
        path == "gitgateway.yaml" ? Configs[content % Configs.Length] : $"r: {content}\n";

    // What a read gives, compared by value: each file's path, blob and a hash of its bytes, each report, the cap flag.
    private static string Describe(SourceFiles.Result result) =>
        string.Join('\n', result.Files.Select(f => $"{f.Path} {f.BlobId} {Convert.ToHexString(SHA256.HashData(f.Content.Span))}")
            .Concat(result.Diagnostics.Select(d => d.ToString()))
            .Append($"over cap: {result.OverRepositoryCap}"));

    private enum OpKind
    {
        Put,
        Executable,
        Link,
        Submodule,
        Delete,
        Rename,
        Large,
    }

    private enum StepKind
    {
        Main,
        Side,
        Merge,
        Forced,
    }

    private sealed record Op(OpKind Kind, int Path, int Content, int To);

    private sealed record Step(StepKind Kind, Op[] Ops, int Back);
}
