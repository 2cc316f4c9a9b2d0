namespace GitGateway.Reconciler.Apply;

/// <summary>
/// Why the last commit looked at on the target branch was not applied (shown in <c>/v1/status</c> until a later
/// commit is applied): its render has errors (each <c>file:line:col: error CODE: message</c>), a routing test fails,
/// or it is a destructive change without the override. <see cref="ReasonCount"/> counts them all; the
/// <c>gitgateway/apply</c> check lists them all, this keeps the first <see cref="MaxReasons"/>.
/// </summary>
internal sealed record ApplyRefusal(string Commit, string Title, IReadOnlyList<string> Reasons, int ReasonCount, DateTimeOffset At)
{
    /// <summary>How many reasons are kept.</summary>
    public const int MaxReasons = 20;

    /// <summary>A refusal keeping at most <see cref="MaxReasons"/> of <paramref name="reasons"/>.</summary>
    public static ApplyRefusal Of(string commit, string title, IReadOnlyCollection<string> reasons, DateTimeOffset at) =>
        new(commit, title, [.. reasons.Take(MaxReasons)], reasons.Count, at);
}
