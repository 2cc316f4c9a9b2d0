using System.Globalization;
using System.Text;
using GitGateway.Reconciler.Git;
using GitGateway.Reconciler.Review;
using GitGateway.Renderer.Diagnostics;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Reconciler.Apply;

/// <summary>The <c>gitgateway/apply</c> check for each way an apply can end.</summary>
internal static class ApplyCheckText
{
    public const string Name = "gitgateway/apply";

    /// <summary>A refused commit; <paramref name="inForce"/> is the state before it, whose revision keeps serving.</summary>
    public static CheckReport Refused(string commit, RenderResult result, ControlPlaneState inForce)
    {
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var lastGood = inForce.AppliedCommit is { } good ? $"revision {inForce.Revision} (commit {good[..Math.Min(12, good.Length)]})" : "no revision yet";
        var summary = new StringBuilder($"Nothing was applied: the nodes keep serving the last good plan, {lastGood}.\n\n");
        foreach (var d in errors.Take(200))
        {
            summary.Append("- ").Append(ErrorLine(d)).Append('\n');
        }

        var annotations = result.Diagnostics
            .Select(d => new LineAnnotation(d.File, Math.Max(1, d.Line), d.Severity == DiagnosticSeverity.Error ? "failure" : "warning", d.Code, d.Message))
            .ToList();
        return new CheckReport(Name, commit, CheckOutcome.Failure, $"not applied: {errors.Count} error{(errors.Count == 1 ? "" : "s")} in the plan; serving {lastGood}", summary.ToString(), null, annotations);
    }

    public static CheckReport Guarded(string commit, ApplyGuard guard, PlanRevision? serving)
    {
        var (title, reasons) = guard.Describe();
        var summary = new StringBuilder(serving is null
            ? "Nothing was applied: no plan has been applied yet.\n\n"
            : $"Nothing was applied: the nodes keep serving revision {serving.Number} (commit `{ShortId.Commit(serving.Commit, 7)}`).\n\n");
        foreach (var reason in reasons.Take(200))
        {
            summary.Append("- ").Append(MarkdownText.Inline(reason)).Append('\n');
        }

        summary.Append($"\nTo apply it anyway, push a commit whose message ends with the trailer `{DestructiveOverride.Trailer}: <reason>`.\n");
        var annotations = guard.FailedTests
            .Select(t => new LineAnnotation(t.File, Math.Max(1, t.Line), "failure", "Routing test failed: " + t.Name, t.Detail))
            .ToList();
        return new CheckReport(Name, commit, CheckOutcome.Failure, $"not applied: {title} (no {DestructiveOverride.Trailer} trailer)", summary.ToString(), null, annotations);
    }

    /// <summary>
    /// The answers of an apply in which some teams' files were refused: a failure naming each refused team and its
    /// first error at file:line, the errors as annotations, and that those teams' last applied objects still serve.
    /// </summary>
    public static CheckReport WithRefusedTeams(CheckReport answers, IReadOnlyList<RefusedTeam> refused)
    {
        var teams = string.Join("; ", refused.Select(t => $"team {DisplayText.Escape(t.Name)} refused ({t.Errors[0].File}:{t.Errors[0].Line} {t.Errors[0].Code})"));
        var summary = new StringBuilder(answers.Summary).Append("\n\n");
        foreach (var team in refused)
        {
            summary.Append("**Team ").Append(MarkdownText.Code(team.Name)).Append(" refused:** its files do not render, so its objects from `")
                .Append(ShortId.Commit(team.KeptFrom, 7)).Append("` keep serving; every other team's change is applied.\n");
            foreach (var d in team.Errors.Take(50))
            {
                summary.Append("- ").Append(ErrorLine(d)).Append('\n');
            }
        }

        var annotations = refused.SelectMany(t => t.Errors).Select(d => new LineAnnotation(d.File, Math.Max(1, d.Line), "failure", d.Code, d.Message)).ToList();
        return answers with
        {
            Outcome = CheckOutcome.Failure,
            Title = DisplayText.Shorten($"{teams}; {answers.Title}", 200),
            Summary = summary.ToString(),
            Annotations = [.. answers.Annotations, .. annotations],
        };
    }

