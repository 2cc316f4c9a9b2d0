namespace GitGateway.Reconciler.Apply;

/// <summary>How a canary bake ended: passed, or halted at <paramref name="Node"/> for <paramref name="Reason"/>.</summary>
internal sealed record CanaryVerdict(bool Passed, string? Node, string? Reason)
{
    public static CanaryVerdict Pass { get; } = new(true, null, null);

    public static CanaryVerdict Halt(string node, string reason) => new(false, node, reason);
}
