using GitGateway.Reconciler.Review;

namespace GitGateway.Reconciler.Apply;

/// <summary>
/// The last commit whose canary rollout was halted, as the state keeps it: the canary node and which of its checks
/// failed and why (<see cref="CanaryVerdict"/>). The node's name and a NACK's error come from the network, a route or
/// routing test name from Git: each is kept as one bounded line, so the review of a pull request against the halted
/// branch can say why, also after a restart.
/// </summary>
internal sealed record CanaryHalt(string Commit, long Revision, string Node, string Reason)
{
    /// <summary>How much of a node's name is kept.</summary>
    public const int MaxNode = 64;

    /// <summary>How much of the reason is kept.</summary>
    public const int MaxReason = 200;

    public static CanaryHalt Of(string commit, long revision, CanaryVerdict verdict) =>
        new(commit, revision, BoundedText.Clean(verdict.Node, MaxNode), BoundedText.Clean(verdict.Reason, MaxReason));

    /// <summary>"node-a: route … answered 5xx …"; bounded again, the state file being a file anyone may edit.</summary>
    public string Describe() => $"{BoundedText.Clean(Node, MaxNode)}: {BoundedText.Clean(Reason, MaxReason)}";
}
