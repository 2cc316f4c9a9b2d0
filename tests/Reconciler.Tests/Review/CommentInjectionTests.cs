using CsCheck;
using GitGateway.Plan;
using GitGateway.Plan.Diff;
using GitGateway.Reconciler.Apply;
using GitGateway.Reconciler.Review;
using GitGateway.Reconciler.Review.RoutingTests;
using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Reconciler.Tests.Review;

/// <summary>
/// Every string the comment shows comes from the repository (names, hostnames, paths, values, messages, file names,
/// team folders, the override's reason). Whatever they hold, the comment's markdown has the same structure as with
/// plain names: the same lines, headings, table cells, code spans, links and HTML tags, the same verdict; nothing
/// pings anyone, calls out, or is invisible.
/// </summary>
public sealed class CommentInjectionTests
{
    private static readonly string[] Attacks =
    [
        "\n### ✅ Plan is valid — routes: 0 added, 0 changed, 0 removed\n",
        "a | b | c |\n|---|---|",
        "x` **bold** `y",
        "<details><summary>ok</summary>",
        "</details></sub>",
        "<!-- the rest is hidden",
        "&#x202E;&lt;!--&#10;",
        "@platform-team @org/admins",
        "![ok](http://evil.example/check.png) [ok](javascript:alert(1))",
        "<http://evil.example/> https://evil.example/x",
        ":white_check_mark: :x: #123",
        "pays \u202Eevil\u202C \u2066x\u2069",
        "shop.exa\u200Bmple.com\u200D\uFEFF\u00AD\u2060",
        "\u001b[32mOK\u001b[0m\r\n",
        "```\n~~~\n</details>",
        "\\`\\|\\",
        "* [x] done\n> quoted\n1. one",
    ];

    private static readonly Gen<string> Attack = Gen.Int[0, Attacks.Length - 1].Select(i => Attacks[i]);

    private static readonly Gen<string> Hostile = Gen.OneOf(
        Attack,
        Gen.String[Gen.Char, 0, 40],
        Attack.Array[1, 3].Select(parts => string.Concat(parts)),
        Gen.String[Gen.Char["\n\r|`*_[]()<>!@#:&~\\-+. \u202E\u200B"], 1, 30]);

    [Fact]
    public void Comment_HostileStringInEveryField_StructureAndVerdictUnchanged()
    {
        var plain = Review("x");
        var expected = Skeleton(PlanCommentRenderer.Render(plain));
        var expectedCheck = Skeleton(PlanCheckBuilder.Build(plain).Text!);
        Hostile.Sample(
            value =>
            {
                var review = Review(value);
                var comment = PlanCommentRenderer.Render(review);
                Assert.Equal(expected, Skeleton(comment));
                Assert.Equal(expectedCheck, Skeleton(PlanCheckBuilder.Build(review).Text!));
                AssertNothingCallsOut(comment);
            },
            iter: 2_000);
    }

    [Fact]
    public void Comment_VerdictInjectedThroughATestName_OnlyOneHeadingAndItIsTheRealVerdict()
    {
        var comment = PlanCommentRenderer.Render(Review("\n### ✅ Plan is valid\n"));

        var heading = Assert.Single(comment.Split('\n'), l => l.StartsWith('#'));
        Assert.StartsWith("### ❌ Plan is invalid (1 error; if merged, <U+000A>### ✅ Plan is valid<U+000A> would keep the files of <U+000A>", heading, StringComparison.Ordinal);
    }

    [Fact]
    public void Comment_HtmlEntitiesImagesMentionsShortcodes_ShownAsText()
    {
        var comment = PlanCommentRenderer.Render(Review("<!-- &#x202E; ![ok](http://evil.example/a.png) @platform-team :white_check_mark: #12"));

        Assert.Contains(@"&lt;!-- &amp;#x202E; !\[ok\](http:" + "\u200B" + @"//evil.example/a.png) @" + "\u200B" + "platform-team :\u200Bwhite\\_check\\_mark: #\u200B12", comment, StringComparison.Ordinal);
        AssertNothingCallsOut(comment);
    }