    /// <summary>An error as one markdown list item's text: where, its code, and its message as text only (it quotes the repository).</summary>
    private static string ErrorLine(Diagnostic d) => $"{MarkdownText.Code($"{d.File}:{d.Line}")} {d.Code}: {MarkdownText.Inline(d.Message)}";

    /// <summary>A commit held by a freeze window, whose reason is the repository's text (a title is plain text, a summary markdown).</summary>
    public static CheckReport Frozen(string commit, FreezeStatus freeze) => new(
        Name,
        commit,
        CheckOutcome.Pending,
        $"planned, not applied: {Plain(freeze.Reason, 120)} until {freeze.Until:yyyy-MM-dd HH:mm} UTC",
        $"A freeze window is open ({MarkdownText.Inline(freeze.Reason)}). This commit renders cleanly and will be applied when the window closes at {freeze.Until:O}.",
        null,
        []);

    public static CheckReport Paused(string commit, PauseRecord pause) => new(
        Name,
        commit,
        CheckOutcome.Pending,
        "planned, not applied: applies are paused",
        $"Applies were paused at {pause.Since:yyyy-MM-dd HH:mm} UTC ({MarkdownText.Inline(pause.Reason)}). This commit renders cleanly and will be applied when they resume (`gitgateway resume`).",
        null,
        []);

    /// <summary>A rollout halted at a canary; the node's name and the reason quote nodes and routes (the network, the repository).</summary>
    public static CheckReport Halted(string commit, long revision, long lastGood, CanaryVerdict verdict) => new(
        Name,
        commit,
        CheckOutcome.Failure,
        Plain($"halted at canary {verdict.Node}: {verdict.Reason}", 200),
        $"The rollout of revision {revision} stopped at its canary stage: {MarkdownText.Code(verdict.Node ?? "")} {MarkdownText.Inline(verdict.Reason ?? "")}.\n\n"
            + $"The canary is back on revision {lastGood}, the last good plan; no other node was given revision {revision}. "
            + "Push a fix or a revert to roll out again.",
        null,
        []);

    public static CheckReport Answers(string commit, long revision, string hash, IReadOnlyList<string> nodes, IReadOnlyList<Apply.NodeStatus?> answers, TimeSpan elapsed, string? overrideReason = null)
    {
        var seconds = elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        if (nodes.Count == 0)
        {
            return new CheckReport(Name, commit, CheckOutcome.Neutral, $"revision {revision} published; no node is connected", $"Plan `{hash}` is published; nodes pick it up when they connect.", null, []);
        }

        var acked = answers.Count(a => a is { Accepted: true, Ready: true });
        var problems = new List<string>();
        for (var i = 0; i < nodes.Count; i++)
        {
            problems.Add(answers[i] switch
            {
                null => $"{Plain(nodes[i], 40)} did not answer",
                { Accepted: false } a => $"{Plain(nodes[i], 40)} refused: {Plain(a.Error ?? "", 60)}",
                _ => "",
            });
        }

        problems.RemoveAll(p => p.Length == 0);
        var title = problems.Count == 0
            ? $"applied to {acked}/{nodes.Count} nodes in {seconds} s"
            : $"applied to {acked}/{nodes.Count} nodes; {string.Join("; ", problems)}";
        if (overrideReason is not null)
        {
            title += $" (destructive change allowed: {Plain(overrideReason, 60)})";
        }

        var summary = $"Revision {revision}, plan `{hash}`.\n\n" + string.Join("\n", nodes.Select((n, i) => $"- {MarkdownText.Code(n)}: {MarkdownText.Inline(Describe(answers[i]))}"));
        return new CheckReport(Name, commit, problems.Count == 0 ? CheckOutcome.Success : CheckOutcome.Failure, DisplayText.Shorten(title, 200), summary, null, []);
    }

    /// <summary><paramref name="text"/> as a check title's plain text: one line, nothing invisible, at most <paramref name="max"/> characters.</summary>
    private static string Plain(string text, int max) => DisplayText.Shorten(DisplayText.Escape(text), max);

    private static string Describe(NodeStatus? s) => s switch
    {
        null => "no answer",
        { Accepted: false } => "NACK: " + s.Error,
        { Ready: true } => "ACK, ready",
        _ => "ACK, not ready",
    };
}
