namespace GitGateway.Reconciler.Apply;

/// <summary>
/// A repository's saved state cannot be read (damaged JSON, a plan file missing or not a plan). The file is left
/// as it is: starting over from empty would re-apply and lose the revision history the nodes and checks refer to.
/// </summary>
internal sealed class ControlPlaneStateException(string path, string reason, Exception inner)
    : Exception($"{path}: {reason}", inner)
{
    public string Path { get; } = path;
}