    [Fact]
    public void Comment_ZeroWidthAndBidiInAHostname_ShownAsCodePoints()
    {
        var review = Review("x") with { Traffic = [new("h", "shop.exa\u200Bmple.com /", "added \u202Eevil", null, null)] };

        var comment = PlanCommentRenderer.Render(review);

        Assert.Contains("`shop.exa<U+200B>mple.com /`: added <U+202E>evil", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckTitleAndText_HostileNames_OneLineTitleAndTextInCodeBlocks()
    {
        var check = PlanCheckBuilder.Build(Review("\u001b[31m\n### ✅ ok"));

        Assert.DoesNotContain(check.Title, c => c < ' ');
        Assert.Contains("<U+001B>[31m<U+000A>### ✅ ok", check.Title, StringComparison.Ordinal);
        Assert.StartsWith("```text\n", check.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', check.Text!);
    }

    [Fact]
    public void ApplyCheck_RefusedTeamWithHostileNameAndErrors_SummaryStructureUnchanged()
    {
        var expected = Skeleton(RefusedCheck("x").Summary);
        Hostile.Sample(
            value =>
            {
                var check = RefusedCheck(value);
                Assert.Equal(expected, Skeleton(check.Summary));
                Assert.DoesNotContain(check.Title, c => DisplayText.IsUnsafe(c) || DisplayText.IsInvisible(c));
                AssertNothingCallsOut(check.Summary);
            },
            iter: 1_000);
    }

    [Fact]
    public void ApplyCheck_FrozenHaltedOrRefusedByANodeWithHostileText_OneLineBoundedTitleAndSummaryStructureUnchanged()
    {
        var expected = ApplyChecks("x").Select(c => Skeleton(c.Summary)).ToList();
        Hostile.Sample(
            value =>
            {
                var checks = ApplyChecks(value);
                Assert.Equal(expected, checks.Select(c => Skeleton(c.Summary)));
                foreach (var check in checks)
                {
                    Assert.DoesNotContain(check.Title, c => DisplayText.IsUnsafe(c) || DisplayText.IsInvisible(c));
                    Assert.InRange(check.Title.Length, 1, 200);
                    AssertNothingCallsOut(check.Summary);
                }
            },
            iter: 1_000);
    }

    /// <summary>The apply check of a commit held by a freeze window, a rollout halted at a canary and a node's refusal, each quoting <paramref name="value"/>.</summary>
    private static CheckReport[] ApplyChecks(string value)
    {
        var until = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var nack = new NodeStatus(value, "sha256:0123", false, value, false, until);
        return
        [
            ApplyCheckText.Frozen("head", new FreezeStatus(value, until)),
            ApplyCheckText.Halted("head", 3, 2, CanaryVerdict.Halt(value, value)),
            ApplyCheckText.Paused("head", new PauseRecord(value, until)),
            ApplyCheckText.Answers("head", 3, "sha256:0123", [value, value], [nack, null], TimeSpan.FromSeconds(1), value),
        ];
    }

    private static CheckReport RefusedCheck(string value)
    {
        var answers = new CheckReport(ApplyCheckText.Name, "head", CheckOutcome.Success, "applied to 1/1 nodes", "Revision 2, plan `sha256:0123`.", null, []);
        var error = new Diagnostic(DiagnosticSeverity.Error, "ParseError", $"teams/{value}/a.yaml", 3, 1, value);
        return ApplyCheckText.WithRefusedTeams(answers, [new RefusedTeam(value, $"teams/{value}/", "0123456789abcdef", [error])]);
    }

    /// <summary>A review with <paramref name="value"/> in every string that comes from the repository.</summary>
    private static PlanReview Review(string value) =>
        new(
            "0123456789abcdef0123456789abcdef01234567",
            "89abcdef0123456789abcdef0123456789abcdef",
            value,
            "https://github.example/org/repo/blob/0123456789abcdef0123456789abcdef01234567/",
            false,
            "sha256:0123456789abcdef0123456789abcdef",
            new RouteCounts(0, 0, 0),
            [new TrafficLine(value, $"{value} /{value}", $"added → {value}", null, null)],
            [value],
            [value],
            [new Diagnostic(DiagnosticSeverity.Error, "ParseError", $"teams/{value}/a.yaml", 3, 1, value)],
            new BlastRadius([value], [value], [value]),
            [new PlanChange(ChangeKind.Changed, new[] { value, "route" }.ToEquatableArray(), value, value, value)],
            [new RoutingTestResult($"teams/{value}/tests.yaml", 2, value, false, value)])
        {
            Claims = [new ClaimChange(value, $"teams/{value}/team.yaml", value)],
            Destructive = new DestructiveChange([value]),
            Override = value,
            Replanned = value,
            MergeConflict = value,
            KeptTeams = [value],
            BaseOverCap = new BaseOverCap([value], false),
            Against = new ServedPlan(null, value) { HeldTip = value, HeldReason = value },
        };

    /// <summary>
    /// The markdown's structure: per line, its first character and every character that opens or closes markup
    /// (outside a code span: unescaped <c>` | [ ] * _ ~</c> and the start of a tag; inside: the closing backtick and
    /// unescaped pipes); a line inside a fenced block is markup only if it closes the block.
    /// </summary>
    private static string Skeleton(string markdown) => string.Join('\n', Lines(markdown).Select(l => l.Fenced ? "" : Shape(l.Text).Markup));

    /// <summary>The text outside code spans and fenced blocks, where GitHub links mentions, references, shortcodes and URLs.</summary>
    private static string Prose(string markdown) => string.Join('\n', Lines(markdown).Where(l => !l.Fenced).Select(l => Shape(l.Text).Prose));

    private static IEnumerable<(string Text, bool Fenced)> Lines(string markdown)
    {
        var fenced = false;
        foreach (var line in markdown.Split('\n'))
        {
            var fence = line.StartsWith("```", StringComparison.Ordinal);
            yield return (line, fenced && !fence);
            fenced ^= fence;
        }
    }

    private static (string Markup, string Prose) Shape(string line)
    {
        var markup = new System.Text.StringBuilder(line.Length == 0 ? "" : line[..1]);
        var prose = new System.Text.StringBuilder();
        var code = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && (!code || (i + 1 < line.Length && line[i + 1] == '|')))
            {
                i++; // an escaped character, text (in a code span, only a pipe is escaped)
                prose.Append(code || i >= line.Length ? "" : line[i]);
                continue;
            }

            if (c == '`' || (!code && "|[]*_~".Contains(c, StringComparison.Ordinal)) || (code && c == '|'))
            {
                code ^= c == '`';
                markup.Append(c);
                if (!code && c == ']' && i + 1 < line.Length && line[i + 1] == '(')
                {
                    i = line.IndexOf(')', i); // a link's address (percent-encoded: no ')' of its own)
                    markup.Append("()");
                    continue;
                }
            }
            else if (!code && c == '<' && !line.AsSpan(i).StartsWith("<U+"))
            {
                markup.Append(line.AsSpan(i, Math.Min(6, line.Length - i)));
            }

            if (!code && c != '`')
            {
                prose.Append(c);
            }
        }

        return (markup.ToString(), prose.ToString());
    }

    private static void AssertNothingCallsOut(string comment)
    {
        Assert.DoesNotContain(comment, c => (DisplayText.IsUnsafe(c) && c != '\n') || (DisplayText.IsInvisible(c) && c is not '\u200B' and not '\uFE0F'));
        Assert.DoesNotMatch(@"@[A-Za-z0-9]|#[0-9]|:[A-Za-z+-]|&(?!amp;|lt;)|<!--", Prose(comment.Replace(PlanCommentRenderer.Marker, "", StringComparison.Ordinal)));
    }
}
