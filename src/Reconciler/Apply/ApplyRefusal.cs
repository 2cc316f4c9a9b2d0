namespace GitGateway.Reconciler.Apply;

/// <summary>
/// A target-branch commit that was not applied because its plan has errors: the commit and its first errors,
/// each <c>file:line:col: error CODE: message</c>, as <c>/v1/status</c> shows them.
/// </summary>
internal sealed record ApplyRefusal(string Commit, IReadOnlyList<string> Errors, int ErrorCount, DateTimeOffset At)
{
    /// <summary>How many errors are kept; the <c>gitgateway/apply</c> check lists them all.</summary>
    public const int MaxErrors = 20;
}
